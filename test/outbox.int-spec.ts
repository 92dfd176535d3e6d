import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, databaseOptions } from '../src/database/database-options';
import { enqueue } from '../src/outbox/outbox';
import { OutboxRunner } from '../src/outbox/outbox-runner';
import { OutboxJob } from '../src/outbox/outbox-job.entity';
import { DIALECTS, freshDatabase } from './support/test-app';

/** Starts a worker process; `ready` resolves when it polls, `done` with its exit code. */
function runWorker(env: Record<string, string>): { ready: Promise<void>; done: Promise<number> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'support/outbox-worker-process.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.on('error', reject);
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
  return { ready, done };
}

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    dataSource = await createDataSource({
      ...databaseOptions({ url: database.env.DATABASE_URL, dataDir: database.env.DATA_DIR }),
      migrationsRun: true,
    }).initialize();
    await dataSource.query('CREATE TABLE probe_runs (job_id VARCHAR(36) NOT NULL, worker VARCHAR(64) NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  test('two worker processes run 200 jobs, each exactly once', async () => {
    const workers = [runWorker(database.env), runWorker(database.env)];
    await Promise.all(workers.map((w) => w.ready));
    await dataSource.transaction((manager) =>
      enqueue(
        manager,
        Array.from({ length: 200 }, (_, i) => ({ organizationId: 'org', kind: 'notify' as const, payload: { i }, dedupeKey: `probe-${i}` })),
      ),
    );
    await dataSource.query(`UPDATE outbox_jobs SET kind = 'probe'`);
    const codes = await Promise.all(workers.map((w) => w.done));
    expect(codes).toEqual([0, 0]);
    const runs: { job_id: string; worker: string }[] = await dataSource.query('SELECT job_id, worker FROM probe_runs');
    expect(runs).toHaveLength(200);
    expect(new Set(runs.map((r) => r.job_id)).size).toBe(200);
    // Both processes took part.
    expect(new Set(runs.map((r) => r.worker)).size).toBe(2);
    const statuses = await dataSource.query(`SELECT status, COUNT(*) AS n FROM outbox_jobs GROUP BY status`);
    expect(statuses.map((s: any) => [s.status, Number(s.n)])).toEqual([['done', 200]]);
  });

  test('a failing job is retried with backoff and never blocks the others; a dead worker’s lease expires', async () => {
    await dataSource.query('DELETE FROM outbox_jobs');
    await dataSource.transaction((manager) =>
      enqueue(manager, [
        { organizationId: 'org', kind: 'notify', payload: { fail: true }, dedupeKey: 'fails' },
        { organizationId: 'org', kind: 'notify', payload: { fail: false }, dedupeKey: 'works' },
      ]),
    );
    const seen: string[] = [];
    const runner = new OutboxRunner(dataSource, {
      notify: async (job) => {
        seen.push(job.dedupeKey);
        if (job.payload.fail) throw new Error('mail server refused');
      },
    }, { backoffBaseMs: 60_000 });
    expect(await runner.drain()).toBe(2);
    const rows = await dataSource.query(`SELECT dedupe_key, status, attempts, last_error, run_after FROM outbox_jobs ORDER BY dedupe_key`);
    expect(rows.map((r: any) => [r.dedupe_key, r.status, Number(r.attempts), r.last_error])).toEqual([
      ['fails', 'pending', 1, 'mail server refused'],
      ['works', 'done', 1, null],
    ]);
    expect(new Date(rows[0].run_after).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(seen.sort()).toEqual(['fails', 'works']);

    // A worker that claimed a job and died: once its lease has expired, another worker takes the job.
    await dataSource
      .getRepository(OutboxJob)
      .update({ dedupeKey: 'fails' }, { status: 'running', lockedBy: 'dead-worker', lockedUntil: new Date(Date.now() - 1000), runAfter: new Date(Date.now() - 1000) });
    const rescuer = new OutboxRunner(dataSource, { notify: async () => undefined });
    expect(await rescuer.drain()).toBe(1);
    const [rescued] = await dataSource.query(`SELECT status, attempts FROM outbox_jobs WHERE dedupe_key = 'fails'`);
    expect([rescued.status, Number(rescued.attempts)]).toEqual(['done', 2]);
  });
});
