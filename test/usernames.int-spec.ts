import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { MIGRATIONS } from '../migrations';
import { UsernamePerOrganization1764700000000 } from '../migrations/1764700000000-UsernamePerOrganization';
import { createDataSource, databaseOptions } from '../src/database/database-options';
import { HttpClient, postSignInForm } from './support/http-client';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** Names across organisations: a username is unique within its organisation, and a sign-in says nothing about others. */
describe.each(DIALECTS)('usernames per organisation on %s', (dialect) => {
  let t: TestApp;
  let a: SeededOrganization;
  let b: SeededOrganization;
  const admins: Record<'a' | 'b', HttpClient> = {} as never;
  const somchai = { honorific: 'นาย', fullName: 'สมชาย ใจดี', username: 'somchai', roles: ['author'] };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await seedOrganization(t, 'phron');
    b = await seedOrganization(t, 'khuan');
    for (const [key, org] of [['a', a], ['b', b]] as const) {
      admins[key] = new HttpClient(t.baseUrl);
      expect((await admins[key].login(org.users.admin.username, org.users.admin.password)).status).toBe(200);
    }
  });
  afterAll(() => t.close());

  test('two organisations each have a somchai; each signs in with their organisation and sees only their own', async () => {
    const first = await admins.a.post('/api/people', { ...somchai, email: 'Somchai@Phron.go.th', password: 'phron-somchai-pass' });
    expect(first.status).toBe(201);
    expect(first.body.email).toBe('somchai@phron.go.th');
    // The second organisation's admin is not told that the name exists elsewhere.
    const second = await admins.b.post('/api/people', { ...somchai, email: 'somchai@khuan.go.th', password: 'khuan-somchai-pass' });
    expect(second.status).toBe(201);
    // Within one organisation the name is still taken.
    const again = await admins.b.post('/api/people', { ...somchai, username: 'somchai', password: 'khuan-somchai-pass' });
    expect(again.status).toBe(400);
    expect(again.body.fields[0]).toMatchObject({ field: 'username', rule: 'unique' });

    for (const [slug, password, org] of [['phron', 'phron-somchai-pass', a], ['khuan', 'khuan-somchai-pass', b]] as const) {
      const client = new HttpClient(t.baseUrl);
      expect((await client.login('somchai', password, slug)).status).toBe(200);
      const mine = await client.get('/api/organization');
      expect(mine.body.id).toBe(org.organizationId);
      const people = (await client.get('/api/people?limit=200')).body.items;
      expect(people.length).toBeGreaterThan(0);
      expect(people.map((p: { organizationId: string }) => p.organizationId)).toEqual(people.map(() => org.organizationId));
      const other = org === a ? b : a;
      expect((await client.get(`/api/organizations/${other.organizationId}`)).status).toBe(404);
    }
  });

  test('sign-in by e-mail (any case), by organisation slug, and without an organisation when the name is unique', async () => {
    expect((await new HttpClient(t.baseUrl).login('SOMCHAI@khuan.go.th', 'khuan-somchai-pass')).status).toBe(200);
    expect((await new HttpClient(t.baseUrl).login(a.users.author.username, a.users.author.password)).status).toBe(200);
    expect((await new HttpClient(t.baseUrl).login(a.users.author.username, a.users.author.password, 'phron')).status).toBe(200);
  });

  test('an ambiguous name, a wrong organisation and an unknown organisation answer as a wrong password does', async () => {
    const client = new HttpClient(t.baseUrl);
    const strip = ({ requestId: _id, ...rest }: Record<string, unknown>) => rest;
    const wrong = await client.request('POST', '/api/auth/login', { username: 'somchai', password: 'not-the-password', organization: 'phron' });
    const ambiguous = await client.request('POST', '/api/auth/login', { username: 'somchai', password: 'phron-somchai-pass' });
    const otherOrganization = await client.request('POST', '/api/auth/login', { username: a.users.author.username, password: a.users.author.password, organization: 'khuan' });
    const noSuchOrganization = await client.request('POST', '/api/auth/login', { username: 'somchai', password: 'phron-somchai-pass', organization: 'nowhere' });
    for (const answer of [wrong, ambiguous, otherOrganization, noSuchOrganization]) {
      expect(answer.status).toBe(401);
      expect(strip(answer.body)).toEqual(strip(wrong.body));
    }
  });

  test('the sign-in page takes the organisation from the address and posts it with the form', async () => {
    const page = await fetch(`${t.baseUrl}/login?org=phron`);
    const html = await page.text();
    expect(html).toContain('<input type="hidden" name="organization" value="phron">');
    // The browser posts the form it was given, with that page's CSRF cookie and token.
    const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('kasian_signin='))!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const form = new URLSearchParams({ username: 'somchai', password: 'phron-somchai-pass', organization: 'phron', next: '/', _csrf: csrf });
    const signedIn = await fetch(`${t.baseUrl}/login`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toContain('kasian_session=');
    const ambiguous = await postSignInForm(t.baseUrl, { username: 'somchai', password: 'phron-somchai-pass' });
    expect(ambiguous.status).toBe(401);
    expect(await ambiguous.text()).toContain('ให้ระบุหน่วยงาน');
  });
});

/** The migration keeps the people of a database made before it, on both dialects. */
describe.each(DIALECTS)('the username migration on %s', (dialect) => {
  test('people and their names survive; after it a second organisation may reuse a name', async () => {
    let url: string | undefined;
    let drop: () => Promise<void>;
    const dir = mkdtempSync(join(tmpdir(), 'kasian-migration-'));
    if (dialect === 'mysql') {
      const server = process.env.TEST_DATABASE_URL!;
      const name = `kasian_mig_${randomUUID().slice(0, 8)}`;
      const connection = await createConnection(server);
      await connection.query(`CREATE DATABASE \`${name}\``);
      await connection.end();
      url = new URL(name, server.endsWith('/') ? server : `${server}/`).toString();
      drop = async () => {
        const c = await createConnection(server);
        await c.query(`DROP DATABASE \`${name}\``);
        await c.end();
      };
    } else {
      drop = async () => undefined;
    }
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UsernamePerOrganization1764700000000));
    const old = createDataSource({ ...databaseOptions({ url, dataDir: dir }), migrations: before });
    await old.initialize();
    await old.runMigrations();
    const org = (id: string, slug: string) =>
      old.query(`INSERT INTO organizations (id, slug, name, short_name, kind, district, province, letter_code) VALUES ('${id}', '${slug}', 'อบต.${slug}', 'อบต.${slug}', 'sao', 'ตากใบ', 'นราธิวาส', 'นธ ๑')`);
    const first = randomUUID();
    const second = randomUUID();
    await org(first, 'first');
    await org(second, 'second');
    await old.query(`INSERT INTO users (id, organization_id, honorific, full_name, username, email, password_hash, roles) VALUES ('${randomUUID()}', '${first}', 'นาย', 'สมชาย', 'somchai', 'Somchai@First.go.th', 'x', 'author')`);
    await old.destroy();

    const current = createDataSource(databaseOptions({ url, dataDir: dir }));
    await current.initialize();
    try {
      await current.runMigrations();
      const rows = await current.query('SELECT username, email, organization_id, password_set_at FROM users');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ username: 'somchai', email: 'somchai@first.go.th', organization_id: first });
      expect(rows[0].password_set_at).not.toBeNull();
      await current.query(`INSERT INTO users (id, organization_id, honorific, full_name, username, password_hash, roles) VALUES ('${randomUUID()}', '${second}', 'นาย', 'สมชาย', 'somchai', 'x', 'author')`);
      await expect(
        current.query(`INSERT INTO users (id, organization_id, honorific, full_name, username, password_hash, roles) VALUES ('${randomUUID()}', '${second}', 'นาย', 'สมชาย', 'somchai', 'x', 'author')`),
      ).rejects.toThrow();
      // Foreign keys still hold after SQLite rebuilt the table.
      await expect(
        current.query(`INSERT INTO users (id, organization_id, honorific, full_name, username, password_hash, roles) VALUES ('${randomUUID()}', '${randomUUID()}', 'นาย', 'ใคร', 'nobody', 'x', 'author')`),
      ).rejects.toThrow();
    } finally {
      await current.destroy();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
