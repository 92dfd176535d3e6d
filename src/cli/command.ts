import type { INestApplicationContext } from '@nestjs/common';

/** One `npm run kasian -- <name> …` command. Add a file under commands/ and a line to commands/index.ts. */
export interface CliCommand {
  name: string;
  /** One line, Thai then English, for `npm run kasian -- help`. */
  summary: string;
  /** Its options (`--name value`), each a string; those listed in `required` must be given. */
  options: Record<string, { description: string }>;
  required?: string[];
  run(app: INestApplicationContext, options: Record<string, string | undefined>, out: (line: string) => void): Promise<void>;
}
