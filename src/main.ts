import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { appConfig, environment, InvalidEnvironmentError } from './config';
import { loadEnvFile } from './config/load-env-file';
import { removeStaleChromiumProfiles } from './rendering/stale-profiles';
import { assertDataDirWritable, DataDirUnwritableError } from './storage/data-dir';

/** exit codes of sysexits.h: bad configuration, and a folder that cannot be written. */
const EX_CONFIG = 78;
const EX_CANTCREAT = 73;

/** Runs a start-up check; the error it is known to throw stops Kasian with its message and exit code. */
function check(run: () => unknown, expected: new (...args: never[]) => Error, exitCode: number): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(exitCode);
  }
}

async function main(): Promise<void> {
  loadEnvFile();
  check(environment, InvalidEnvironmentError, EX_CONFIG);
  const config = appConfig();
  check(() => assertDataDirWritable(config.dataDir), DataDirUnwritableError, EX_CANTCREAT);
  const staleProfiles = removeStaleChromiumProfiles();
  const { createApp } = await import('./bootstrap');
  const app = await createApp();
  await app.listen(config.port, config.host);
  new Logger('Kasian').log(
    {
      event: 'start',
      version: config.version,
      nodeEnv: config.nodeEnv,
      database: environment().DATABASE_URL ? 'mysql' : 'sqlite',
      role: process.env.KASIAN_ROLE || 'web+worker',
      pid: process.pid,
      url: config.publicUrl,
      staleChromiumProfilesRemoved: staleProfiles.length,
    },
    `Kasian ${config.version} started`,
  );
  process.stdout.write(`Kasian พร้อมใช้งานที่ / is listening on ${config.publicUrl} (health: ${config.publicUrl}/health)\n`);
}

void main();
