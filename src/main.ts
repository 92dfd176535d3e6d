import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { appConfig, environment, InvalidEnvironmentError } from './config';
import { loadEnvFile } from './config/load-env-file';
import { removeStaleChromiumProfiles } from './rendering/stale-profiles';
import { assertDataDirWritable, DataDirUnwritableError } from './storage/data-dir';

/** exit codes of sysexits.h: bad configuration, and a folder that cannot be written. */
const EX_CONFIG = 78;
const EX_CANTCREAT = 73;

async function main(): Promise<void> {
  loadEnvFile();
  try {
    environment();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CONFIG);
    }
    throw error;
  }
  const config = appConfig();
  try {
    assertDataDirWritable(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirUnwritableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EX_CANTCREAT);
    }
    throw error;
  }
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
