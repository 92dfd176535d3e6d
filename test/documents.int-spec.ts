import seed000 from './fixtures/seed-000-measures.json';
import seed002 from './fixtures/seed-002-implementation.json';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import v2Grouped from './fixtures/v2-grouped-by-indicator.json';
import v2Scores from './fixtures/v2-ita-scores-per-tool.json';
import banPao from './fixtures/real-partial-banpao-plan-by-dimension.json';
import chun from './fixtures/real-partial-chun-ita-analysis.json';
import naccGroup6 from './fixtures/real-partial-nacc-group6-eit-respondents.json';
import naccUthai from './fixtures/real-partial-nacc-group6-uthaithani-by-indicator.json';
import ipst from './fixtures/real-ipst-ita-scores-by-year.json';
import itasChonburi from './fixtures/real-partial-itas-2561-chonburi-by-agency.json';
import { DataSource } from 'typeorm';
import { HttpClient } from './support/http-client';
import { DIALECTS, seedOrganization, startTestApp, type SeededOrganization, type TestApp } from './support/test-app';

const SEEDS = { '000 measures': seed000, '002 implementation': seed002, '003 memo + implementation': seed003 } as Record<string, any>;

const clone = <T>(value: T): T => structuredClone(value);

function countRows(document: any): number {
  return document.report.sections
    .filter((s: any) => s.type === 'measures_table')
    .reduce((n: number, s: any) => n + s.groups.reduce((m: number, g: any) => m + g.rows.length, 0), 0);
}

describe.each(DIALECTS)('documents on %s', (dialect) => {
  let t: TestApp;
  let a: SeededOrganization;
  let b: SeededOrganization;
  let author: HttpClient;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await seedOrganization(t, 'docsa');
    b = await seedOrganization(t, 'docsb');
    author = new HttpClient(t.baseUrl);
    await author.login(a.users.author.username, a.users.author.password);
  });
  afterAll(() => t.close());

  const documentCount = async () => Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM reports'))[0].n);

  test.each(Object.keys(SEEDS))('the %s seed imports, keeps every row and score, and export → import → export is byte-identical', async (name) => {
    const fixture = SEEDS[name];
    const imported = await author.post('/api/reports/import', fixture);
    expect(imported.status).toBe(201);
    expect(imported.body.status).toBe('draft');
    const first = await author.get(`/api/reports/${imported.body.id}/export`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toContain('attachment');
    expect(first.body).toEqual(fixture);
    expect(countRows(first.body)).toBe(countRows(fixture));

    const again = await author.post('/api/reports/import', first.body);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(imported.body.id);
    const second = await author.get(`/api/reports/${again.body.id}/export`);
    expect(second.text).toBe(first.text);
  });

  test('scores survive exactly', async () => {
    const imported = await author.post('/api/reports/import', seed000);
    const ita = imported.body.report.sections.find((s: any) => s.type === 'ita_results');
    expect(ita.overall).toEqual({ score: 94.98, result: 'ผ่าน' });
    expect(ita.tools.map((x: any) => [x.code, x.score])).toEqual([['IIT', 98.26], ['EIT1', 81], ['EIT2', 95.67], ['OIT', 97.5]]);
  });

  describe('bad input is refused with the field named and changes nothing', () => {
    const cases: [string, (doc: any) => void, string, string][] = [
      ['a subject over 250 characters', (d) => (d.memo.subject = 'ก'.repeat(251)), 'memo.subject', 'maxLength'],
      ['a missing title', (d) => delete d.report.title, 'report.title', 'required'],
      ['a cell over 10,000 characters', (d) => (d.report.sections[0].groups[0].rows[0].cells[1] = 'ข'.repeat(10001)), 'report.sections.0.groups.0.rows.0.cells.1', 'maxLength'],
      ['a fiscal year before 2500', (d) => (d.report.fiscalYear = 2499), 'report.fiscalYear', 'min'],
      ['a fiscal year after 2700', (d) => (d.report.fiscalYear = 2701), 'report.fiscalYear', 'max'],
      ['a fiscal year of the wrong type', (d) => (d.report.fiscalYear = '2568'), 'report.fiscalYear', 'type'],
      ['an unknown field', (d) => (d.report.sections[0].colour = 'red'), 'report.sections.0.colour', 'unknownField'],
      ['an unknown section type', (d) => d.report.sections.push({ type: 'video', url: 'x' }), 'report.sections.2.type', 'sectionType'],
      ['a script inside a cell', (d) => (d.report.sections[0].groups[0].rows[2].cells[0] = '<p>ก</p><script>alert(1)</script>'), 'report.sections.0.groups.0.rows.2.cells.0', 'unsafeHtml'],
      ['an event handler inside a cell', (d) => (d.report.sections[1].groups[0].rows[0].cells[2] = '<p onmouseover="alert(1)">ก</p>'), 'report.sections.1.groups.0.rows.0.cells.2', 'unsafeHtml'],
      ['a row with a missing cell', (d) => d.report.sections[0].groups[0].rows[0].cells.pop(), 'report.sections.0.groups.0.rows.0.cells', 'cellCount'],
      [
        'more than 300 rows in a table',
        (d) => {
          const row = d.report.sections[0].groups[0].rows[0];
          d.report.sections[0].groups = [{ rows: Array.from({ length: 200 }, () => row) }, { rows: Array.from({ length: 101 }, () => row) }];
        },
        'report.sections.0.groups',
        'maxRows',
      ],
    ];
    test.each(cases)('%s', async (_name, mutate, field, rule) => {
      const before = await documentCount();
      const document = clone(seed003) as any;
      mutate(document);
      const res = await author.post('/api/reports/import', document);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const problem = res.body.fields.find((f: any) => f.field === field);
      expect(problem).toMatchObject({ rule });
      expect(problem.message).toMatch(/[ก-๙]/);
      expect(problem.messageEn).toMatch(/[a-z]/);
      expect(await documentCount()).toBe(before);
    });

    test('a 10 MB body gets 413', async () => {
      const before = await documentCount();
      const document = clone(seed003) as any;
      document.memo.body = [String('ก').repeat(10 * 1024 * 1024)];
      const res = await author.post('/api/reports/import', document);
      expect(res.status).toBe(413);
      expect(await documentCount()).toBe(before);
    });

    test('an edit with bad input leaves the stored document as it was', async () => {
      const created = await author.post('/api/reports/import', seed002);
      const bad = clone(created.body) as any;
      bad.report.title = '';
      const res = await author.put(`/api/reports/${created.body.id}`, { report: bad.report, memo: bad.memo, version: created.body.version });
      expect(res.status).toBe(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'report.title', rule: 'minLength' });
      const stored = await author.get(`/api/reports/${created.body.id}`);
      expect(stored.body.report.title).toBe(seed002.report.title);
      expect(stored.body.version).toBe(created.body.version);
    });
  });

  test('saved text is escaped wherever it is shown, and harmless formatting is dropped', async () => {
    const document = clone(seed003) as any;
    document.memo.subject = '<img src=x onerror=alert(1)> เรื่องทดสอบ';
    document.report.sections[0].groups[0].rows[0].cells[0] = '<p style="color:red"><span>ตัวอักษร</span> &amp; <b>หนา</b></p>';
    const res = await author.post('/api/reports/import', document);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.memo.subject).toBe('<img src=x onerror=alert(1)> เรื่องทดสอบ');
    expect(res.body.report.sections[0].groups[0].rows[0].cells[0]).toBe('<p>ตัวอักษร &amp; <b>หนา</b></p>');
  });

  test('a Thai query finds a report by a word in the middle of a cell', async () => {
    const doc = clone(seed002) as any;
    doc.report.title = 'รายงานสำหรับทดสอบการค้นหา';
    const target = await author.post('/api/reports/import', doc);
    // "ไลน์กลุ่มประสานงาน" sits in the middle of a steps cell of 002, with no spaces around it.
    const found = await author.get(`/api/reports?q=${encodeURIComponent('กลุ่มประสานงาน')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: any) => i.id)).toContain(target.body.id);
    const both = await author.get(`/api/reports?q=${encodeURIComponent('ประสานงาน ทดสอบการค้นหา')}`);
    expect(both.body.items.map((i: any) => i.id)).toEqual([target.body.id]);
    const thaiDigits = await author.get(`/api/reports?q=${encodeURIComponent('2568')}&kind=implementation`);
    expect(thaiDigits.body.items.map((i: any) => i.id)).toContain(target.body.id);
    const none = await author.get(`/api/reports?q=${encodeURIComponent('คำที่ไม่มีอยู่ในเอกสารใดเลย')}`);
    expect(none.body).toEqual({ items: [], next: null, previous: null });
    const wildcard = await author.get(`/api/reports?q=${encodeURIComponent('%')}`);
    expect(wildcard.body.items).toEqual([]);
  });

  test('filters by fiscal year, kind and status', async () => {
    const all = await author.get('/api/reports?limit=200');
    const byYear = await author.get('/api/reports?fiscalYear=2566&limit=200');
    expect(byYear.body.items.length).toBeGreaterThan(0);
    expect(byYear.body.items.every((i: any) => i.fiscalYear === 2566)).toBe(true);
    expect(byYear.body.items.length).toBeLessThan(all.body.items.length);
    const measures = await author.get('/api/reports?kind=measures&limit=200');
    expect(measures.body.items.every((i: any) => i.kind === 'measures')).toBe(true);
    expect((await author.get('/api/reports?status=approved')).body.items).toEqual([]);
    const bad = await author.get('/api/reports?fiscalYear=abc&status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['fiscalYear', 'status']);
  });

  test('a person of another organisation can neither read nor list the report', async () => {
    const mine = await author.post('/api/reports/import', seed003);
    const outsider = new HttpClient(t.baseUrl);
    await outsider.login(b.users.admin.username, b.users.admin.password);
    expect((await outsider.get(`/api/reports/${mine.body.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/reports/${mine.body.id}/export`)).status).toBe(404);
    expect((await outsider.put(`/api/reports/${mine.body.id}`, { report: seed003.report, memo: seed003.memo })).status).toBe(404);
    expect((await outsider.delete(`/api/reports/${mine.body.id}`)).status).toBe(404);
    expect((await outsider.post(`/api/reports/${mine.body.id}/copy`)).status).toBe(404);
    expect((await outsider.get('/api/reports?limit=200')).body.items.map((i: any) => i.id)).not.toContain(mine.body.id);
    expect((await outsider.get(`/api/reports?q=${encodeURIComponent('พร่อน')}`)).body.items).toEqual([]);
  });

  test('drafts are seen only by their author and admins; only they edit', async () => {
    const draft = await author.post('/api/reports/import', seed003);
    const deputy = new HttpClient(t.baseUrl);
    await deputy.login(a.users.deputy.username, a.users.deputy.password);
    expect((await deputy.get(`/api/reports/${draft.body.id}`)).status).toBe(404);
    expect((await deputy.get('/api/reports?limit=200')).body.items.map((i: any) => i.id)).not.toContain(draft.body.id);
    const admin = new HttpClient(t.baseUrl);
    await admin.login(a.users.admin.username, a.users.admin.password);
    expect((await admin.get(`/api/reports/${draft.body.id}`)).status).toBe(200);
    const webmaster = new HttpClient(t.baseUrl);
    await webmaster.login(a.users.webmaster.username, a.users.webmaster.password);
    expect((await webmaster.post('/api/reports/import', seed003)).status).toBe(403);
  });

  test('a stale version gets 409 and writes nothing', async () => {
    const created = await author.post('/api/reports/import', seed003);
    const { report, memo } = created.body;
    const first = await author.put(`/api/reports/${created.body.id}`, { report: { ...report, title: 'ฉบับแก้ครั้งที่หนึ่ง' }, memo, version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await author.put(`/api/reports/${created.body.id}`, { report: { ...report, title: 'ฉบับที่ทับของคนอื่น' }, memo, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await author.get(`/api/reports/${created.body.id}`)).body.report.title).toBe('ฉบับแก้ครั้งที่หนึ่ง');
  });

  test('a new memo gets its defaults from the organisation, the author and the route', async () => {
    const res = await author.post('/api/reports', { report: seed000.report });
    expect(res.status).toBe(201);
    expect(res.body.memo).toMatchObject({
      issuingUnit: 'สำนักปลัด องค์การบริหารส่วนตำบลdocsa',
      subject: seed000.report.title,
      addressee: 'นายกองค์การบริหารส่วนตำบลdocsa',
      via: 'ปลัด อบต.',
      urgency: 'none',
      signer: { name: 'นางdocsa ผู้จัดทำ', position: 'หัวหน้าสำนักปลัด' },
    });
    expect(res.body.memo.body).toHaveLength(3);
    const refused = await author.post('/api/reports', { report: seed000.report, memo: { documentNumber: 'นธ ๗๗๒๐๑/๙๙' } });
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0]).toMatchObject({ field: 'memo.documentNumber', rule: 'readOnly' });
  });

  test('an implementation report is created from a measures plan, and last year is copied to this year', async () => {
    const plan = await author.post('/api/reports/import', seed000);
    const report = await author.post(`/api/reports/${plan.body.id}/implementation-report`, { period: 'half_year' });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ kind: 'implementation', period: 'half_year', planId: plan.body.id, fiscalYear: 2568 });
    const table = report.body.report.sections.find((s: any) => s.type === 'measures_table');
    expect(table.groups[0].rows).toHaveLength(7);
    expect(table.groups[0].rows[0].cells[0]).toContain('จัดทำแนวทางการประพฤติตนตามประมวลจริยธรรมของหน่วยงาน');
    expect(table.groups[0].rows.every((r: any) => r.cells[4] === '')).toBe(true);

    const copy = await author.post(`/api/reports/${plan.body.id}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body.fiscalYear).toBe(2569);
    expect(copy.body.report.sections).toEqual(plan.body.report.sections);
    expect(copy.body.status).toBe('draft');
  });

  test('a draft can be deleted by its author', async () => {
    const created = await author.post('/api/reports/import', seed002);
    expect((await author.delete(`/api/reports/${created.body.id}`)).status).toBe(204);
    expect((await author.get(`/api/reports/${created.body.id}`)).status).toBe(404);
  });

  describe('format version 2', () => {
    test.each([['ITA scores per tool', v2Scores], ['grouped by indicator', v2Grouped], ['plan by dimension with yearly columns (Ban Pao)', banPao], ['ITA analysis in Arabic digits (Chun)', chun], ['table with a caption row and a heading without body (NACC group 6)', naccGroup6], ['scores by indicator with the tool\'s cells once (NACC group 6, Uthai Thani)', naccUthai], ['scores by year in Thai digits (IPST)', ipst], ['agencies ranked by score (ITAS, Chon Buri)', itasChonburi]] as [string, any][])('the %s document round-trips: import → export is identical, as version 2', async (_name, fixture) => {
      const imported = await author.post('/api/reports/import', fixture);
      expect(imported.status).toBe(201);
      const exported = await author.get(`/api/reports/${imported.body.id}/export`);
      expect(exported.status).toBe(200);
      expect(exported.body).toEqual(fixture);
      expect(exported.body.version).toBe(2);
      // Version 1 cannot say it.
      const v1 = await author.get(`/api/reports/${imported.body.id}/export?version=1`);
      expect(v1.status).toBe(400);
      expect(v1.body.fields[0]).toMatchObject({ field: 'version', rule: 'formatVersion' });
    });

    test('a version 1 document imports as it is and exports as version 1, or as version 2 when asked', async () => {
      const imported = await author.post('/api/reports/import', seed003);
      expect((await author.get(`/api/reports/${imported.body.id}/export`)).body).toEqual(seed003);
      const asV2 = await author.get(`/api/reports/${imported.body.id}/export?version=2`);
      expect(asV2.body).toEqual({ ...seed003, version: 2 });
      expect((await author.post('/api/reports/import', asV2.body)).status).toBe(201);
    });

    test('version 2 fields in a version 1 document are refused, by name', async () => {
      const document = clone(seed003) as any;
      document.report.sections[0].columns[0].width = 30;
      const res = await author.post('/api/reports/import', document);
      expect(res.status).toBe(400);
      expect(res.body.fields.find((f: any) => f.field === 'report.sections.0.columns.0.width')).toMatchObject({ rule: 'unknownField' });
    });

    test('column width and alignment are checked; the editor’s shape is accepted on save', async () => {
      const document = clone(v2Grouped) as any;
      document.report.sections[1].columns[0].width = 95;
      document.report.sections[1].columns[1].align = 'justify';
      const res = await author.post('/api/reports/import', document);
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: any) => [f.field, f.rule])).toEqual(
        expect.arrayContaining([['report.sections.1.columns.0.width', 'max'], ['report.sections.1.columns.1.align', 'enum']]),
      );
      const created = await author.post('/api/reports/import', seed003);
      const report = clone(created.body.report);
      report.sections[0].columns = report.sections[0].columns.map((c: any, i: number) => ({ ...c, ...(i === 0 ? { width: 25, align: 'center' } : {}) }));
      const saved = await author.put(`/api/reports/${created.body.id}`, { report, memo: created.body.memo, version: created.body.version });
      expect(saved.status).toBe(200);
      expect(saved.body.report.sections[0].columns[0]).toMatchObject({ width: 25, align: 'center' });
    });

    test('the narrative limit counts the characters a reader sees, not the tags', async () => {
      const tagged = clone(seed003) as any;
      // 2,000 paragraphs of three letters: 8,000 characters seen (with the space between paragraphs), 54,000 of HTML.
      tagged.report.sections.unshift({ type: 'narrative', body: '<p><strong>กขค</strong></p>'.repeat(2000) });
      expect((await author.post('/api/reports/import', tagged)).status).toBe(201);
      const long = clone(seed003) as any;
      long.report.sections.unshift({ type: 'narrative', body: `<p>${'ก'.repeat(10001)}</p>` });
      const res = await author.post('/api/reports/import', long);
      expect(res.status).toBe(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'report.sections.0.body', rule: 'maxLength' });
    });
  });

  test('an organisation’s own words are kept on its profile', async () => {
    const admin = new HttpClient(t.baseUrl);
    await admin.login(a.users.admin.username, a.users.admin.password);
    const res = await admin.patch('/api/organization', { words: ['บ้านส้อง', 'เวียงสระ'] });
    expect(res.status).toBe(200);
    expect(res.body.words).toEqual(['บ้านส้อง', 'เวียงสระ']);
    expect((await admin.get('/api/organization')).body.words).toEqual(['บ้านส้อง', 'เวียงสระ']);
    expect((await admin.patch('/api/organization', { words: [] })).body.words).toEqual([]);
  });
});
