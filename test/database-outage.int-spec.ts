import { Logger } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { DatabaseOutage } from '../src/health/database-outage';
import { HttpClient } from './support/http-client';
import { approvedMemo, attachStandInPdf, signInAll, type People } from './support/journey';
import { restartMariaDb, startMariaDb, stopMariaDbProcess, type ThrowawayMariaDb } from './support/mariadb-server';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** Short deadlines, so that the test waits seconds rather than the production defaults. */
const REQUEST_TIMEOUT_MS = 4000;
const LIMITS = {
  REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  HEALTH_TIMEOUT_MS: '2000',
  DATABASE_CONNECT_TIMEOUT_MS: '1000',
  DATABASE_QUERY_TIMEOUT_MS: '2500',
  HEALTH_TOKEN: 'operator-health-token-0123456789',
  OUTBOX_ENABLED: 'false',
};

/** A request that must complete: one left hanging fails the test when the client gives up on it. */
const CLIENT_PATIENCE_MS = REQUEST_TIMEOUT_MS + 20_000;

/**
 * Kasian while its database goes away: stopped, then frozen (SIGSTOP). The MariaDB is this suite's own, so stopping
 * it touches no other suite.
 */
describe('a database that goes away (MariaDB stopped, then frozen)', () => {
  let server: ThrowawayMariaDb;
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;
  let pdfPath: string;
  let pdf: Buffer;

  beforeAll(async () => {
    server = await startMariaDb();
    const shared = process.env.TEST_DATABASE_URL;
    process.env.TEST_DATABASE_URL = server.url;
    try {
      t = await startTestApp('mysql', LIMITS);
    } finally {
      process.env.TEST_DATABASE_URL = shared;
    }
    org = await seedOrganization(t, 'outage');
    p = await signInAll(t, org);
    const id = await approvedMemo(p);
    await attachStandInPdf(t, org.organizationId, id);
    const published = await p.webmaster.post(`/api/memos/${id}/publish`, {});
    expect(published.status).toBe(200);
    pdfPath = `${new URL(published.body.url).pathname}.pdf`;
    const served = await fetch(t.baseUrl + pdfPath);
    expect(served.status).toBe(200);
    pdf = Buffer.from(await served.arrayBuffer());
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (server) {
      await stopMariaDbProcess(server);
      rmSync(server.dir, { recursive: true, force: true });
    }
  }, 60_000);

  /** GET with a deadline of the client's own: a hung request rejects instead of holding the test. */
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(t.baseUrl + path, { headers, redirect: 'manual', signal: AbortSignal.timeout(CLIENT_PATIENCE_MS) });
  const staffPage = (path: string) => get(path, { cookie: p.author.cookie!, accept: 'text/html' });

  async function expectOutageAnswers(): Promise<void> {
    const [api, page, publicPage, file, live, ready, readyForOperator] = await Promise.all([
      get('/api/auth/me', { cookie: p.author.cookie! }),
      staffPage('/'),
      get('/p/outage', { accept: 'text/html' }),
      get(pdfPath, { cookie: p.author.cookie! }),
      get('/health'),
      get('/health/ready'),
      get('/health/ready', { authorization: `Bearer ${LIMITS.HEALTH_TOKEN}` }),
    ]);

    // The API: 503, Retry-After, a stable code and a Thai and an English message.
    expect(api.status).toBe(503);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await api.json();
    expect(['DATABASE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']).toContain(body.code);
    expect(body.message).toMatch(/[\u0E00-\u0E7F]/);
    expect(body.messageEn).toMatch(/^[^\u0E00-\u0E7F]+$/);

    // Pages: the Thai page, not JSON.
    for (const answer of [page, publicPage]) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.headers.get('content-type')).toContain('text/html');
      const html = await answer.text();
      expect(html).toContain('<html lang="th">');
      expect(html).toMatch(/ระบบขัดข้องชั่วคราว|ระบบตอบช้าเกินกำหนด/);
    }

    // What is stored keeps being served, also to a visitor with a staff session.
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    // Alive, not ready; the operator learns which check failed.
    expect(live.status).toBe(200);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'down' });
    const details = await readyForOperator.json();
    expect(details.status).toBe('down');
    expect(details.checks.database.up).toBe(false);
    expect(details.checks.storage.up).toBe(true);
  }

  async function expectBackToNormal(): Promise<void> {
    // The very first request after the database returns.
    const me = await get('/api/auth/me', { cookie: p.author.cookie! });
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(org.users.author.id);
    expect((await staffPage('/')).status).toBe(200);
  }

  /** The events logged meanwhile (the app logs through Nest's Logger; LOG_LEVEL=silent hides the lines themselves). */
  function recordEvents() {
    const events: { event: string; [field: string]: unknown }[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown, ..._rest: unknown[]) => {
        if (typeof (message as { event?: unknown })?.event === 'string') events.push(message as (typeof events)[number]);
      }),
    );
    return { of: (event: string) => events.filter((e) => e.event === event), restore: () => spies.forEach((s) => s.mockRestore()) };
  }

  test('stopped: 503 with Retry-After (Thai page or Thai and English JSON), published PDFs still served; the first request after it returns succeeds', async () => {
    const log = recordEvents();
    try {
      await stopMariaDbProcess(server);
      await expectOutageAnswers();
      // Asked again, once the outage is known.
      expect((await get('/api/auth/me', { cookie: p.author.cookie! })).status).toBe(503);
      expect((await get(pdfPath)).status).toBe(200);
      // Logged as a database outage, once for all the requests it refused.
      expect(log.of('database.outage')).toEqual([expect.objectContaining({ database: 'mysql' })]);
      server = await restartMariaDb(server);
      await expectBackToNormal();
      // …and its end once, when the recheck finds it back.
      for (let i = 0; i < 100 && t.app.get(DatabaseOutage).down; i++) await new Promise((r) => setTimeout(r, 200));
      expect(t.app.get(DatabaseOutage).down).toBe(false);
      expect(log.of('database.recovered')).toEqual([expect.objectContaining({ database: 'mysql', refused: expect.any(Number) })]);
      expect(log.of('database.outage')).toHaveLength(1);
    } finally {
      log.restore();
    }
  }, 120_000);

  test('frozen (SIGSTOP): every request is answered, 503 within the deadline, none hangs; after SIGCONT the first request succeeds', async () => {
    process.kill(server.pid, 'SIGSTOP');
    try {
      // More requests than the pool has connections, so that some wait for one that is stuck.
      const burst = await Promise.all(Array.from({ length: 25 }, () => get('/api/auth/me', { cookie: p.author.cookie! }).then((r) => r.status)));
      expect(burst).toEqual(Array(25).fill(503));
      await expectOutageAnswers();
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    await expectBackToNormal();
  }, 120_000);
});
