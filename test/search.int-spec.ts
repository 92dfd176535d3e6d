import { DataSource } from 'typeorm';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import { ReportSearchHead1765100000000 } from '../migrations/1765100000000-ReportSearchHead';
import { ReportHeadTrigrams1765300000000 } from '../migrations/1765300000000-ReportHeadTrigrams';
import { ReportSearch } from '../src/reports/report-search';
import { searchHead, trigramsOf } from '../src/reports/search-text';
import type { HttpClient } from './support/http-client';
import { signInAll } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type TestApp } from './support/test-app';

const UNIQUE = 'ศูนย์ข้อมูลข่าวสารตำบลทดสอบการค้นหา';

/** Thai search through the n-gram index of each dialect: the same documents, in the same order, with highlights. */
describe.each(DIALECTS)('Thai search on %s', (dialect) => {
  let t: TestApp;
  let author: HttpClient;
  let outsider: HttpClient;
  const ids: Record<string, string> = {};

  async function importDocument(title: string, cell: string | null, subject?: string): Promise<string> {
    const document = structuredClone(seed003) as any;
    document.report.title = title;
    if (subject) document.memo.subject = subject;
    if (cell) document.report.sections[0].groups[0].rows[0].cells[1] = `<p>${cell}</p>`;
    const res = await author.post('/api/reports/import', document);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const search = async (q: string, client = author) => {
    const res = await client.get(`/api/reports?q=${encodeURIComponent(q)}&limit=50`);
    expect(res.status).toBe(200);
    return res.body as { next: string | null; items: { id: string; highlight: Record<string, { text: string; match: boolean }[]> }[] };
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const org = await seedOrganization(t, 'search');
    const other = await seedOrganization(t, 'searchother');
    author = (await signInAll(t, org)).author;
    outsider = (await signInAll(t, other)).author;
    // In the title (oldest), deep in a cell (newer), and nowhere (newest).
    ids.inTitle = await importDocument(`รายงาน${UNIQUE} ประจำปี`, null);
    ids.inCell = await importDocument('รายงานผลการดำเนินงาน', `จัดตั้ง ${UNIQUE} ให้ประชาชนเข้าถึงได้`);
    ids.elsewhere = await importDocument('รายงานอื่น', null);
    ids.newerTitle = await importDocument(`เอกสารของหน่วยงานอื่น ${UNIQUE}`, null);
    // An hour apart in that order: imports in one millisecond would otherwise be ordered by id.
    const dataSource = t.app.get(DataSource);
    for (const [hour, id] of [ids.inTitle, ids.inCell, ids.elsewhere, ids.newerTitle].entries()) {
      await dataSource.query('UPDATE reports SET updated_at = ? WHERE id = ?', [`2026-01-01 0${hour}:00:00.000`, id]);
    }
  });
  afterAll(() => t.close());

  test('the list indexes are there (migrations 1765000000001, 1765100000000 and 1765400000000)', async () => {
    const dataSource = t.app.get(DataSource);
    const names = async (table: string): Promise<string[]> =>
      dialect === 'sqlite'
        ? (await dataSource.query(`PRAGMA index_list(${table})`)).map((r: { name: string }) => r.name)
        : (await dataSource.query('SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?', [table])).map((r: { name: string }) => r.name);
    expect(await names('reports')).toContain('IDX_reports_organization_id_updated_at_id_search_head');
    expect(await names('reports')).not.toContain('IDX_reports_organization_id_updated_at_id');
    expect(await names('memos')).toContain('IDX_memos_organization_id_approved_at');
    expect(await names('publications')).toContain('IDX_publications_organization_id_superseded_by_id');
    expect(await names('publications')).toContain('IDX_publications_organization_id_withdrawn_at');
    expect(await names('sessions')).toContain('IDX_sessions_expires_at');
  });

  test('the index engine is the dialect’s own', async () => {
    expect(await t.app.get(ReportSearch).engineOf()).toBe(dialect === 'sqlite' ? 'sqlite-fts5' : 'mariadb-trigrams');
  });

  test('a phrase is found wherever it is; a title match ranks above a newer cell match; the parts are marked', async () => {
    const found = await search('ข้อมูลข่าวสารตำบลทดสอบ');
    // The title matches first, newest first (the fourth, then the first), then the cell match although it is newer.
    expect(found.items.map((i) => i.id)).toEqual([ids.newerTitle, ids.inTitle, ids.inCell]);
    const title = found.items[1].highlight.title;
    expect(title.filter((p) => p.match).map((p) => p.text)).toEqual(['ข้อมูลข่าวสารตำบลทดสอบ']);
    expect(title.map((p) => p.text).join('')).toBe(`รายงาน${UNIQUE} ประจำปี`);
    const cellHit = found.items.find((i) => i.id === ids.inCell)!;
    expect(cellHit.highlight.title.some((p) => p.match)).toBe(false);
    expect(cellHit.highlight.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['ข้อมูลข่าวสารตำบลทดสอบ']);
  });

  test('two terms must both occur; short terms (one or two letters) still match; LIKE wildcards are literal', async () => {
    expect((await search(`ประชาชนเข้าถึง ${UNIQUE}`)).items.map((i) => i.id)).toEqual([ids.inCell]);
    expect((await search('ตำ')).items.length).toBeGreaterThanOrEqual(4);
    expect((await search('%')).items).toEqual([]);
    expect((await search('ข้อมูลข่าวสารตำบลทดสอบ_')).items).toEqual([]);
  });

  test('a subject match ranks with the title matches; a search pages forwards and back across both parts', async () => {
    const inSubject = await importDocument('รายงานฉบับที่ห้า', null, `บันทึกเรื่อง ${UNIQUE}`);
    const dataSource = t.app.get(DataSource);
    await dataSource.query('UPDATE reports SET updated_at = ? WHERE id = ?', ['2025-12-31 00:00:00.000', inSubject]);
    const whole = (await search(UNIQUE)).items.map((i) => i.id);
    // Title or subject (newest first: the oldest document last among them), then the cell match.
    expect(whole).toEqual([ids.newerTitle, ids.inTitle, inSubject, ids.inCell]);
    const walked: string[] = [];
    const pages: { items: { id: string }[]; next: string | null; previous: string | null }[] = [];
    let page = (await author.get(`/api/reports?q=${encodeURIComponent(UNIQUE)}&limit=3`)).body;
    expect(page.previous).toBeNull();
    for (;;) {
      pages.push(page);
      walked.push(...page.items.map((i: { id: string }) => i.id));
      if (!page.next) break;
      page = (await author.get(`/api/reports?q=${encodeURIComponent(UNIQUE)}&limit=3&cursor=${encodeURIComponent(page.next)}`)).body;
    }
    expect(walked).toEqual(whole);
    const back = (await author.get(`/api/reports?q=${encodeURIComponent(UNIQUE)}&limit=3&cursor=${encodeURIComponent(pages[1].previous!)}`)).body;
    expect(back.items.map((i: { id: string }) => i.id)).toEqual(whole.slice(0, 3));
    expect(back.previous).toBeNull();
    expect((await author.delete(`/api/reports/${inSubject}`)).status).toBeLessThan(300);
  });

  if (dialect === 'mysql') {
    test('the same documents, in the same order, whichever path the index takes (rare or common trigrams, in the text and the head)', async () => {
      const reportSearch = t.app.get(ReportSearch);
      const queries = [UNIQUE, 'ข้อมูลข่าวสารตำบลทดสอบ', `ประชาชนเข้าถึง ${UNIQUE}`, 'รายงาน', 'ประจำปี', 'ตำ', 'ไม่มีคำนี้ในเอกสาร', `ตำ ${UNIQUE}`];
      const narrowed = [];
      for (const q of queries) narrowed.push((await search(q)).items.map((i) => i.id));
      // The text's trigrams counting as common (0): the documents are read newest first, passed over by index lookups;
      // the head's as common: every head is tested newest first; as rare (200): they narrow the title matches.
      try {
        for (const [bounded, headBounded] of [[0, 200], [0, 0], [200, 0]]) {
          reportSearch.bounded = bounded;
          reportSearch.headBounded = headBounded;
          for (const [i, q] of queries.entries()) {
            expect([bounded, headBounded, q, (await search(q)).items.map((item) => item.id)]).toEqual([bounded, headBounded, q, narrowed[i]]);
          }
        }
      } finally {
        reportSearch.bounded = reportSearch.headBounded = 200;
      }
      expect(narrowed[0]).toEqual([ids.newerTitle, ids.inTitle, ids.inCell]);
      expect(narrowed[3].length).toBeGreaterThanOrEqual(4);
      expect(narrowed[7]).toEqual(narrowed[0]);
    });

    test('the head index is what ranks a title match when the text’s trigrams are common; it follows edits', async () => {
      const reportSearch = t.app.get(ReportSearch);
      const dataSource = t.app.get(DataSource);
      const headRows = (id: string) => dataSource.query('SELECT trigram FROM report_head_trigrams WHERE report_id = ? ORDER BY trigram', [id]);
      reportSearch.bounded = 0;
      try {
        expect((await search(UNIQUE)).items.map((i) => i.id)).toEqual([ids.newerTitle, ids.inTitle, ids.inCell]);
        const current = (await author.get(`/api/reports/${ids.inCell}`)).body;
        current.report.title = `รายงานผล${UNIQUE}`;
        expect((await author.put(`/api/reports/${ids.inCell}`, { report: current.report, memo: current.memo, version: current.version })).status).toBe(200);
        await dataSource.query('UPDATE reports SET updated_at = ? WHERE id = ?', ['2026-01-01 01:00:00.000', ids.inCell]);
        expect((await headRows(ids.inCell)).map((r: { trigram: string }) => r.trigram)).toContain([...UNIQUE].slice(0, 3).join(''));
        // Now a title match, the newest of them.
        expect((await search(UNIQUE)).items.map((i) => i.id)).toEqual([ids.newerTitle, ids.inCell, ids.inTitle]);
        // Without its head rows it is not found (the head index is what is read, as the text's is; both are kept in the
        // transaction that writes the document).
        await dataSource.query('DELETE FROM report_head_trigrams WHERE report_id = ?', [ids.newerTitle]);
        expect((await search(UNIQUE)).items.map((i) => i.id)).toEqual([ids.inCell, ids.inTitle]);
      } finally {
        reportSearch.bounded = 200;
        const current = (await author.get(`/api/reports/${ids.inCell}`)).body;
        current.report.title = 'รายงานผลการดำเนินงาน';
        expect((await author.put(`/api/reports/${ids.inCell}`, { report: current.report, memo: current.memo, version: current.version })).status).toBe(200);
        await dataSource.query('UPDATE reports SET updated_at = ? WHERE id = ?', ['2026-01-01 01:00:00.000', ids.inCell]);
        // The head rows deleted above, made again from the documents.
        await new ReportHeadTrigrams1765300000000().down(dataSource.createQueryRunner());
        await new ReportHeadTrigrams1765300000000().up(dataSource.createQueryRunner());
      }
      expect((await search(UNIQUE)).items.map((i) => i.id)).toEqual([ids.newerTitle, ids.inTitle, ids.inCell]);
    });

    test('a trigram counted common is not counted again; a count of none or of few is made every time', async () => {
      const reportSearch = t.app.get(ReportSearch);
      const dataSource = t.app.get(DataSource);
      let counted: string[] = [];
      const query = jest.spyOn(dataSource, 'query');
      query.mockImplementation(function (this: DataSource, sql: string, ...rest: unknown[]) {
        if (/^SELECT COUNT\(\*\) AS n FROM \(SELECT 1 FROM report_/.test(sql)) counted.push(sql);
        return (DataSource.prototype.query as (...a: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
      } as typeof dataSource.query);
      // The documents found, and how many of the phrase's text trigrams the search counted.
      const searchCounting = async (q: string) => {
        counted = [];
        const found = (await search(q)).items.map((i) => i.id);
        return { found, textCounted: counted.join(' UNION ALL ').split('UNION ALL').filter((part) => part.includes('FROM report_trigrams')).length };
      };
      const phrase = 'ระบบคิวอัจฉริยะสำหรับผู้มาติดต่อ';
      const every = trigramsOf(phrase).length;
      try {
        // In no document, then in one, then in two: each found at once (neither none nor few is remembered).
        expect(await searchCounting(phrase)).toEqual({ found: [], textCounted: every });
        const first = await importDocument('รายงานผลการดำเนินงาน', `มี${phrase}แล้ว`);
        expect(await searchCounting(phrase)).toEqual({ found: [first], textCounted: every });
        const second = await importDocument('รายงานผลการดำเนินงาน', `ขยาย${phrase}`);
        expect(await searchCounting(phrase)).toEqual({ found: [second, first], textCounted: every });

        // Common (in more documents than a bound of 1): counted once, then taken as common.
        reportSearch.bounded = 1;
        reportSearch.common.clear();
        expect(await searchCounting(phrase)).toEqual({ found: [second, first], textCounted: every });
        expect(await searchCounting(phrase)).toEqual({ found: [second, first], textCounted: 0 });
        // Common above 1 says nothing of a bound of 200: counted again.
        reportSearch.bounded = 200;
        expect(await searchCounting(phrase)).toEqual({ found: [second, first], textCounted: every });
        for (const id of [first, second]) expect((await author.delete(`/api/reports/${id}`)).status).toBeLessThan(300);
      } finally {
        query.mockRestore();
        reportSearch.bounded = 200;
        reportSearch.common.clear();
      }
    });

    test('migration 1765300000000 indexes the head of the documents there are, as the application does', async () => {
      const dataSource = t.app.get(DataSource);
      const rows = () => dataSource.query('SELECT organization_id, trigram, report_id FROM report_head_trigrams ORDER BY report_id, trigram');
      const before = await rows();
      expect(before.length).toBeGreaterThan(100);
      const runner = dataSource.createQueryRunner();
      try {
        await new ReportHeadTrigrams1765300000000().down(runner);
        expect(await runner.hasTable('report_head_trigrams')).toBe(false);
        await new ReportHeadTrigrams1765300000000().up(runner);
      } finally {
        await runner.release();
      }
      expect(await rows()).toEqual(before);
    });
  }

  test('migration 1765100000000 fills the head of the documents there are, leaving updated_at (and the FTS triggers) as they were', async () => {
    const dataSource = t.app.get(DataSource);
    const rows = () => dataSource.query('SELECT id, search_head, updated_at FROM reports ORDER BY id');
    const before = await rows();
    expect(before.find((r: { id: string }) => r.id === ids.inTitle).search_head).toBe(searchHead(`รายงาน${UNIQUE} ประจำปี`, seed003.memo.subject));
    const triggers = () => dataSource.query("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    const triggersBefore = dialect === 'sqlite' ? await triggers() : [];
    const runner = dataSource.createQueryRunner();
    try {
      await new ReportSearchHead1765100000000().down(runner);
      expect(await runner.hasColumn('reports', 'search_head')).toBe(false);
      await new ReportSearchHead1765100000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await rows()).toEqual(before);
    if (dialect === 'sqlite') expect(await triggers()).toEqual(triggersBefore);
    expect((await search('ข้อมูลข่าวสารตำบลทดสอบ')).items.map((i) => i.id)).toEqual([ids.newerTitle, ids.inTitle, ids.inCell]);
  });

  test('another organisation finds nothing of this one', async () => {
    expect((await search(UNIQUE, outsider)).items).toEqual([]);
  });

  test('the index follows edits; a document missing from the index is not found (the index is what is read)', async () => {
    const current = (await author.get(`/api/reports/${ids.elsewhere}`)).body;
    current.report.title = 'รายงานที่แก้ไขแล้วมีคำว่าสัญลักษณ์พิเศษ';
    const updated = await author.put(`/api/reports/${ids.elsewhere}`, { report: current.report, memo: current.memo, version: current.version });
    expect(updated.status).toBe(200);
    expect((await search('สัญลักษณ์พิเศษ')).items.map((i) => i.id)).toEqual([ids.elsewhere]);
    expect((await search('รายงานอื่น')).items.map((i) => i.id)).not.toContain(ids.elsewhere);

    const dataSource = t.app.get(DataSource);
    if (dialect === 'sqlite') {
      const [row] = await dataSource.query('SELECT rowid, search_text FROM reports WHERE id = ?', [ids.elsewhere]);
      await dataSource.query(`INSERT INTO report_search (report_search, rowid, search_text) VALUES ('delete', ?, ?)`, [row.rowid, row.search_text]);
    } else {
      await dataSource.query('DELETE FROM report_trigrams WHERE report_id = ?', [ids.elsewhere]);
    }
    expect((await search('สัญลักษณ์พิเศษ')).items).toEqual([]);
  });
});
