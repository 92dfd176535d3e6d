/**
 * A separate Kasian outbox worker process for the multi-process test: runs `probe` jobs, each of which records
 * (job id, worker id) in `probe_runs`, until none is left, then exits.
 */
import 'reflect-metadata';
import { createDataSource, databaseOptions } from '../../src/database/database-options';
import { OutboxRunner } from '../../src/outbox/outbox-runner';

async function main(): Promise<void> {
  const dataSource = await createDataSource(
    databaseOptions({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' }),
  ).initialize();
  const runner: OutboxRunner = new OutboxRunner(dataSource, {
    probe: async (job) => {
      await dataSource.query('INSERT INTO probe_runs (job_id, worker) VALUES (?, ?)', [job.id, runner.workerId]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    },
  }, { batchSize: 5 });
  // Tell the test we are up; it enqueues the jobs once both workers are, so that both take part.
  process.stdout.write('ready\n');
  let idle = 0;
  let ranAny = false;
  const deadline = Date.now() + 60_000;
  while ((!ranAny || idle < 3) && Date.now() < deadline) {
    const ran = await runner.runOnce();
    ranAny ||= ran > 0;
    idle = ran === 0 ? idle + 1 : 0;
    if (ran === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await dataSource.destroy();
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
