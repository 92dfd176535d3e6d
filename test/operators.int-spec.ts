import { DataSource } from 'typeorm';
import { AccountLink } from '../src/auth/account-link.entity';
import { sha256Hex } from '../src/common/tokens';
import { FirstOperatorHintModule, FIRST_OPERATOR_HINT } from '../src/platform/operators.module';
import { kasianCli, printedLink } from './support/cli';
import { HttpClient } from './support/http-client';
import { newDraft } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

/** Platform operators: created from the command line in production, a one-time link to set the password, no organisation. */
describe.each(DIALECTS)('platform operators on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let db: DataSource;
  let cliEnv: Record<string, string>;
  let operator: HttpClient;

  beforeAll(async () => {
    t = await startTestApp(dialect, { NODE_ENV: 'production' });
    db = t.app.get(DataSource);
    cliEnv = { ...t.databaseEnv, NODE_ENV: 'production', PUBLIC_URL: t.baseUrl };
  });
  afterAll(() => t?.close());

  test('on an empty production database the start-up hint says how to create the first operator', async () => {
    expect(await t.app.get(FirstOperatorHintModule).hint()).toBe(FIRST_OPERATOR_HINT);
    expect(FIRST_OPERATOR_HINT).toContain('npm run kasian -- create-operator --username U --email E');
  });

  test('create-operator prints a one-time link, stored only as its SHA-256; list-operators lists it', async () => {
    const created = await kasianCli(['create-operator', '--username', 'ops', '--email', 'Ops@Example.org'], cliEnv);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const link = printedLink(created.stdout);
    expect(link.startsWith(`${t.baseUrl}/set-password/`)).toBe(true);
    expect(created.stdout).not.toMatch(/password:/i);
    const rows = await db.query("SELECT l.token_hash, l.purpose, u.password_hash FROM account_links l JOIN users u ON u.id = l.user_id WHERE u.username = 'ops'");
    expect(rows).toEqual([{ token_hash: sha256Hex(tokenOf(link)), purpose: 'invitation', password_hash: '' }]);
    const dump = JSON.stringify(await db.query('SELECT * FROM account_links'));
    expect(dump).not.toContain(tokenOf(link));

    const listed = await kasianCli(['list-operators'], cliEnv);
    expect(listed.stdout).toContain('ops\tops@example.org\tยังไม่ได้ตั้งรหัสผ่าน');
    expect(await t.app.get(FirstOperatorHintModule).hint()).toBeNull();

    const twice = await kasianCli(['create-operator', '--username', 'ops', '--email', 'other@example.org'], cliEnv);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('มีผู้ดูแลแพลตฟอร์มชื่อผู้ใช้นี้แล้ว');
  });

  test('a new link revokes the old; the password must be long, uncommon and not the username; the link works once', async () => {
    const first = printedLink((await kasianCli(['operator-link', '--username', 'ops'], cliEnv)).stdout);
    const second = printedLink((await kasianCli(['operator-link', '--username', 'ops'], cliEnv)).stdout);
    const revoked = await fetch(first);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('ลิงก์นี้ถูกยกเลิกแล้ว');

    const form = await fetch(second);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('ชื่อผู้ใช้ของท่าน: <strong>ops</strong>');

    const api = new HttpClient(t.baseUrl);
    for (const [password, rule] of [['short', 'minLength'], ['1234567890', 'common'], ['ops', 'minLength'], ['qwertyuiop', 'common']] as const) {
      const refused = await api.post('/api/auth/set-password', { token: tokenOf(second), password });
      expect(refused.status).toBe(400);
      expect(refused.body.fields[0]).toMatchObject({ field: 'password', rule });
    }
    const accepted = await api.post('/api/auth/set-password', { token: tokenOf(second), password: 'แพลตฟอร์ม-ops-2569' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ username: 'ops', operator: true, organizationId: null, pending: false });
    operator = api;
    operator.csrfToken = accepted.body.csrfToken;
    expect((await operator.get('/api/auth/me')).body.user.operator).toBe(true);

    const again = await new HttpClient(t.baseUrl).post('/api/auth/set-password', { token: tokenOf(second), password: 'another-long-pass-2569' });
    expect(again.status).toBe(410);
    const page = await fetch(second);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('ลิงก์นี้ถูกใช้ไปแล้ว');
    // Signs in like anyone, by username or e-mail.
    expect((await new HttpClient(t.baseUrl).login('ops', 'แพลตฟอร์ม-ops-2569')).status).toBe(200);
    expect((await new HttpClient(t.baseUrl).login('ops@example.org', 'แพลตฟอร์ม-ops-2569')).status).toBe(200);
  });

  test('an expired link answers a clear Thai page', async () => {
    const link = printedLink((await kasianCli(['operator-link', '--username', 'ops'], cliEnv)).stdout);
    await db.getRepository(AccountLink).update({ tokenHash: sha256Hex(tokenOf(link)) }, { expiresAt: new Date(Date.now() - 1000) });
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('ลิงก์นี้หมดอายุแล้ว');
    const api = await new HttpClient(t.baseUrl).post('/api/auth/set-password', { token: tokenOf(link), password: 'another-long-pass-2569' });
    expect(api.status).toBe(410);
    expect(api.body.message).toContain('หมดอายุ');
    const unknown = await fetch(`${t.baseUrl}/set-password/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('ไม่พบลิงก์นี้');
  });

  test("the operator gets 404 for an organisation's drafts, memos, people and pages", async () => {
    org = await seedOrganization(t, 'phron');
    const author = new HttpClient(t.baseUrl);
    await author.login(org.users.author.username, org.users.author.password);
    const draft = await newDraft(author);
    for (const path of [`/api/reports/${draft}`, `/api/memos/${draft}/timeline`, '/api/reports', '/api/people', `/api/people/${org.users.admin.id}`, '/api/organization', `/api/organizations/${org.organizationId}`, `/memos/${draft}`, '/memos', '/admin']) {
      const answer = await operator.get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    expect((await operator.post('/api/reports/import', {})).status).toBe(404);
    // The operator's home is the platform's page.
    const home = await fetch(`${t.baseUrl}/`, { headers: { cookie: operator.cookie! }, redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/platform');
  });
});
