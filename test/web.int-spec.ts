import { newDraft, send, signInAll, type People } from './support/journey';
import { postSignInForm, rawGet } from './support/http-client';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

/** The server-rendered pages over real HTTP (the browser journey is in test/journey.e2e-spec.ts). */
describe.each(DIALECTS)('web pages on %s', (dialect) => {
  let t: TestApp;
  let org: SeededOrganization;
  let p: People;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await seedOrganization(t, 'webtest');
    p = await signInAll(t, org);
  });
  afterAll(() => t.close());

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const postForm = (path: string, fields: Record<string, string>, cookie?: string) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: form(fields),
    });

  test('without a session, a page redirects to the Thai sign-in page and back after signing in', async () => {
    const home = await rawGet(t.baseUrl, '/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/login?next=%2F');
    const login = await rawGet(t.baseUrl, '/login?next=%2F');
    expect(login.status).toBe(200);
    expect(login.text).toContain('<html lang="th">');
    expect(login.text).toContain('เข้าสู่ระบบ');

    const wrong = await postSignInForm(t.baseUrl, { username: org.users.deputy.username, password: 'wrong-password', next: '/' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');

    const ok = await postSignInForm(t.baseUrl, { username: org.users.deputy.username, password: org.users.deputy.password, next: '//evil.example/' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const page = await rawGet(t.baseUrl, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain('สวัสดี นางwebtest ปลัด');
  });

  test('the home page lists what awaits me, with the step and the waiting time', async () => {
    const id = await newDraft(p.author, 'บันทึกสำหรับหน้าแรก');
    await send(p.author, id, { event: 'SUBMIT' });
    const ok = await postSignInForm(t.baseUrl, { username: org.users.deputy.username, password: org.users.deputy.password });
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const page = await rawGet(t.baseUrl, '/', { cookie });
    expect(page.text).toContain('รอการพิจารณาของท่าน');
    expect(page.text).toContain('บันทึกสำหรับหน้าแรก');
    expect(page.text).toContain('ความเห็นปลัด อบต. (ขั้นที่ 1/2)');
  });

  test('signing out needs the CSRF token of the session', async () => {
    const ok = await postSignInForm(t.baseUrl, { username: org.users.mayor.username, password: org.users.mayor.password });
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const forged = await postForm('/logout', {}, cookie);
    expect(forged.status).toBe(403);
    expect((await rawGet(t.baseUrl, '/', { cookie })).status).toBe(200);
    const page = await rawGet(t.baseUrl, '/', { cookie });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const out = await postForm('/logout', { _csrf: csrf }, cookie);
    expect(out.status).toBe(303);
    expect((await rawGet(t.baseUrl, '/', { cookie })).status).toBe(303);
  });

  async function browserSession(who: { username: string; password: string }) {
    const ok = await postSignInForm(t.baseUrl, { username: who.username, password: who.password });
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const csrf = async (path: string) => /name="_csrf" value="([^"]+)"/.exec((await rawGet(t.baseUrl, path, { cookie })).text)![1];
    return { cookie, csrf, get: (path: string) => rawGet(t.baseUrl, path, { cookie }), post: (path: string, fields: Record<string, string>) => postForm(path, fields, cookie) };
  }

  test('the memo page: submit, sign and forward (refused without a comment, shown beside the field), approve once', async () => {
    const id = await newDraft(p.author, 'บันทึกผ่านหน้าเว็บ');
    const author = await browserSession(org.users.author);
    const page = await author.get(`/memos/${id}`);
    expect(page.text).toContain('บันทึกผ่านหน้าเว็บ');
    expect(page.text).toContain('>เสนอแฟ้ม<');
    const submitted = await author.post(`/memos/${id}/act`, { _csrf: await author.csrf(`/memos/${id}`), event: 'SUBMIT' });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`/memos/${id}?done=SUBMIT`);
    expect((await author.get(`/memos/${id}?done=SUBMIT`)).text).toContain('ระบบออกเลขที่หนังสือ');

    const deputy = await browserSession(org.users.deputy);
    const review = await deputy.get(`/memos/${id}`);
    expect(review.text).toContain('ความเห็นปลัด อบต.');
    expect(review.text).toContain('ลงนามและเสนอต่อ');
    const noComment = await deputy.post(`/memos/${id}/act`, { _csrf: await deputy.csrf(`/memos/${id}`), event: 'FORWARD', comment: ' ', signatureSource: 'stored' });
    expect(noComment.status).toBe(400);
    expect(await noComment.text()).toContain('class="field-error" id="comment-error">กรุณาเขียนความเห็นหรือคำสั่ง');
    const drawn = `data:image/png;base64,${require('./support/journey').PNG_SIGNATURE.toString('base64')}`;
    const forwarded = await deputy.post(`/memos/${id}/act`, { _csrf: await deputy.csrf(`/memos/${id}`), event: 'FORWARD', comment: 'ทราบ เห็นควรนำเสนอ', signatureSource: 'drawn', signatureImage: drawn });
    expect(forwarded.status).toBe(303);

    const mayor = await browserSession(org.users.mayor);
    const finalStep = await mayor.get(`/memos/${id}`);
    expect(finalStep.text).toContain('ลงนามอนุมัติ');
    expect(finalStep.text).toContain('ทราบ เห็นควรนำเสนอ');
    const approved = await mayor.post(`/memos/${id}/act`, { _csrf: await mayor.csrf(`/memos/${id}`), event: 'APPROVE', comment: 'อนุมัติ', signatureSource: 'stored' });
    expect(approved.status).toBe(303);
    expect((await mayor.get(`/memos/${id}`)).text).toContain('อนุมัติแล้ว');
    // A second approval from a stale page is refused with a Thai message, not applied twice.
    const again = await mayor.post(`/memos/${id}/act`, { _csrf: await mayor.csrf(`/memos/${id}`), event: 'APPROVE', comment: 'อนุมัติ', signatureSource: 'stored' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('role="alert"');
  });

  test('admin screens: a position, a person holding it, a three-step route, an acting order, an ITA item; others are refused', async () => {
    const admin = await browserSession(org.users.admin);
    const page = await admin.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('เส้นทางเสนอแฟ้ม');
    const csrf = await admin.csrf('/admin');
    expect((await admin.post('/admin/positions', { _csrf: csrf, title: 'รองปลัดองค์การบริหารส่วนตำบลwebtest', shortTitle: 'รองปลัด อบต.', unit: '' })).status).toBe(303);
    const positions = (await p.admin.get('/api/positions')).body.items as { id: string; title: string; shortTitle: string }[];
    const deputyDeputy = positions.find((x) => x.shortTitle === 'รองปลัด อบต.')!;
    expect((await admin.post('/admin/people', { _csrf: csrf, honorific: 'นาย', fullName: 'สมศักดิ์ รองปลัด', username: 'somsak', password: 'a-long-password-1', role: 'reviewer', positionId: deputyDeputy.id })).status).toBe(303);
    const bad = await admin.post('/admin/people', { _csrf: csrf, honorific: 'นาย', fullName: 'ซ้ำ', username: 'somsak', password: 'short', role: 'reviewer', positionId: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('password: ต้องยาวอย่างน้อย 10 ตัวอักษร');
    const route = await admin.post('/admin/route', { _csrf: csrf, step0: org.positions.deputy, step1: deputyDeputy.id, step2: org.positions.mayor });
    expect(route.status).toBe(303);
    expect(((await p.admin.get('/api/route')).body as { id: string }[]).map((x) => x.id)).toEqual([org.positions.deputy, deputyDeputy.id, org.positions.mayor]);
    expect((await admin.post('/admin/acting', { _csrf: csrf, userId: org.users.webmaster.id, kind: 'acting', positionId: org.positions.deputy, orderNumber: 'คำสั่งที่ ๓/๒๕๖๙', startsOn: '2026-01-01', endsOn: '2026-01-31' })).status).toBe(303);
    expect((await admin.post('/admin/ita-items', { _csrf: csrf, fiscalYear: '2569', code: 'O36', title: 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', reportKind: '' })).status).toBe(303);
    const after = await admin.get('/admin?done=item');
    expect(after.text).toContain('เพิ่มรายการ ITA แล้ว');
    expect(after.text).toContain('O36');
    expect(after.text).toContain('คำสั่งที่ ๓/๒๕๖๙');
    const author = await browserSession(org.users.author);
    expect((await author.get('/admin')).status).toBe(403);
    expect((await author.post('/admin/positions', { _csrf: await author.csrf('/'), title: 'x', shortTitle: 'x' })).status).toBe(403);
    await p.admin.put('/api/route', { positionIds: [org.positions.deputy, org.positions.mayor] });
  });
});

