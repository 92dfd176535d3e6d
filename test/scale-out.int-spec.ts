import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, databaseOptions } from '../src/database/database-options';
import { enqueue } from '../src/outbox/outbox';
import { OutboxRunner } from '../src/outbox/outbox-runner';
import { ScheduledJobs } from '../src/outbox/scheduled-jobs';
import { HttpClient } from './support/http-client';
import { approvedMemo, signInAll, type People } from './support/journey';
import { startKasianProcess, type KasianProcess } from './support/kasian-process';
import { startS3, type TestS3 } from './support/s3-server';

/** The operator's token: /health/ready shows its checks to it. */
const HEALTH_TOKEN = 'scale-out-operator-token-0123456789';
import { freshDatabase, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Waits for `condition` to hold, checking every 100 ms; fails naming `what` after `limitMs`. */
async function until<T>(what: string, condition: () => Promise<T | null | undefined | false>, limitMs = 120_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The same signed-in person, talking to another instance (the load balancer sent them elsewhere). */
function onInstance(client: HttpClient, baseUrl: string): HttpClient {
  const moved = new HttpClient(baseUrl);
  moved.cookie = client.cookie;
  moved.csrfToken = client.csrfToken;
  return moved;
}

/**
 * The deployment of docs/operations.md in miniature: two web processes and workers on one MariaDB, files in an S3
 * bucket (a real S3 server on loopback). Web A is this test's own process; web B and the workers are separate
 * processes started as `npm start` starts Kasian.
 */
describe('two web processes and a worker on one MariaDB and one bucket', () => {
  let s3: TestS3;
  let webA: TestApp;
  let webB: KasianProcess;
  let workers: KasianProcess[] = [];
  let org: SeededOrganization;
  let p: People;
  let scratch: string;
  let shared: Record<string, string>;

  beforeAll(async () => {
    s3 = await startS3();
    webA = await startTestApp('mysql', { ...s3.env, KASIAN_ROLE: 'web' });
    // PUBLIC_URL is the load balancer's address, the same for every process (links, QR codes).
    shared = { ...webA.databaseEnv, ...s3.env, PUBLIC_URL: webA.baseUrl, OUTBOX_POLL_MS: '100', OUTBOX_LEASE_SECONDS: '3', HEALTH_TOKEN };
    webB = await startKasianProcess({ ...shared, KASIAN_ROLE: 'web' });
    org = await seedOrganization(webA, 'scaleout');
    p = await signInAll(webA, org);
    scratch = mkdtempSync(join(tmpdir(), 'kasian-scaleout-'));
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await webB?.stop();
    await webA?.close();
    await s3?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('submitted on A, approved on B, rendered by a worker that is killed mid-render and by the next one, served with ranges by both', async () => {
    const id = (await p.author.post('/api/reports/import', JSON.parse(readFileSync(join(__dirname, 'fixtures/seed-003-memo-implementation.json'), 'utf8')))).body.id as string;
    expect((await p.author.post(`/api/memos/${id}/transitions`, { event: 'SUBMIT' })).status).toBe(200);
    // The session cookie made on A is good on B: sessions are rows in the shared database.
    const deputyOnB = onInstance(p.deputy, webB.baseUrl!);
    const mayorOnB = onInstance(p.mayor, webB.baseUrl!);
    expect((await deputyOnB.post(`/api/memos/${id}/transitions`, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอ' })).status).toBe(200);
    expect((await mayorOnB.post(`/api/memos/${id}/transitions`, { event: 'APPROVE', comment: 'ทราบ อนุมัติ' })).status).toBe(200);

    // The first worker's Chromium never comes up: its render job is claimed and stays mid-render until the kill.
    const marker = join(scratch, 'chromium-started');
    const hanging = join(scratch, 'hanging-chromium.sh');
    writeFileSync(hanging, `#!/bin/sh\necho $$ > "${marker}"\nexec sleep 600\n`);
    chmodSync(hanging, 0o755);
    const first = await startKasianProcess({ ...shared, KASIAN_ROLE: 'worker', PUPPETEER_EXECUTABLE_PATH: hanging });
    workers.push(first);
    await until('the first worker to start rendering', async () => existsSync(marker) && readFileSync(marker, 'utf8').trim());
    const dataSource = webA.app.get(DataSource);
    const renderJob = async () =>
      (await dataSource.query(`SELECT status, attempts, locked_by, last_error FROM outbox_jobs WHERE kind = 'render' AND dedupe_key LIKE ?`, [`%${id}%`]))[0];
    const claimed = await renderJob();
    expect(claimed).toMatchObject({ status: 'running' });
    // Taken by the worker, not by either web process.
    expect(claimed.locked_by).toContain(`:${first.pid}:`);
    await first.kill();
    process.kill(Number(readFileSync(marker, 'utf8')), 'SIGKILL');

    const health = await (await fetch(`${webB.baseUrl}/health/ready`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } })).json();
    expect(health.checks.outbox).toMatchObject({ up: true, details: { role: 'web', runsJobs: false } });
    expect(health.checks.outbox.details.due + health.checks.outbox.details.running).toBeGreaterThanOrEqual(1);
    expect(health.checks.storage).toMatchObject({ up: true, details: { kind: 's3', writable: true } });

    const second = await startKasianProcess({ ...shared, KASIAN_ROLE: 'worker' });
    workers.push(second);
    await until('the second worker to finish the render', async () => (await p.author.get(`/api/reports/${id}`)).body.status === 'ready');
    expect(await renderJob()).toMatchObject({ status: 'done', attempts: 2, locked_by: null });

    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    const path = `${new URL(published.body.url).pathname}.pdf`;
    const whole = Buffer.from(await (await fetch(`${webB.baseUrl}${path}`)).arrayBuffer());
    expect(sha256(whole)).toBe(published.body.sha256);
    for (const base of [webA.baseUrl, webB.baseUrl!]) {
      const part = await fetch(`${base}${path}`, { headers: { range: 'bytes=1000-1999' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('etag')).toBe(`"${published.body.sha256}"`);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(1000, 2000));
    }
    expect((await fetch(`${webA.baseUrl}${new URL(published.body.url).pathname}`)).status).toBe(200);
  });
});

describe('outbox leases across processes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await freshDatabase('mysql');
    dataSource = await createDataSource({ ...databaseOptions({ url: database.env.DATABASE_URL, dataDir: database.env.DATA_DIR }), migrationsRun: true }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  test('a job that runs longer than its lease keeps it: another worker does not take it meanwhile', async () => {
    await enqueue(dataSource.manager, [{ organizationId: '', kind: 'notify', payload: {}, dedupeKey: 'long-job' }]);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const holder = new OutboxRunner(dataSource, { notify: () => finished }, { leaseMs: 1500 });
    const other = new OutboxRunner(dataSource, { notify: async () => undefined }, { leaseMs: 1500 });
    const running = holder.runOnce();
    const leaseOf = async () => (await dataSource.query(`SELECT locked_until FROM outbox_jobs WHERE dedupe_key = 'long-job'`))[0]?.locked_until;
    const firstLease = await until('the job to be claimed', leaseOf, 30_000);
    // Renewed past the first lease's end while the handler still runs.
    await until('the lease to be renewed', async () => new Date(await leaseOf()).getTime() > new Date(firstLease).getTime() + 500, 30_000);
    expect(await other.runOnce()).toBe(0);
    finish();
    expect(await running).toBe(1);
    expect((await dataSource.query(`SELECT status, attempts FROM outbox_jobs WHERE dedupe_key = 'long-job'`))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  test('a scheduled job is enqueued by every worker and run once per period: housekeeping removes expired sessions', async () => {
    // Sessions of a user that is not there: no organisation is needed to see them removed.
    await dataSource.transaction(async (manager) => {
      await manager.query('SET FOREIGN_KEY_CHECKS = 0');
      for (const [tokenHash, expiresAt] of [['e'.repeat(64), new Date(Date.now() - 60_000)], ['f'.repeat(64), new Date(Date.now() + 3600_000)]] as const) {
        await manager.query('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [tokenHash, 'u-1', 'x', new Date(), expiresAt]);
      }
      await manager.query('SET FOREIGN_KEY_CHECKS = 1');
    });
    const now = Date.UTC(2026, 11, 1, 10, 30);
    // Two worker processes, each with its own schedule, in the same hour.
    const schedules = [new ScheduledJobs(dataSource), new ScheduledJobs(dataSource)];
    for (const schedule of schedules) await schedule.enqueueDue(now);
    await schedules[1].enqueueDue(now + 60_000);
    const jobs = await dataSource.query(`SELECT dedupe_key FROM outbox_jobs WHERE kind = 'scheduled'`);
    expect(jobs).toEqual([{ dedupe_key: `scheduled:housekeeping:${Math.floor(now / 3600_000)}` }]);
    const runners = schedules.map((schedule) => new OutboxRunner(dataSource, { scheduled: schedule.handle }));
    expect((await Promise.all(runners.map((runner) => runner.drain()))).reduce((a, b) => a + b)).toBe(1);
    expect((await dataSource.query('SELECT token_hash FROM sessions')).map((r: { token_hash: string }) => r.token_hash)).toEqual(['f'.repeat(64)]);
    // The next hour is another job.
    await schedules[0].enqueueDue(now + 3600_000);
    expect(Number((await dataSource.query(`SELECT COUNT(*) AS n FROM outbox_jobs WHERE kind = 'scheduled'`))[0].n)).toBe(2);
  });

  test('processes starting together on an empty database migrate it once', async () => {
    const fresh = await freshDatabase('mysql');
    const options = { ...databaseOptions({ url: fresh.env.DATABASE_URL, dataDir: fresh.env.DATA_DIR }) };
    const { runMigrationsLocked } = await import('../src/database/migrate');
    const sources = await Promise.all([1, 2, 3].map(() => createDataSource(options).initialize()));
    try {
      await Promise.all(sources.map((source) => runMigrationsLocked(source)));
      const [{ n }] = await sources[0].query('SELECT COUNT(*) AS n FROM migrations');
      expect(Number(n)).toBe(sources[0].migrations.length);
    } finally {
      for (const source of sources) await source.destroy();
      await fresh.drop();
    }
  });
});
