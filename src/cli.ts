import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { DomainError } from './common/domain-error';
import { environment, InvalidEnvironmentError } from './config';
import { loadEnvFile } from './config/load-env-file';
import type { CliCommand } from './cli/command';
import { COMMANDS } from './cli/commands';

/**
 * `npm run kasian -- <command> [--option value …]`: Kasian's command line (plain argv, node:util's parseArgs). It
 * opens the configured database (DATABASE_URL or the embedded SQLite under DATA_DIR, migrations applied) in an
 * application context without HTTP, so it works beside a running server, in production too.
 */
async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    usage(out, name && name !== 'help' ? name : null);
    return name && name !== 'help' ? 64 : 0;
  }
  let options: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({ args: rest, options: Object.fromEntries(Object.keys(command.options).map((o) => [o, { type: 'string' as const }])), strict: true, allowPositionals: false });
    options = parsed.values as Record<string, string | undefined>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    commandUsage(command, (line) => process.stderr.write(`${line}\n`));
    return 64;
  }
  const missing = (command.required ?? []).filter((o) => !options[o]);
  if (missing.length) {
    process.stderr.write(`ต้องระบุ / missing: ${missing.map((o) => `--${o}`).join(', ')}\n`);
    commandUsage(command, (line) => process.stderr.write(`${line}\n`));
    return 64;
  }
  loadEnvFile();
  try {
    environment();
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 78;
  }
  const { CliModule } = await import('./cli/cli.module');
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    await command.run(app, options, out);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`${error.userMessage.th} / ${error.userMessage.en}\n`);
    for (const f of error.fields) process.stderr.write(`  --${f.field}: ${f.message.th} / ${f.message.en}\n`);
    return 65;
  } finally {
    await app.close();
  }
}

function usage(out: (line: string) => void, unknown: string | null): void {
  if (unknown) out(`ไม่รู้จักคำสั่ง / unknown command: ${unknown}`);
  out('npm run kasian -- <command> [--option value …]');
  for (const command of COMMANDS) out(`  ${command.name.padEnd(18)} ${command.summary}`);
}

function commandUsage(command: CliCommand, out: (line: string) => void): void {
  out(`npm run kasian -- ${command.name} ${Object.keys(command.options).map((o) => ((command.required ?? []).includes(o) ? `--${o} …` : `[--${o} …]`)).join(' ')}`);
  for (const [option, { description }] of Object.entries(command.options)) out(`  --${option.padEnd(10)} ${description}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  },
);
