import { fiscalYearOf } from '../src/organizations/setup-checklist';
import { HttpClient } from './support/http-client';
import { PNG_SIGNATURE } from './support/journey';
import { signedInOperator } from './support/operator';
import { pkcs12 } from './support/pkcs12';
import { DIALECTS, startTestApp, type TestApp } from './support/test-app';

const done = (body: { lines: { key: string; done: boolean }[] }) => Object.fromEntries(body.lines.map((l) => [l.key, l.done]));

describe('fiscalYearOf', () => {
  test('from 1 October (Bangkok time) it is the next year', () => {
    expect(fiscalYearOf(new Date('2026-09-30T16:59:00Z'))).toBe(2569);
    expect(fiscalYearOf(new Date('2026-09-30T17:00:00Z'))).toBe(2570);
  });
});

describe.each(DIALECTS)("a new admin's checklist on %s", (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t?.close());

  test('the first sign-in lands on the checklist, and each line is ticked as the data is there', async () => {
    const operator = await signedInOperator(t);
    const created = await operator.post('/api/platform/organizations', {
      name: 'เทศบาลตำบลตากใบ', kind: 'subdistrict_municipality', province: 'นราธิวาส', district: 'ตากใบ', dlaCode: '5960101', letterCode: 'นธ ๕๒๑๐๑', slug: 'takbai',
      adminFullName: 'ผู้ดูแล ตากใบ', adminEmail: 'admin@takbai.go.th',
    });
    const link = (created.body.admin.delivery.link as string).replace(/^https?:\/\/[^/]+/, t.baseUrl);
    const accepted = await fetch(link, { method: 'POST', body: new URLSearchParams({ password: 'ตากใบ-ผู้ดูแล-2569', confirm: 'ตากใบ-ผู้ดูแล-2569' }), redirect: 'manual' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/admin/checklist');
    const admin = new HttpClient(t.baseUrl);
    expect((await admin.login('admin@takbai.go.th', 'ตากใบ-ผู้ดูแล-2569')).status).toBe(200);

    const page = await fetch(`${t.baseUrl}/admin/checklist`, { headers: { cookie: admin.cookie! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('เริ่มต้นใช้งานเกษียน');
    const first = await admin.get('/api/organization/checklist');
    expect(first.body.complete).toBe(false);
    expect(done(first.body)).toEqual({ profile: true, emblem: false, route: false, people: false, certificate: false, itaItems: false });

    const image = new FormData();
    image.append('file', new Blob([new Uint8Array(PNG_SIGNATURE)], { type: 'image/png' }), 'emblem.png');
    expect((await admin.put('/api/organization/emblem', image)).status).toBe(204);
    const deputy = (await admin.post('/api/positions', { title: 'ปลัดเทศบาลตำบลตากใบ', shortTitle: 'ปลัดเทศบาล' })).body.id;
    const mayor = (await admin.post('/api/positions', { title: 'นายกเทศมนตรีตำบลตากใบ', shortTitle: 'นายกเทศมนตรี' })).body.id;
    expect((await admin.put('/api/route', { positionIds: [deputy, mayor] })).status).toBe(200);
    expect(done((await admin.get('/api/organization/checklist')).body)).toMatchObject({ emblem: true, route: true, people: false });
    const people = (await admin.get('/api/organization/checklist')).body.lines.find((l: { key: string }) => l.key === 'people');
    expect(people.detail).toContain('ผู้จัดทำ');

    for (const [email, roles, positionId] of [['author@takbai.go.th', ['author'], undefined], ['web@takbai.go.th', ['webmaster'], undefined], ['deputy@takbai.go.th', ['reviewer'], deputy], ['mayor@takbai.go.th', ['reviewer'], mayor]] as const) {
      expect((await admin.post('/api/invitations', { fullName: email, email, roles, ...(positionId ? { positionId } : {}) })).status).toBe(201);
    }
    const certificate = new FormData();
    certificate.append('file', new Blob([new Uint8Array(pkcs12({ commonName: 'เทศบาลตำบลตากใบ', passphrase: 'secret' }))], { type: 'application/x-pkcs12' }), 'seal.p12');
    certificate.append('passphrase', 'secret');
    expect((await admin.put('/api/organization/certificate', certificate)).status).toBeLessThan(300);
    const fiscalYear = fiscalYearOf(new Date());
    expect((await admin.post('/api/ita-items', { fiscalYear, code: 'O36', title: 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', reportKind: 'measures' })).status).toBe(201);
    const last = await admin.get('/api/organization/checklist');
    expect(done(last.body)).toEqual({ profile: true, emblem: true, route: true, people: true, certificate: true, itaItems: true });
    expect(last.body.complete).toBe(true);
  });
});
