/**
 * A separate Kasian outbox worker process for the multi-process test: runs `probe` jobs, each of which records
 * (job id, worker id) in `probe_runs`, until none is left, then exits.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database-options';
import { OutboxRunner } from '../../src/workflow/outbox-runner';

async function main(): Promise<void> {
  const dataSource = await new DataSource(
    databaseOptions({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' }),
  ).initialize();
  const runner: OutboxRunner = new OutboxRunner(dataSource, {
    probe: async (job) => {
      await dataSource.query('INSERT INTO probe_runs (job_id, worker) VALUES (?, ?)', [job.id, runner.workerId]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    },
  }, { batchSize: 5 });
  let idle = 0;
  while (idle < 3) {
    const ran = await runner.runOnce();
    idle = ran === 0 ? idle + 1 : 0;
    if (ran === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await dataSource.destroy();
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
