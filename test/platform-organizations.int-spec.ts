import { DataSource } from 'typeorm';
import { organizationLines, organizationsCsv } from '../bench/support/organizations-csv';
import { Organization } from '../src/identity/organization.entity';
import { HttpClient } from './support/http-client';
import { acceptLink, signedInOperator } from './support/operator';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

function csvForm(csv: string, name = 'organizations.csv'): FormData {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  return form;
}

const newOrganization = {
  name: 'องค์การบริหารส่วนตำบลโคกเคียน',
  kind: 'sao',
  province: 'นราธิวาส',
  district: 'เมืองนราธิวาส',
  dlaCode: '6960103',
  letterCode: 'นธ ๗๓๑๐๑',
  slug: 'khokkhian',
  numerals: 'thai',
  adminFullName: 'สมศรี ดูแลระบบ',
  adminEmail: 'saraban@khokkhian.go.th',
};

describe.each(DIALECTS)('the operator and organisations on %s', (dialect) => {
  let t: TestApp;
  let operator: HttpClient;
  let demo: SeededOrganization;
  let db: DataSource;

  beforeAll(async () => {
    // Importing 7,850 organisations is one request, under its own deadline (IMPORT_TIMEOUT_MS), not the 15 s one.
    t = await startTestApp(dialect);
    db = t.app.get(DataSource);
    operator = await signedInOperator(t);
    demo = await seedOrganization(t, 'phron');
  });
  afterAll(() => t?.close());

  test("members of an organisation get 403 on the platform's API", async () => {
    const admin = new HttpClient(t.baseUrl);
    await admin.login(demo.users.admin.username, demo.users.admin.password);
    expect((await admin.get('/api/platform/organizations')).status).toBe(403);
    expect((await admin.post('/api/platform/organizations', newOrganization)).status).toBe(403);
  });

  test('creating an organisation invites its first admin; without SMTP the link is handed back once', async () => {
    const created = await operator.post('/api/platform/organizations', newOrganization);
    expect(created.status).toBe(201);
    expect(created.body.organization).toMatchObject({ name: newOrganization.name, shortName: 'อบต.โคกเคียน', dlaCode: '6960103', slug: 'khokkhian', suspended: false });
    expect(created.body.admin.delivery).toMatchObject({ mailed: false });
    expect(created.body.admin.invitation.person).toMatchObject({ username: 'saraban', email: 'saraban@khokkhian.go.th', roles: ['admin'], pending: true });
    const admin = await acceptLink(t.baseUrl, created.body.admin.delivery.link, 'โคกเคียน-ผู้ดูแล-2569');
    const mine = await admin.get('/api/organization');
    expect(mine.body).toMatchObject({ id: created.body.organization.id, letterCode: 'นธ ๗๓๑๐๑' });

    const again = await operator.post('/api/platform/organizations', { ...newOrganization, adminEmail: 'x@example.org' });
    expect(again.status).toBe(400);
    expect(again.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['dlaCode', 'slug']);
  });

  test('the list shows profiles and counts, never document contents; edit changes the profile', async () => {
    const list = await operator.get('/api/platform/organizations?q=phron');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.next).toBeNull();
    expect(list.body.items[0]).toMatchObject({ slug: 'phron', counts: { people: 5, memos: 0, publications: 0 } });
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      ['counts', 'createdAt', 'district', 'dlaCode', 'id', 'kind', 'letterCode', 'name', 'numerals', 'province', 'shortName', 'slug', 'suspended', 'suspendedAt'].sort(),
    );
    const edited = await operator.patch(`/api/platform/organizations/${demo.organizationId}`, { dlaCode: '6961003', letterCode: 'นธ ๗๗๒๐๒' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ dlaCode: '6961003', letterCode: 'นธ ๗๗๒๐๒' });
    expect((await operator.patch(`/api/platform/organizations/${demo.organizationId}`, { slug: 'khokkhian' })).body.fields[0]).toMatchObject({ field: 'slug', rule: 'unique' });
    expect((await operator.get(`/api/platform/organizations/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status).toBe(404);
  });

  test('a suspended organisation cannot sign in, its sessions end, its public URLs answer 410; unsuspended, all is back', async () => {
    const author = new HttpClient(t.baseUrl);
    expect((await author.login(demo.users.author.username, demo.users.author.password)).status).toBe(200);
    expect((await operator.post(`/api/platform/organizations/${demo.organizationId}/suspend`)).body.suspended).toBe(true);
    expect((await author.get('/api/auth/me')).status).toBe(401);
    const refused = await new HttpClient(t.baseUrl).login(demo.users.author.username, demo.users.author.password);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('ถูกระงับ');
    for (const path of ['/p/phron', '/p/phron/embed', '/p/phron/2568/ita', '/p/phron/feed.json', '/p/phron/2568/some-document.pdf']) {
      const answer = await fetch(`${t.baseUrl}${path}`);
      expect({ path, status: answer.status }).toEqual({ path, status: 410 });
      expect(await answer.text()).toContain('ระงับ');
    }
    // Nothing was deleted.
    expect(await db.getRepository(Organization).countBy({ id: demo.organizationId })).toBe(1);
    expect((await operator.post(`/api/platform/organizations/${demo.organizationId}/unsuspend`)).body.suspended).toBe(false);
    expect((await fetch(`${t.baseUrl}/p/phron`)).status).toBe(200);
    expect((await new HttpClient(t.baseUrl).login(demo.users.author.username, demo.users.author.password)).status).toBe(200);
  });

  test('a bulk import with three bad lines names them and imports nothing; the corrected file imports 7,850, and again changes nothing', async () => {
    const before = await db.getRepository(Organization).count();
    const lines = organizationLines(7850);
    const broken = lines.map((l) => ({ ...l }));
    broken[9].province = '';
    broken[4999].kind = 'อำเภอ' as never;
    broken[7848].dlaCode = broken[7000].dlaCode;
    const refused = await operator.post('/api/platform/organizations/import', csvForm(organizationsCsv({ count: 7850 }, broken)));
    expect(refused.status).toBe(400);
    // Line 1 is the header: the 10th organisation is on line 11.
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['lines.11.province', 'lines.5001.kind', 'lines.7850.dlaCode']);
    expect(refused.body.fields[0].message).toBe('บรรทัดที่ 11 ช่อง จังหวัด (province): ต้องไม่เว้นว่าง');
    expect(refused.body.fields[0].messageEn).toBe('line 11, province: must not be empty');
    expect(refused.body.fields[2].message).toContain('ซ้ำกับบรรทัดที่ 7002');
    expect(await db.getRepository(Organization).count()).toBe(before);

    const dry = await operator.post('/api/platform/organizations/import?dryRun=true', csvForm(organizationsCsv({ count: 7850 }, broken)));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, valid: false, created: 0, refused: 3 });
    expect(dry.body.lines[9]).toMatchObject({ line: 11, action: 'refused' });
    expect(dry.body.lines[10]).toMatchObject({ line: 12, action: 'create' });

    const corrected = organizationsCsv({ count: 7850 });
    const imported = await operator.post('/api/platform/organizations/import', csvForm(corrected));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ dryRun: false, valid: true, created: 7850, existing: 0, refused: 0 });
    expect(await db.getRepository(Organization).count()).toBe(before + 7850);
    const sample = await db.getRepository(Organization).findOneByOrFail({ dlaCode: lines[123].dlaCode });
    expect(sample).toMatchObject({ name: lines[123].name, province: lines[123].province, district: lines[123].district, letterCode: lines[123].letterCode, slug: lines[123].slug });
    const items = await db.query('SELECT COUNT(*) AS n FROM ita_items WHERE organization_id = ?', [sample.id]);
    expect(Number(items[0].n)).toBeGreaterThan(0);

    // An imported organisation has no people: the operator invites its first admin.
    const invited = await operator.post(`/api/platform/organizations/${sample.id}/admins`, { fullName: 'ผู้ดูแล นำเข้า', email: 'admin@imported.go.th' });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation.person).toMatchObject({ roles: ['admin'], organizationId: sample.id, pending: true });
    expect(invited.body.delivery.link).toMatch(/\/set-password\//);

    const rerun = await operator.post('/api/platform/organizations/import', csvForm(corrected));
    expect(rerun.body).toMatchObject({ created: 0, existing: 7850, refused: 0 });
    expect(await db.getRepository(Organization).count()).toBe(before + 7850);
  }, 300_000);

  test('Thai headers, Thai kind words and a byte order mark import alike; a file that is not UTF-8 is refused', async () => {
    const lines = organizationLines(7853).slice(7850);
    const thai = await operator.post('/api/platform/organizations/import?dryRun=true', csvForm(organizationsCsv({ count: 3, thai: true, bom: true }, lines)));
    expect(thai.status).toBe(200);
    expect(thai.body).toMatchObject({ valid: true, refused: 0 });
    expect(thai.body.lines.map((l: { action: string }) => l.action)).toEqual(['create', 'create', 'create']);
    const latin1 = Buffer.from('dla_code,name\n1234,\xe0\n', 'latin1');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(latin1)], { type: 'text/csv' }), 'x.csv');
    const refused = await operator.post('/api/platform/organizations/import', form);
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0]).toMatchObject({ field: 'file', rule: 'encoding' });
  });
});
