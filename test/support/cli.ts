import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs `npm run kasian -- …` as a process of its own, from the sources (ts-node, as `npm run kasian` runs the build),
 * against the database named by `env`: what an operator types on the server.
 */
export function kasianCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LOG_LEVEL: 'silent', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The one-time link a command printed on a line of its own. */
export function printedLink(stdout: string): string {
  const link = stdout.split('\n').find((line) => /^https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]{43}$/.test(line));
  if (!link) throw new Error(`no link in: ${stdout}`);
  return link;
}
