import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { HttpClient } from './support/http-client';
import { startKasianProcess, type KasianProcess } from './support/kasian-process';
import { seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const MB = 1024 * 1024;
const UPLOADS = 20;
const UPLOAD_BYTES = 45 * MB;

/** POST /verify with a multipart body of `bytes` bytes streamed from one repeated chunk (the test holds 1 MB, not 45). */
function streamUpload(baseUrl: string, bytes: number, chunk: Buffer): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl);
  const boundary = `----kasian${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/verify',
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + bytes + tail.length, accept: 'text/html' },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

/**
 * Kasian as an operator runs it — `src/main.ts` in a process of its own, logging to stdout at LOG_LEVEL=info — read
 * by the test: a start line, one line per security event, bounded memory under big uploads, a shutdown line.
 */
describe('Kasian in a process of its own: its log and its memory', () => {
  let seeder: TestApp;
  let org: SeededOrganization;
  let kasian: KasianProcess;
  const newPassword = 'a-brand-new-password-42';
  const resetPassword = 'reset-by-the-admin-77';

  beforeAll(async () => {
    // The organisation is created through the services (in this process); the Kasian under test shares its database.
    seeder = await startTestApp('mysql', { OUTBOX_ENABLED: 'false' });
    org = await seedOrganization(seeder, 'ops');
    kasian = await startKasianProcess({
      ...seeder.databaseEnv,
      LOG_LEVEL: 'info',
      // Set here, whatever other suites left in this worker's environment.
      REQUEST_TIMEOUT_MS: '15000',
      VERIFY_MAX_MB: '50',
      KASIAN_ROLE: 'all',
      OUTBOX_ENABLED: 'true',
      TRUST_PROXY: 'loopback',
      LOGIN_FREE_FAILURES: '1',
      LOGIN_FIRST_DELAY_SECONDS: '600',
      VERIFY_UPLOADS_PER_MINUTE: String(UPLOADS + 2),
      OUTBOX_POLL_MS: '200',
      SMTP_URL: '',
    });
  }, 180_000);

  afterAll(async () => {
    if (kasian?.child.exitCode === null) await kasian.kill();
    await seeder?.close();
  });

  const client = (ip?: string) => new HttpClient(kasian.baseUrl!, ip ? { 'x-forwarded-for': ip } : {});
  const signedIn = async (who: { username: string; password: string }) => {
    const c = client();
    expect((await c.login(who.username, who.password)).status).toBe(200);
    return c;
  };
  /** Events seen, each to be found exactly once in the whole log (checked once later lines have arrived). */
  const seen: [string, string][] = [];
  /** The line of this event for this request (the log reaches the test through a pipe, so it is waited for). */
  const lineOf = (event: string, requestId: string) => {
    seen.push([event, requestId]);
    return kasian.log.waitFor((line) => line.event === event && line.requestId === requestId, 10_000, `a ${event} line for request ${requestId}`);
  };
  const expectEachSeenOnce = () => {
    for (const [event, requestId] of seen.splice(0)) expect([event, kasian.log.events(event, requestId).length]).toEqual([event, 1]);
  };

  test('a start line names the version, the database and the role', async () => {
    const start = await kasian.log.waitFor((line) => line.event === 'start', 10_000, 'the start line');
    expect(start).toMatchObject({ event: 'start', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: 'mysql', role: expect.any(String), level: 30 });
  });

  test('every security event is one log line with the request id and the actor, and no secret', async () => {
    const { author, admin, deputy, mayor } = org.users;
    const guesser = client('198.51.100.60');
    const attempt = (password: string) => guesser.request('POST', '/api/auth/login', { username: author.username, password });

    // A failed sign-in, then (past the one free failure) the hold-back, then a refused attempt.
    const failed = await attempt('wrong-guess-1');
    expect(failed.status).toBe(401);
    expect(await lineOf('auth.login_failed', failed.body.requestId)).toMatchObject({ ip: '198.51.100.60', userId: author.id, reason: 'wrong_password' });
    const held = await attempt('wrong-guess-2');
    expect(held.status).toBe(401);
    expect(await lineOf('auth.lockout', held.body.requestId)).toMatchObject({ ip: '198.51.100.60', scope: 'address+account', delaySeconds: 600 });
    const refused = await attempt(author.password);
    expect(refused.status).toBe(429);
    expect(await lineOf('auth.login_refused', refused.body.requestId)).toMatchObject({ ip: '198.51.100.60', retryAfterSeconds: expect.any(Number) });

    // A CSRF refusal and a 403, each with the signed-in actor.
    const authorClient = await signedIn(author);
    const forged = await authorClient.withoutCsrf().post('/api/auth/logout');
    expect(forged.status).toBe(403);
    expect(await lineOf('csrf.refused', forged.body.requestId)).toMatchObject({ actor: { userId: author.id, organizationId: org.organizationId, via: 'session' } });
    const forbidden = await authorClient.post('/api/people', { honorific: 'นาย', fullName: 'ไม่ควรสร้างได้', username: 'ops-nobody', password: 'long-enough-password', roles: ['author'] });
    expect(forbidden.status).toBe(403);
    expect(await lineOf('access.forbidden', forbidden.body.requestId)).toMatchObject({ actor: { userId: author.id } });

    // One's own new password.
    // (A request id of the caller's own is kept, and names the lines of answers that carry none.)
    const changed = await authorClient.post('/api/auth/password', { currentPassword: author.password, newPassword }, { 'x-request-id': 'ops-password-change' });
    expect(changed.status).toBe(204);
    expect(await lineOf('auth.password_changed', 'ops-password-change')).toMatchObject({ userId: author.id, actor: { userId: author.id } });

    // An admin resets the ปลัด's password and gives themselves an acting order for the นายก: both told by mail.
    const adminClient = await signedIn(admin);
    for (const [who, email] of [[deputy, 'deputy@ops.example'], [mayor, 'mayor@ops.example']] as const) {
      expect((await adminClient.patch(`/api/people/${who.id}`, { email })).status).toBe(200);
    }
    const reset = await adminClient.patch(`/api/people/${deputy.id}`, { password: resetPassword }, { 'x-request-id': 'ops-password-reset' });
    expect(reset.status).toBe(200);
    expect(await lineOf('admin.password_reset', 'ops-password-reset')).toMatchObject({ userId: deputy.id, actor: { userId: admin.id } });
    const acting = await adminClient.post('/api/acting-assignments', {
      positionId: org.positions.mayor,
      userId: admin.id,
      kind: 'acting',
      orderNumber: 'คำสั่ง อบต.ops ที่ ๑/๒๕๖๙',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    }, { 'x-request-id': 'ops-acting-order' });
    expect(acting.status).toBe(201);
    expect(await lineOf('admin.acting_order', 'ops-acting-order')).toMatchObject({
      actingAssignmentId: acting.body.id,
      actor: { userId: admin.id },
      actingUserId: admin.id,
      selfAssigned: true,
      positionHolderIds: [mayor.id],
    });
    // Without SMTP_URL the outbox writes each mail to the log: the ปลัด and the นายก are told.
    const mailTo = (to: string) => kasian.log.waitFor((l) => l.to === to && typeof l.text === 'string', 30_000, `the mail to ${to}`);
    expect((await mailTo('deputy@ops.example')).text).toContain('ตั้งรหัสผ่านใหม่');
    expect((await mailTo('mayor@ops.example')).text).toContain('รักษาราชการแทน');

    expectEachSeenOnce();
    // No line carries a password, a session cookie or a CSRF token.
    const everything = kasian.log.raw.join('\n');
    for (const secret of [author.password, newPassword, resetPassword, 'wrong-guess-1', 'wrong-guess-2', authorClient.cookie!.split('=')[1], authorClient.csrfToken!]) {
      expect(everything).not.toContain(secret);
    }
  }, 120_000);

  test(`${UPLOADS} parallel ${UPLOAD_BYTES / MB} MB uploads to POST /verify are hashed as they stream: Kasian's RSS grows by less than 100 MB`, async () => {
    const chunk = Buffer.alloc(MB);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 0xff;
    const expected = createHash('sha256');
    for (let sent = 0; sent < UPLOAD_BYTES; sent += MB) expected.update(chunk);
    const sha256 = expected.digest('hex');

    // Warmed up first (the route's first use compiles and allocates once), then the resident memory before.
    expect((await streamUpload(kasian.baseUrl!, MB, chunk)).status).toBe(200);
    const before = kasian.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, kasian.rss())), 25);
    let answers: { status: number; text: string }[];
    try {
      answers = await Promise.all(Array.from({ length: UPLOADS }, () => streamUpload(kasian.baseUrl!, UPLOAD_BYTES, chunk)));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, kasian.rss());
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      // Not a published document — and the digest shown is that of the bytes sent.
      expect(answer.text).toContain('ไม่ใช่เอกสารที่เผยแพร่ผ่านระบบ');
      expect(answer.text).toContain(sha256);
    }
    const growthMb = (peak - before) / MB;
    process.stdout.write(`verify uploads: RSS ${Math.round(before / MB)} MB before, ${Math.round(peak / MB)} MB at peak (+${growthMb.toFixed(1)} MB)\n`);
    expect(growthMb).toBeLessThan(100);

    // Past the size cap: 413, before the rest is read.
    const tooBig = await streamUpload(kasian.baseUrl!, 51 * MB, chunk);
    expect(tooBig.status).toBe(413);

    // Past the per-address rate: 429 with Retry-After, one log line. (Asked until refused: should the uploads have
    // taken longer than the minute, its count starts again.)
    const verifyBySha256 = () => client().request('POST', '/verify', new URLSearchParams({ sha256: 'a'.repeat(64) }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    let limited = await verifyBySha256();
    for (let i = 0; i < UPLOADS + 2 && limited.status === 200; i++) limited = await verifyBySha256();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await lineOf('rate_limited', limited.body.requestId)).toMatchObject({ limit: expect.stringContaining('verify') });
    await kasian.stop();
    expectEachSeenOnce();
  }, 180_000);

  test('SIGTERM: a shutdown line, then the process exits', async () => {
    await kasian.stop();
    expect(kasian.child.exitCode !== null || kasian.child.signalCode !== null).toBe(true);
    expect(kasian.log.events('shutdown')).toEqual([expect.objectContaining({ signal: 'SIGTERM', pid: kasian.pid })]);
  }, 60_000);
});
