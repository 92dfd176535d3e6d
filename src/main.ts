import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { appConfig, environment, InvalidEnvironmentError, workConfig } from './config';
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
  // DATA_DIR holds the embedded database and local files; a MySQL + S3 deployment does not use it.
  const usesDataDir = !environment().DATABASE_URL || environment().STORAGE === 'local';
  if (usesDataDir) check(() => assertDataDirWritable(config.dataDir), DataDirUnwritableError, EX_CANTCREAT);
  const staleProfiles = removeStaleChromiumProfiles();
  const { createApp } = await import('./bootstrap');
  const app = await createApp();
  const role = workConfig().role;
  const started = (listening: boolean) =>
    new Logger('Kasian').log(
      {
        event: 'start',
        version: config.version,
        nodeEnv: config.nodeEnv,
        database: environment().DATABASE_URL ? 'mysql' : 'sqlite',
        role,
        pid: process.pid,
        url: listening ? config.publicUrl : null,
        staleChromiumProfilesRemoved: staleProfiles.length,
      },
      `Kasian ${config.version} started (${role})`,
    );
  if (role === 'worker') {
    // Outbox and rendering only: the modules start (and the outbox worker with them), no port is opened.
    await app.init();
    started(false);
    process.stdout.write('Kasian worker ทำงานแล้ว / is running the outbox and rendering (no HTTP listener)\n');
    return;
  }
  await app.listen(config.port, config.host);
  started(true);
  process.stdout.write(`Kasian พร้อมใช้งานที่ / is listening on ${config.publicUrl} (health: ${config.publicUrl}/health)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Kasian could not start / เริ่มระบบไม่สำเร็จ: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
