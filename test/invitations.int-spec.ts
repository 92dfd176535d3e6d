import { DataSource } from 'typeorm';
import { AccountLink } from '../src/auth/account-link.entity';
import { AccountLinksService } from '../src/auth/account-links.service';
import { sha256Hex } from '../src/common/tokens';
import { HttpClient } from './support/http-client';
import { tokenOf } from './support/operator';
import { linkIn, SmtpSink } from './support/smtp-sink';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** Sets a password through a link's page, as a browser's form does; answers the redirect and the new session cookie. */
async function acceptInBrowserForm(link: string, password: string, confirm = password) {
  const response = await fetch(link, { method: 'POST', body: new URLSearchParams({ password, confirm }), redirect: 'manual' });
  const cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('kasian_session='));
  return { status: response.status, location: response.headers.get('location'), cookie, html: response.status === 303 ? '' : await response.text() };
}

describe.each(DIALECTS)('invitations and password resets on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let org: SeededOrganization;
  let admin: HttpClient;
  let db: DataSource;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startTestApp(dialect, { SMTP_URL: smtp.url, LOGIN_FREE_FAILURES: '6' });
    db = t.app.get(DataSource);
    org = await seedOrganization(t, 'phron');
    admin = new HttpClient(t.baseUrl);
    await admin.login(org.users.admin.username, org.users.admin.password);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const invite = (email: string, extra: Record<string, unknown> = {}) =>
    admin.post('/api/invitations', { honorific: 'นาง', fullName: 'อรทัย ทองคุปต์', email, roles: ['reviewer'], ...extra });

  test('an invitation is mailed, stored hashed, works once; a used link answers a clear Thai page', async () => {
    const sent = await invite('orathai@phron.go.th');
    expect(sent.status).toBe(201);
    expect(sent.body.delivery).toEqual({ mailed: true, link: null, notMailedReason: null });
    expect(sent.body.invitation).toMatchObject({ state: 'valid', sentTo: 'orathai@phron.go.th', person: { username: 'orathai', pending: true } });
    const mail = await smtp.mailTo('orathai@phron.go.th');
    expect(mail.subject).toContain('คำเชิญ');
    expect(mail.text).toContain('ชื่อผู้ใช้ของท่าน: orathai');
    const link = linkIn(mail, t.baseUrl);
    const row = await db.getRepository(AccountLink).findOneOrFail({ where: { id: sent.body.invitation.id }, select: { id: true, tokenHash: true, expiresAt: true, createdAt: true } });
    expect(row.tokenHash).toBe(sha256Hex(tokenOf(link)));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(72 * 3600_000);
    expect(JSON.stringify(await db.query('SELECT * FROM account_links'))).not.toContain(tokenOf(link));

    expect((await admin.get('/api/invitations?limit=200')).body.items.map((i: { person: { username: string } }) => i.person.username)).toContain('orathai');
    // The person cannot sign in before choosing a password.
    expect((await new HttpClient(t.baseUrl).login('orathai', 'anything-at-all')).status).toBe(401);

    const mismatch = await acceptInBrowserForm(link, 'ดอกมะลิ-ริมรั้ว-2569', 'something-else-2569');
    expect(mismatch.status).toBe(400);
    expect(mismatch.html).toContain('ไม่ตรงกัน');
    const common = await acceptInBrowserForm(link, 'password123');
    expect(common.status).toBe(400);
    expect(common.html).toContain('เดาได้ง่าย');
    const accepted = await acceptInBrowserForm(link, 'ดอกมะลิ-ริมรั้ว-2569');
    expect(accepted).toMatchObject({ status: 303, location: '/' });
    const me = await fetch(`${t.baseUrl}/api/auth/me`, { headers: { cookie: accepted.cookie! } });
    expect((await me.json()).user).toMatchObject({ username: 'orathai', organizationId: org.organizationId, roles: ['reviewer'], pending: false });
    expect((await new HttpClient(t.baseUrl).login('orathai@phron.go.th', 'ดอกมะลิ-ริมรั้ว-2569')).status).toBe(200);

    const again = await fetch(link);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('ลิงก์นี้ถูกใช้ไปแล้ว');
    expect((await admin.get('/api/invitations?limit=200')).body.items.map((i: { person: { username: string } }) => i.person.username)).not.toContain('orathai');
  });

  test('re-sending replaces the link; a revoked invitation answers a clear Thai page and its person is gone', async () => {
    const sent = await invite('kalong@phron.go.th', { fullName: 'กาหลง แดงสุวรรณ' });
    const first = linkIn(await smtp.mailTo('kalong@phron.go.th'), t.baseUrl);
    const resent = await admin.post(`/api/invitations/${sent.body.invitation.id}/resend`);
    expect(resent.status).toBe(200);
    const second = linkIn(await smtp.mailTo('kalong@phron.go.th', { after: 1 }), t.baseUrl);
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(410);
    expect((await fetch(second)).status).toBe(200);
    expect((await admin.delete(`/api/invitations/${resent.body.invitation.id}`)).status).toBe(204);
    const revoked = await fetch(second);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('ลิงก์นี้ถูกยกเลิกแล้ว');
    expect((await admin.get('/api/people?limit=200')).body.items.map((p: { username: string }) => p.username)).not.toContain('kalong');
  });

  test('an expired invitation answers a clear Thai page', async () => {
    const sent = await invite('expired@phron.go.th');
    const link = linkIn(await smtp.mailTo('expired@phron.go.th'), t.baseUrl);
    await db.getRepository(AccountLink).update({ id: sent.body.invitation.id }, { expiresAt: new Date(Date.now() - 1) });
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('ลิงก์นี้หมดอายุแล้ว');
    expect((await admin.get('/api/invitations?limit=200')).body.items.find((i: { id: string }) => i.id === sent.body.invitation.id).state).toBe('expired');
  });

  test('the reset answer is the same whether or not the account exists', async () => {
    const strip = ({ requestId: _id, ...rest }: Record<string, unknown>) => rest;
    const known = await new HttpClient(t.baseUrl).post('/api/auth/password-reset', { username: org.users.webmaster.username });
    const unknown = await new HttpClient(t.baseUrl).post('/api/auth/password-reset', { username: 'nobody-at-all' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(strip(known.body)).toEqual(strip(unknown.body));
    const knownPage = await fetch(`${t.baseUrl}/forgot-password`, { method: 'POST', body: new URLSearchParams({ username: org.users.webmaster.username }) });
    const unknownPage = await fetch(`${t.baseUrl}/forgot-password`, { method: 'POST', body: new URLSearchParams({ username: 'nobody-at-all' }) });
    expect(knownPage.status).toBe(unknownPage.status);
    expect((await knownPage.text()).replace(org.users.webmaster.username, 'X')).toBe((await unknownPage.text()).replace('nobody-at-all', 'X'));
  });

  test('a reset link (30 minutes, once) ends every session of the person; the admin can issue one too', async () => {
    // The seeded people have no e-mail: the admin gives the webmaster one.
    const webmaster = org.users.webmaster;
    expect((await admin.patch(`/api/people/${webmaster.id}`, { email: 'web@phron.go.th' })).status).toBe(200);
    const phone = new HttpClient(t.baseUrl);
    const desk = new HttpClient(t.baseUrl);
    await phone.login(webmaster.username, webmaster.password);
    await desk.login(webmaster.username, webmaster.password);
    await new HttpClient(t.baseUrl).post('/api/auth/password-reset', { username: 'WEB@phron.go.th' });
    await t.app.get(AccountLinksService).pendingResets;
    const mail = await smtp.mailTo('web@phron.go.th');
    expect(mail.subject).toContain('ตั้งรหัสผ่านใหม่');
    const link = linkIn(mail, t.baseUrl);
    const row = await db.getRepository(AccountLink).findOneOrFail({ where: { tokenHash: sha256Hex(tokenOf(link)) } });
    expect(row).toMatchObject({ purpose: 'password_reset', userId: webmaster.id });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60_000);
    expect((await phone.get('/api/auth/me')).status).toBe(200);

    const used = await new HttpClient(t.baseUrl).post('/api/auth/set-password', { token: tokenOf(link), password: 'ผู้ดูแลเว็บ-รหัสใหม่-2569' });
    expect(used.status).toBe(200);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await desk.get('/api/auth/me')).status).toBe(401);
    expect((await new HttpClient(t.baseUrl).login(webmaster.username, webmaster.password)).status).toBe(401);
    expect((await new HttpClient(t.baseUrl).login(webmaster.username, 'ผู้ดูแลเว็บ-รหัสใหม่-2569')).status).toBe(200);
    expect((await new HttpClient(t.baseUrl).post('/api/auth/set-password', { token: tokenOf(link), password: 'yet-another-pass-2569' })).status).toBe(410);

    const issued = await admin.post(`/api/people/${webmaster.id}/password-reset`);
    expect(issued.status).toBe(200);
    expect(issued.body.mailed).toBe(true);
    expect(linkIn(await smtp.mailTo('web@phron.go.th', { after: 1 }), t.baseUrl)).not.toBe(link);
    // Not for another organisation's person.
    const other = await seedOrganization(t, 'khuan');
    expect((await admin.post(`/api/people/${other.users.author.id}/password-reset`)).status).toBe(404);
  });

  test("a link does not bring back a person the admin deactivated since", async () => {
    const sent = await invite('leaver@phron.go.th', { fullName: 'ผู้ย้ายออก', username: 'leaver-person' });
    const link = linkIn(await smtp.mailTo('leaver@phron.go.th'), t.baseUrl);
    expect((await admin.patch(`/api/people/${sent.body.invitation.person.id}`, { active: false })).status).toBe(200);
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('ลิงก์นี้ถูกยกเลิกแล้ว');
    expect((await new HttpClient(t.baseUrl).post('/api/auth/set-password', { token: tokenOf(link), password: 'ย้ายออกแล้ว-2569' })).status).toBe(410);
  });

  test('reset requests are limited like sign-ins, with Retry-After', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) answers.push((await new HttpClient(t.baseUrl).post('/api/auth/password-reset', { username: 'limited-account' })).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 202, 429]);
    const limited = await new HttpClient(t.baseUrl).post('/api/auth/password-reset', { username: 'limited-account' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
