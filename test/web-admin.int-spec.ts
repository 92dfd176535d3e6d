import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../src/auth/auth-context';
import { DomainError } from '../src/common/domain-error';
import { UsersService } from '../src/users/users.service';
import { HttpClient, postSignInForm, rawGet } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

type Fields = Record<string, string | string[]>;

/** The admin's people pages over real HTTP: edit, deactivate and reactivate a person, rename a position. */
describe.each(DIALECTS)('admin people pages on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let other: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'adm');
    other = await seedOrganization(t, 'oth');
    p = await signInAll(t, org);
  });
  afterAll(() => t.close());

  /** A browser-like session: the cookie, and form posts carrying the CSRF token as the `_csrf` field (or not). */
  async function browser(who: { username: string; password: string }) {
    const client = new HttpClient(t.baseUrl);
    expect((await client.login(who.username, who.password)).status).toBe(200);
    const csrf = client.csrfToken!;
    const post = (path: string, fields: Fields, withCsrf = true) => {
      const body = new URLSearchParams(withCsrf ? [['_csrf', csrf]] : []);
      for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
      return client.withoutCsrf().post(path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    };
    return { client, post, get: (path: string) => client.get(path) };
  }

  const person = async (id: string) => (await p.admin.get(`/api/people/${id}`)).body as { fullName: string; honorific: string; email: string | null; roles: string[]; active: boolean; position: { id: string } | null };
  /** What the guard hands a service for an admin of the organisation (also one whose request is already under way). */
  const adminAuth = (userId = org.users.admin.id): AuthContext => ({ userId, organizationId: org.organizationId, roles: ['admin'], positionId: null, via: 'session' });
  const webLogin = (who: { username: string; password: string }) =>
    postSignInForm(t.baseUrl, { username: who.username, password: who.password });

  test('the people list links each person to a prefilled page; saving changes their name, e-mail and roles', async () => {
    const admin = await browser(org.users.admin);
    const id = org.users.author.id;
    const list = await admin.get('/admin');
    expect(list.text).toContain(`<a href="/admin/people/${id}" aria-label="แก้ไข นางadm ผู้จัดทำ">แก้ไข</a>`);
    const page = await admin.get(`/admin/people/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="adm ผู้จัดทำ"');
    expect(page.text).toMatch(/<option value="[^"]+" selected>หัวหน้าสำนักปลัด<\/option>/);
    expect(page.text).toContain('<input type="checkbox" name="roles" value="author" checked>');

    const saved = await admin.post(`/admin/people/${id}`, {
      honorific: 'นางสาว', fullName: ' สมหญิง แก้ชื่อ ', username: org.users.author.username, email: 'somying@example.go.th',
      roles: ['author', 'webmaster'], positionId: org.positions.author, password: '',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin?done=personSaved');
    const after = await admin.get('/admin?done=personSaved');
    expect(after.text).toContain('บันทึกข้อมูลบุคลากรแล้ว');
    expect(after.text).toContain('<td>นางสาวสมหญิง แก้ชื่อ</td>');
    expect(await person(id)).toMatchObject({ fullName: 'สมหญิง แก้ชื่อ', email: 'somying@example.go.th', roles: ['author', 'webmaster'], position: { id: org.positions.author } });
    // The author still signs in with the old password: nothing was asked of it.
    expect((await new HttpClient(t.baseUrl).login(org.users.author.username, org.users.author.password)).status).toBe(200);
  });

  test('a refused form comes back 400 with each Thai reason beside its field, what was typed kept, and nothing saved', async () => {
    const admin = await browser(org.users.admin);
    const id = org.users.webmaster.id;
    const before = await person(id);
    const bad = await admin.post(`/admin/people/${id}`, { honorific: 'นางสาว', fullName: '  ', username: org.users.webmaster.username, email: 'not-an-email', positionId: '', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบช่องที่ระบุ');
    expect(bad.text).toMatch(/name="fullName"[^>]*aria-invalid="true" aria-describedby="e-fullName">\s*<p class="field-error" id="e-fullName">ต้องไม่เว้นว่าง<\/p>/);
    expect(bad.text).toMatch(/name="email" type="email" value="not-an-email"[^>]*>\s*<p class="field-error" id="e-email">ต้องเป็นอีเมลที่ถูกต้อง<\/p>/);
    expect(bad.text).toContain('<p class="field-error" id="e-roles">ต้องมีอย่างน้อย 1 รายการ</p>');
    expect(bad.text).toContain('<p class="field-error" id="e-password">ต้องยาวอย่างน้อย 10 ตัวอักษร</p>');
    expect(await person(id)).toEqual(before);

    const taken = await admin.post(`/admin/people/${id}`, { honorific: 'นางสาว', fullName: 'adm เว็บ', username: org.users.webmaster.username, email: '', roles: 'webmaster', positionId: org.positions.deputy, password: '' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('<p class="field-error" id="e-positionId">ตำแหน่งนี้มีผู้ดำรงตำแหน่งอยู่แล้ว (นางadm ปลัด)</p>');
    expect(await person(id)).toEqual(before);
  });

  test('a new password set by the admin ends the person’s sessions and is the one that signs in', async () => {
    const admin = await browser(org.users.admin);
    const mayor = await browser(org.users.mayor);
    const id = org.users.mayor.id;
    const current = await person(id);
    const saved = await admin.post(`/admin/people/${id}`, { honorific: current.honorific, fullName: current.fullName, username: org.users.mayor.username, email: '', roles: current.roles, positionId: org.positions.mayor, password: 'a-brand-new-password' });
    expect(saved.status).toBe(303);
    expect((await mayor.get('/api/auth/me')).status).toBe(401);
    expect((await webLogin(org.users.mayor)).status).toBe(401);
    expect((await webLogin({ username: org.users.mayor.username, password: 'a-brand-new-password' })).status).toBe(303);
    await t.app.get(UsersService).update(adminAuth(), id, { password: org.users.mayor.password });
  });

  test('deactivate: sign-in refused with the usual message, the open session ends, the position is freed, past signatures stay; reactivate signs in again', async () => {
    const id = await newDraft(p.author, 'บันทึกก่อนปลัดย้าย');
    expect((await send(p.author, id, { event: 'SUBMIT' })).status).toBe(200);
    expect((await send(p.deputy, id, { event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอ' })).status).toBe(200);
    const auditBefore = (await p.admin.get(`/api/memos/${id}/audit`)).body.rows.length;

    const admin = await browser(org.users.admin);
    const deputy = await browser(org.users.deputy);
    expect((await deputy.get('/')).status).toBe(200);
    const page = await admin.get(`/admin/people/${org.users.deputy.id}`);
    expect(page.text).toContain('data-confirm="ยืนยันปิดการใช้งานบัญชีของ นางadm ปลัด? ผู้นี้จะเข้าสู่ระบบไม่ได้อีก"');

    const off = await admin.post(`/admin/people/${org.users.deputy.id}/active`, { active: 'false' });
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe('/admin?done=deactivated');
    expect((await admin.get('/admin')).text).toMatch(/<td>นางadm ปลัด<\/td>(?:(?!<\/tr>).)*<span class="badge warn">ปิดการใช้งาน<\/span>/);
    expect((await deputy.get('/')).status).toBe(303);
    expect((await deputy.get('/api/auth/me')).status).toBe(401);
    const refused = await webLogin(org.users.deputy);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
    expect((await person(org.users.deputy.id)).position).toBeNull();

    const reviews = (await p.author.get(`/api/memos/${id}/reviews`)).body.items as { id: string; signerName: string }[];
    expect(reviews.map((r) => r.signerName)).toContain('นางadm ปลัด');
    expect((await p.author.get(`/api/memos/${id}/reviews/${reviews[reviews.length - 1].id}/signature`)).status).toBe(200);
    expect((await p.admin.get(`/api/memos/${id}/audit`)).body).toMatchObject({ check: { intact: true }, rows: { length: auditBefore } });

    const on = await admin.post(`/admin/people/${org.users.deputy.id}/active`, { active: 'true' });
    expect(on.status).toBe(303);
    expect(on.headers.get('location')).toBe('/admin?done=reactivated');
    expect((await webLogin(org.users.deputy)).status).toBe(303);
    await t.app.get(UsersService).update(adminAuth(), org.users.deputy.id, { positionId: org.positions.deputy });
  });

  test('an admin cannot deactivate themselves, and the organisation always keeps one active admin', async () => {
    const admin = await browser(org.users.admin);
    const self = await admin.post(`/admin/people/${org.users.admin.id}/active`, { active: 'false' });
    expect(self.status).toBe(400);
    expect(self.text).toContain('<p class="field-error" id="e-active" role="alert">ไม่สามารถปิดการใช้งานบัญชีของตนเองได้');
    expect((await admin.get(`/admin/people/${org.users.admin.id}`)).text).toContain('ท่านไม่สามารถปิดการใช้งานบัญชีของตนเองได้');
    expect((await person(org.users.admin.id)).active).toBe(true);

    expect((await admin.post('/admin/people', { honorific: 'นาย', fullName: 'adm แอดมินสอง', username: 'adm-admin2', password: 'a-long-password-2', role: 'admin', positionId: '' })).status).toBe(303);
    const second = ((await p.admin.get('/api/people')).body.items as { id: string; username: string }[]).find((x) => x.username === 'adm-admin2')!;
    expect((await admin.post(`/admin/people/${second.id}/active`, { active: 'false' })).status).toBe(303);
    // A request of the second admin already under way when they were deactivated must not remove the last admin.
    const users = t.app.get(UsersService);
    for (const change of [{ active: false }, { roles: ['author' as const] }]) {
      const refused = await users.update(adminAuth(second.id), org.users.admin.id, change).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).fields).toEqual([expect.objectContaining({ rule: 'lastAdmin', message: expect.objectContaining({ th: expect.stringContaining('ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน') }) })]);
    }
    expect(await person(org.users.admin.id)).toMatchObject({ active: true, roles: ['admin'] });

    // Two admins deactivating each other at the same moment: one succeeds, the other is refused.
    expect((await admin.post(`/admin/people/${second.id}/active`, { active: 'true' })).status).toBe(303);
    const outcomes = await Promise.allSettled([users.update(adminAuth(), second.id, { active: false }), users.update(adminAuth(second.id), org.users.admin.id, { active: false })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ fields: [{ rule: 'lastAdmin' }] });
    const admins = (await users.list(adminAuth())).items.filter((x) => x.active && x.roles.includes('admin'));
    expect(admins).toHaveLength(1);
    const [survivor] = admins;
    await users.update(adminAuth(survivor.id), survivor.id === second.id ? org.users.admin.id : second.id, { active: true });
    await users.update(adminAuth(), second.id, { active: false });
    expect((await p.admin.login(org.users.admin.username, org.users.admin.password)).status).toBe(200);
  });

  test('another organisation’s admin gets 404 for the page and every post; a non-admin gets 403; a post without CSRF is refused', async () => {
    const id = org.users.webmaster.id;
    const before = await person(id);
    const outsider = await browser(other.users.admin);
    expect((await outsider.get(`/admin/people/${id}`)).status).toBe(404);
    expect((await outsider.get(`/admin/people/${randomUUID()}`)).status).toBe(404);
    expect((await outsider.get('/admin/people/not-an-id')).status).toBe(404);
    expect((await outsider.post(`/admin/people/${id}`, { honorific: 'นาย', fullName: 'ถูกแก้', username: 'taken-over', email: '', roles: 'admin', positionId: '', password: '' })).status).toBe(404);
    expect((await outsider.post(`/admin/people/${id}/active`, { active: 'false' })).status).toBe(404);
    expect((await outsider.post(`/admin/positions/${org.positions.author}`, { title: 'ถูกแก้', shortTitle: 'ถูกแก้', unit: '' })).status).toBe(404);

    const author = await browser(org.users.author);
    expect((await author.get(`/admin/people/${id}`)).status).toBe(403);
    expect((await author.post(`/admin/people/${id}`, { honorific: 'นาย', fullName: 'ถูกแก้', username: 'x-x-x', email: '', roles: 'admin', positionId: '', password: '' })).status).toBe(403);
    expect((await author.post(`/admin/people/${id}/active`, { active: 'false' })).status).toBe(403);

    const admin = await browser(org.users.admin);
    const forged = await admin.post(`/admin/people/${id}`, { honorific: 'นาย', fullName: 'ถูกแก้', username: org.users.webmaster.username, email: '', roles: 'webmaster', positionId: '', password: '' }, false);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('CSRF');
    expect((await admin.post(`/admin/people/${id}/active`, { active: 'false' }, false)).status).toBe(403);
    expect(await person(id)).toEqual(before);
    expect((await rawGet(t.baseUrl, `/admin/people/${id}`)).status).toBe(303);
  });

  test('a position is renamed from the admin page; a title already used is refused', async () => {
    const admin = await browser(org.users.admin);
    const renamed = await admin.post(`/admin/positions/${org.positions.author}`, { title: 'หัวหน้าสำนักปลัด อบต.adm', shortTitle: 'หัวหน้าสำนักปลัด', unit: 'สำนักปลัด' });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe('/admin?done=positionSaved');
    expect((await admin.get('/admin')).text).toContain('<li>หัวหน้าสำนักปลัด อบต.adm <span class="muted">(หัวหน้าสำนักปลัด · สำนักปลัด)</span>');
    const clash = await admin.post(`/admin/positions/${org.positions.author}`, { title: 'ปลัดองค์การบริหารส่วนตำบลadm', shortTitle: 'x', unit: '' });
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('มีตำแหน่งชื่อนี้อยู่แล้ว');
    expect(((await p.admin.get('/api/positions')).body.items as { id: string; title: string }[]).find((x) => x.id === org.positions.author)!.title).toBe('หัวหน้าสำนักปลัด อบต.adm');
  });
});
