import 'reflect-metadata';
import { appConfig, environment, InvalidEnvironmentError, workConfig } from './config';
import { loadEnvFile } from './config/load-env-file';

async function main(): Promise<void> {
  loadEnvFile();
  try {
    environment();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const { createApp } = await import('./bootstrap');
  const app = await createApp();
  const config = appConfig();
  if (workConfig().role === 'worker') {
    // Outbox and rendering only: the modules start (and the outbox worker with them), no port is opened.
    await app.init();
    process.stdout.write('Kasian worker ทำงานแล้ว / is running the outbox and rendering (no HTTP listener)\n');
    return;
  }
  await app.listen(config.port, config.host);
  process.stdout.write(`Kasian พร้อมใช้งานที่ / is listening on ${config.publicUrl} (health: ${config.publicUrl}/health)\n`);
}

void main();
