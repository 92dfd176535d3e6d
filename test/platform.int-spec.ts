import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { LoginFailures1763820000000 } from '../migrations/1763820000000-LoginFailures';
import { sha256Hex } from '../src/common/tokens';
import { HttpClient, postSignInForm } from './support/http-client';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function upload(bytes: Buffer, name: string, type: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

describe.each(DIALECTS)('platform on %s', (dialect) => {
  let t: TestApp;
  let a: SeededOrganization;
  let b: SeededOrganization;

  beforeAll(async () => {
    // Readiness launches Chromium for its probe on first use: a loaded machine needs more than the 5 s default.
    t = await startTestApp(dialect, { HEALTH_TIMEOUT_MS: '30000' });
    a = await seedOrganization(t, 'orga');
    b = await seedOrganization(t, 'orgb');
  });
  afterAll(() => t.close());

  const signedIn = async (who: { username: string; password: string }) => {
    const client = new HttpClient(t.baseUrl);
    expect((await client.login(who.username, who.password)).status).toBe(200);
    return client;
  };

  test('/health (liveness) and /health/ready answer up, without details for the public', async () => {
    const live = await new HttpClient(t.baseUrl).get('/health');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'up' });
    const ready = await new HttpClient(t.baseUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'up' });
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });

  test('a wrong password and an unknown user get the same 401', async () => {
    const client = new HttpClient(t.baseUrl);
    const wrong = await client.request('POST', '/api/auth/login', { username: a.users.author.username, password: 'not-the-password' });
    const unknown = await client.request('POST', '/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = ({ requestId, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  test('passwords are stored as argon2id hashes', async () => {
    const rows = await t.app.get(DataSource).query('SELECT password_hash FROM users');
    expect(rows.length).toBe(10);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  test('a person of organisation A gets 404 for organisation B objects and never sees them in lists', async () => {
    const admin = await signedIn(a.users.admin);
    expect((await admin.get(`/api/positions/${b.positions.deputy}`)).status).toBe(404);
    expect((await admin.get(`/api/people/${b.users.author.id}`)).status).toBe(404);
    expect((await admin.get(`/api/people/${b.users.author.id}/signature`)).status).toBe(404);
    expect((await admin.get(`/api/organizations/${b.organizationId}`)).status).toBe(404);
    expect((await admin.patch(`/api/positions/${b.positions.deputy}`, { shortTitle: 'ถูกแก้' })).status).toBe(404);
    expect((await admin.patch(`/api/people/${b.users.author.id}`, { fullName: 'ถูกแก้' })).status).toBe(404);
    expect((await admin.get(`/api/organizations/${a.organizationId}`)).status).toBe(200);
    const people = (await admin.get('/api/people')).body.items as { id: string; organizationId: string }[];
    expect(people).toHaveLength(5);
    expect(people.every((p) => p.organizationId === a.organizationId)).toBe(true);
    const bAdmin = await signedIn(b.users.admin);
    expect((await bAdmin.get(`/api/people/${b.users.author.id}`)).body.fullName).toBe('orgb ผู้จัดทำ');
    expect((await bAdmin.get(`/api/positions/${b.positions.deputy}`)).body.shortTitle).toBe('ปลัด อบต.');
  });

  test('a state-changing cookie request without the CSRF token is refused and changes nothing', async () => {
    const admin = await signedIn(a.users.admin);
    const forged = await admin.withoutCsrf().post('/api/positions', { title: 'รองปลัด อบต.', shortTitle: 'รองปลัด' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CSRF_FAILED');
    const wrongToken = await admin.post('/api/positions', { title: 'รองปลัด อบต.', shortTitle: 'รองปลัด' }, { 'x-csrf-token': 'x'.repeat(32) });
    expect(wrongToken.status).toBe(403);
    expect(((await admin.get('/api/positions')).body.items as { title: string }[]).map((p) => p.title)).not.toContain('รองปลัด อบต.');
    const real = await admin.post('/api/positions', { title: 'รองปลัด อบต.', shortTitle: 'รองปลัด' });
    expect(real.status).toBe(201);
  });

  test('API tokens are shown once, stored hashed and work as bearer tokens until revoked', async () => {
    const author = await signedIn(a.users.author);
    const created = await author.post('/api/auth/tokens', { name: 'สคริปต์ทดสอบ' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^kas_[A-Za-z0-9_-]{40,}$/);
    const rows = await t.app.get(DataSource).query('SELECT token_hash FROM api_tokens');
    expect(rows.map((r: { token_hash: string }) => r.token_hash)).toContain(sha256Hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const listed = await author.get('/api/auth/tokens');
    expect(listed.text).not.toContain(token);
    expect(listed.body.items[0].prefix).toBe(token.slice(0, 10));

    const program = new HttpClient(t.baseUrl);
    program.bearer = token;
    const me = await program.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(a.users.author.username);
    // Bearer requests carry no cookie, so they need no CSRF token.
    expect((await program.post('/api/auth/tokens', { name: 'อีกอัน' })).status).toBe(201);

    expect((await author.delete(`/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await program.get('/api/auth/me')).status).toBe(401);
    const forger = new HttpClient(t.baseUrl);
    forger.bearer = 'kas_' + 'A'.repeat(43);
    expect((await forger.get('/api/auth/me')).status).toBe(401);
  });

  test('changing the password ends the other sessions but keeps this one', async () => {
    const first = await signedIn(a.users.webmaster);
    const second = await signedIn(a.users.webmaster);
    const wrongCurrent = await first.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'a-new-long-password' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.fields[0].field).toBe('currentPassword');
    expect((await second.get('/api/auth/me')).status).toBe(200);
    const changed = await first.post('/api/auth/password', { currentPassword: a.users.webmaster.password, newPassword: 'a-new-long-password' });
    expect(changed.status).toBe(204);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await new HttpClient(t.baseUrl).login(a.users.webmaster.username, 'a-new-long-password')).status).toBe(200);
  });

  test('logout ends the session', async () => {
    const client = await signedIn(a.users.deputy);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  test('bad input gets field-level Thai and English messages and changes nothing', async () => {
    const admin = await signedIn(a.users.admin);
    const before = (await admin.get('/api/positions')).body.items.length;
    const res = await admin.post('/api/positions', { title: 'ก'.repeat(201), shortTitle: '', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(res.body.fields.map((f: { field: string; rule: string; message: string; messageEn: string }) => [`${f.field}:${f.rule}`, f]));
    expect(byField['title:maxLength'].message).toBe('ยาวได้ไม่เกิน 200 ตัวอักษร');
    expect(byField['title:maxLength'].messageEn).toBe('must be at most 200 characters');
    expect(byField['shortTitle:isNotEmpty'].message).toBe('ต้องไม่เว้นว่าง');
    expect(byField['colour:whitelistValidation'].message).toBe('ไม่รู้จักช่องนี้');
    expect((await admin.get('/api/positions')).body.items.length).toBe(before);

    const notJson = await admin.request('POST', '/api/positions', '{"title":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    const huge = await admin.request('POST', '/api/positions', JSON.stringify({ title: 'x'.repeat(3 * 1024 * 1024) }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    // Refused before Kasian's modules run, yet answered like any other error: with its id and the security headers.
    const plain = await admin.request('POST', '/api/positions', 'title', { 'content-type': 'text/plain', 'x-request-id': 'support-ticket-42' });
    expect(plain.status).toBe(415);
    expect(plain.body.requestId).toBe('support-ticket-42');
    for (const early of [huge, notJson, plain]) {
      expect(early.body.requestId).toEqual(expect.any(String));
      expect(early.headers.get('x-content-type-options')).toBe('nosniff');
      expect(early.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  test('a position is held by at most one person', async () => {
    const admin = await signedIn(a.users.admin);
    const res = await admin.patch(`/api/people/${a.users.webmaster.id}`, { positionId: a.positions.deputy });
    expect(res.status).toBe(400);
    expect(res.body.fields[0]).toMatchObject({ field: 'positionId', rule: 'unique' });
  });

  test('signature images are type- and size-checked', async () => {
    const author = await signedIn(a.users.author);
    const path = `/api/people/${a.users.author.id}/signature`;
    expect((await author.put(path, upload(PNG_1x1, 'sig.png', 'image/png'))).status).toBe(204);
    const got = await author.get(path);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    const fake = await author.put(path, upload(Buffer.from('<script>alert(1)</script>'), 'sig.png', 'image/png'));
    expect(fake.status).toBe(415);
    expect(fake.body.fields[0].field).toBe('file');
    const big = await author.put(path, upload(Buffer.concat([PNG_1x1, Buffer.alloc(1024 * 1024)]), 'big.png', 'image/png'));
    expect(big.status).toBe(413);
    // Another person's signature: only admins may change it.
    const deputy = await signedIn(a.users.deputy);
    expect((await deputy.put(path, upload(PNG_1x1, 'sig.png', 'image/png'))).status).toBe(403);
    expect((await author.get('/api/auth/me')).body.user.hasSignature).toBe(true);
  });

  test('nothing personal may be cached: /api/auth/me, signatures, emblems and staff pages are no-store; the public site is cacheable', async () => {
    const author = await signedIn(a.users.author);
    const signature = `/api/people/${a.users.author.id}/signature`;
    expect((await author.put(signature, upload(PNG_1x1, 'sig.png', 'image/png'))).status).toBe(204);
    const admin = await signedIn(a.users.admin);
    expect((await admin.put('/api/organization/emblem', upload(PNG_1x1, 'emblem.png', 'image/png'))).status).toBe(204);
    for (const path of ['/api/auth/me', signature, '/api/organization/emblem', '/', '/memos']) {
      const res = await author.get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
    expect((await new HttpClient(t.baseUrl).get('/verify')).headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect((await new HttpClient(t.baseUrl).get('/assets/site.css')).headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  test('only admins manage people and positions', async () => {
    const author = await signedIn(a.users.author);
    const res = await author.post('/api/positions', { title: 'ผู้อำนวยการกองช่าง', shortTitle: 'ผอ.กองช่าง' });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('บทบาทของคุณไม่มีสิทธิ์ทำรายการนี้');
  });

  test('the OpenAPI description is served', async () => {
    const res = await new HttpClient(t.baseUrl).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/people/{id}', '/health']));
    expect((await new HttpClient(t.baseUrl).get('/api/docs')).status).toBe(200);
  });
});

const attempt = (client: HttpClient, username: string, password: string) => client.request('POST', '/api/auth/login', { username, password });

describe.each(DIALECTS)('login rate limits on %s', (dialect) => {
  let t: TestApp;
  let a: SeededOrganization;

  beforeAll(async () => {
    // TRUST_PROXY: a test that sends X-Forwarded-For has an IP of its own; the others come from 127.0.0.1.
    // A first hold-back of 10 minutes: no test depends on how fast it runs.
    t = await startTestApp(dialect, { LOGIN_FREE_FAILURES: '3', LOGIN_FIRST_DELAY_SECONDS: '600', LOGIN_MAX_FAILURES_PER_IP: '20', TRUST_PROXY: 'loopback' });
    a = await seedOrganization(t, 'rate');
  });
  afterAll(() => t.close());

  const from = (ip: string) => new HttpClient(t.baseUrl, { 'x-forwarded-for': ip });

  test('a forwarded address that is not an IP address is not recorded as one', async () => {
    const client = new HttpClient(t.baseUrl, { 'x-forwarded-for': `not-an-address-${'x'.repeat(100)}` });
    const { id, username, password } = a.users.webmaster;
    expect((await attempt(client, username, password)).status).toBe(200);
    // The proxy's own address (here the test's loopback) stands in for it.
    const sessions: { ip: string }[] = await t.app.get(DataSource).query('SELECT ip FROM sessions WHERE user_id = ?', [id]);
    expect(sessions.map((s) => s.ip)).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
  });

  test('past the free failures, the guessing address is held back from that account (429, Thai, Retry-After); the owner elsewhere is not', async () => {
    const guesser = from('198.51.100.20');
    const { username, password } = a.users.mayor;
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await attempt(guesser, username, `wrong-${i}`)).status);
    // Three free failures, a fourth that starts the hold-back, then refused without being checked.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const held = await attempt(guesser, username, password);
    expect(held.status).toBe(429);
    expect(held.body.code).toBe('TOO_MANY_REQUESTS');
    expect(held.body.message).toMatch(/^เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป/);
    expect(Number(held.headers.get('retry-after'))).toBe(held.body.details.retryAfterSeconds);
    expect(held.body.details.retryAfterSeconds).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out; the guesser may still sign in to other accounts.
    expect((await attempt(from('198.51.100.21'), username, password)).status).toBe(200);
    expect((await attempt(guesser, a.users.author.username, a.users.author.password)).status).toBe(200);
  });

  test('spellings that name the same account count as that account: case and spaces, with or without the organisation', async () => {
    const guesser = from('198.51.100.27');
    const { username } = a.users.webmaster;
    const upper = username.toUpperCase();
    const capital = username[0].toUpperCase() + username.slice(1);
    const bare = [username, ` ${upper} `, capital, `${username} `, upper];
    const statuses: number[] = [];
    for (const spelling of bare) statuses.push((await attempt(guesser, spelling, 'wrong')).status);
    // Three free failures, a fourth that starts the hold-back, a fifth refused unchecked: one account.
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // With the organisation it is a key of its own (it may name another account than the bare name does), and again
    // one for every spelling of both.
    const qualified = [['rate', username], [' RATE ', ` ${username}`], ['Rate', upper], ['rate ', capital], ['RATE', ` ${upper} `]];
    const withOrganization: number[] = [];
    for (const [organization, name] of qualified) {
      withOrganization.push((await guesser.request('POST', '/api/auth/login', { username: name, password: 'wrong', organization })).status);
    }
    expect(withOrganization).toEqual([401, 401, 401, 401, 429]);
  });

  test('failures from one IP across many usernames are limited too', async () => {
    const client = from('198.51.100.22');
    for (let i = 1; i <= 20; i++) expect((await attempt(client, `ghost-${i}`, 'x')).status).toBe(401);
    expect((await attempt(client, 'ghost-21', 'x')).status).toBe(429);
    expect((await attempt(client, a.users.author.username, a.users.author.password)).status).toBe(429);
  });

  test("a successful login forgets the address's failures for that account, not the address's own count", async () => {
    const client = from('198.51.100.23');
    const { username, password } = a.users.deputy;
    for (let round = 1; round <= 6; round++) {
      for (let i = 1; i <= 3; i++) expect((await attempt(client, username, `wrong-${round}-${i}`)).status).toBe(401);
      expect((await attempt(client, username, password)).status).toBe(200);
    }
    // 18 failures from this IP; the limit is 20.
    for (const ghost of ['ghost-a', 'ghost-b']) expect((await attempt(client, ghost, 'x')).status).toBe(401);
    expect((await attempt(client, username, password)).status).toBe(429);
  });

  test('guesses sent all at once cannot outrun the limit: of 15 simultaneous wrong passwords, 4 are checked', async () => {
    const client = from('198.51.100.24');
    const { username, password } = a.users.admin;
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(client, username, `guess-${i}`)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(4).fill(401), ...Array(11).fill(429)]);
    expect((await attempt(client, username, password)).status).toBe(429);
  });

  test('15 correct sign-ins at once for one account all succeed, while 10 wrong ones from another address hold back only that address', async () => {
    const { username, password } = a.users.author;
    const [owner, guesses] = await Promise.all([
      Promise.all(Array.from({ length: 15 }, () => attempt(from('198.51.100.25'), username, password))),
      Promise.all(Array.from({ length: 10 }, (_, i) => attempt(from('198.51.100.26'), username, `guess-${i}`))),
    ]);
    expect(owner.map((r) => r.status)).toEqual(Array(15).fill(200));
    expect(guesses.map((r) => r.status).sort()).toEqual([...Array(4).fill(401), ...Array(6).fill(429)]);
    expect((await attempt(from('198.51.100.26'), username, password)).status).toBe(429);
    expect((await attempt(from('198.51.100.25'), username, password)).status).toBe(200);
    expect((await attempt(from('198.51.100.27'), username, password)).status).toBe(200);
  });

  test('the sign-in form: without its CSRF token 403; its 429 carries Retry-After', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.28' };
    const forged = await fetch(`${t.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: a.users.mayor.username, password: a.users.mayor.password }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).not.toMatch(/kasian_session=/);
    expect(await forged.text()).toContain('role="alert"');
    for (let i = 1; i <= 4; i++) expect((await postSignInForm(t.baseUrl, { username: a.users.mayor.username, password: 'wrong' }, headers)).status).toBe(401);
    const held = await postSignInForm(t.baseUrl, { username: a.users.mayor.username, password: a.users.mayor.password }, headers);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await held.text()).toContain('เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป');
  });

  test('a sign-in form username longer than any account answers 401, not an error', async () => {
    const response = await postSignInForm(t.baseUrl, { username: `ผู้ใช้😀${'x'.repeat(300)}`, password: 'x' }, { 'x-forwarded-for': '198.51.100.2' });
    expect(response.status).toBe(401);
  });

  test(`the login_failures migration reverts and re-applies (a table on MySQL only)`, async () => {
    const dataSource = t.app.get(DataSource);
    const tables = async () =>
      (await dataSource.query(dialect === 'mysql' ? "SHOW TABLES LIKE 'login_failures'" : "SELECT name FROM sqlite_master WHERE name = 'login_failures'")).length;
    expect(await tables()).toBe(dialect === 'mysql' ? 1 : 0);
    // The migrations after it are reverted first and re-applied with it.
    const reverted = MIGRATIONS.length - MIGRATIONS.indexOf(LoginFailures1763820000000);
    for (let i = 0; i < reverted; i++) await dataSource.undoLastMigration();
    expect(await tables()).toBe(0);
    expect(await dataSource.runMigrations()).toHaveLength(reverted);
    expect(await tables()).toBe(dialect === 'mysql' ? 1 : 0);
    if (dialect === 'mysql') {
      // The columns RateLimiterMySQL creates for itself, in its order (it inserts without a column list).
      const columns: Record<string, string | null>[] = await dataSource.query(
        'SELECT column_name AS name, column_type AS type, is_nullable AS nullable, column_default AS defaultValue, column_key AS keyKind, collation_name AS collation ' +
          "FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'login_failures' ORDER BY ordinal_position",
      );
      // MariaDB reports a NULL default as the string 'NULL', MySQL as NULL.
      expect(columns.map((c) => ({ ...c, defaultValue: c.defaultValue === 'NULL' ? null : c.defaultValue }))).toEqual([
        { name: 'key', type: 'varchar(255)', nullable: 'NO', defaultValue: null, keyKind: 'PRI', collation: 'utf8mb4_bin' },
        { name: 'points', type: expect.stringMatching(/^int(\(\d+\))?$/), nullable: 'NO', defaultValue: '0', keyKind: '', collation: null },
        { name: 'expire', type: expect.stringMatching(/^bigint(\(20\))? unsigned$/), nullable: 'YES', defaultValue: null, keyKind: '', collation: null },
      ]);
    }
  });
});

describe('login rate limits across two Kasian instances on one MariaDB', () => {
  // Two apps on one database, each with its own limiter and connection pool: two processes behind a load balancer.
  let first: TestApp;
  let second: TestApp;
  let a: SeededOrganization;

  beforeAll(async () => {
    const env = { LOGIN_FREE_FAILURES: '2', LOGIN_FIRST_DELAY_SECONDS: '600', LOGIN_MAX_FAILURES_PER_IP: '6', TRUST_PROXY: 'loopback' };
    first = await startTestApp('mysql', env);
    second = await startTestApp('mysql', env, { sharing: first });
    a = await seedOrganization(first, 'pair');
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  /** One client per instance, both from `ip` as the load balancer forwards it. */
  const clientsFrom = (ip: string): [HttpClient, HttpClient] => [
    new HttpClient(first.baseUrl, { 'x-forwarded-for': ip }),
    new HttpClient(second.baseUrl, { 'x-forwarded-for': ip }),
  ];

  test("an address's failures for an account on both instances add up; past them both hold it back, not the owner elsewhere", async () => {
    const [one, two] = clientsFrom('203.0.113.1');
    const { username, password } = a.users.mayor;
    for (const client of [one, two, one]) expect((await attempt(client, username, 'wrong')).status).toBe(401);
    for (const client of [one, two]) {
      const held = await attempt(client, username, password);
      expect(held.status).toBe(429);
      expect(held.body.message).toMatch(/^เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป/);
      expect(held.body.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(held.headers.get('retry-after'))).toBe(held.body.details.retryAfterSeconds);
    }
    for (const client of clientsFrom('203.0.113.2')) expect((await attempt(client, username, password)).status).toBe(200);
  });

  test("an IP's failures on both instances add up; past the limit both answer 429", async () => {
    const [one, two] = clientsFrom('203.0.113.3');
    for (let i = 1; i <= 6; i++) expect((await attempt(i % 2 ? one : two, `ghost-${i}`, 'x')).status).toBe(401);
    const { username, password } = a.users.author;
    for (const client of [one, two]) expect((await attempt(client, username, password)).status).toBe(429);
    // The account itself is not blocked: from another IP it signs in.
    expect((await attempt(clientsFrom('203.0.113.4')[1], username, password)).status).toBe(200);
  });

  test("a successful login on one instance forgets the address's failures on the other", async () => {
    const [one, two] = clientsFrom('203.0.113.5');
    const { username, password } = a.users.deputy;
    for (let i = 1; i <= 2; i++) expect((await attempt(one, username, 'wrong')).status).toBe(401);
    expect((await attempt(two, username, password)).status).toBe(200);
    for (let i = 1; i <= 2; i++) expect((await attempt(one, username, 'wrong')).status).toBe(401);
    expect((await attempt(two, username, password)).status).toBe(200);
  });

  test('simultaneous failures on both instances are all counted, without errors; each instance lets at most one extra through', async () => {
    const { username, password } = a.users.webmaster;
    const [one, two] = clientsFrom('203.0.113.6');
    // Six at once, three per instance: each counter row is updated by both connection pools at the same time.
    const results = await Promise.all([one, two, one, two, one, two].map((client, i) => attempt(client, username, `wrong-${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Two free failures and the one that starts the hold-back, plus at most one per instance checked meanwhile.
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(checked).toBeLessThanOrEqual(4);
    for (const client of [one, two]) expect((await attempt(client, username, password)).status).toBe(429);
  });
});
