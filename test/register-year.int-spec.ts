import { DataSource } from 'typeorm';
import { RegisterYear1764600000000 } from '../migrations/1764600000000-RegisterYear';
import { Clock } from '../src/common/clock';
import seed003 from './fixtures/seed-003-memo-implementation.json';
import type { HttpClient } from './support/http-client';
import { newDraft, send, signInAll, type People } from './support/journey';
import { DIALECTS, seedOrganization, startTestApp, type TestApp } from './support/test-app';

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const numberOf = (documentNumber: string) => Number([...documentNumber.split('/')[1]].map((d) => THAI_DIGITS.indexOf(d)).join(''));

/** Bangkok is UTC+7 all year: 23:58 on 31 December 2026 there is 16:58 UTC. */
const LATE_ON_31_DECEMBER = new Date('2026-12-31T23:58:00+07:00');
const EARLY_ON_1_JANUARY = new Date('2027-01-01T00:05:00+07:00');
const YEAR_2569 = 2569;
const YEAR_2570 = 2570;

/** A draft whose memo has no date yet: SUBMIT dates it with the day its number is taken. */
async function undatedDraft(author: HttpClient, subject: string): Promise<string> {
  const { date: _date, ...memo } = structuredClone(seed003).memo as Record<string, unknown>;
  const res = await author.post('/api/reports/import', { ...structuredClone(seed003), memo: { ...memo, subject } });
  if (res.status !== 201) throw new Error(`import: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/**
 * The outgoing register restarts at ๑ on 1 January (Bangkok time) and the printed number carries no year: the memo
 * keeps the register year beside its number, and the number is unique only with it.
 */
describe.each(DIALECTS)('document numbers across the year change on %s', (dialect) => {
  let t: TestApp;
  let db: DataSource;
  let clock: Clock;
  let organizations = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    db = t.app.get(DataSource);
    clock = t.app.get(Clock);
  });
  afterEach(() => {
    clock.now = () => new Date();
  });
  afterAll(() => t.close());

  /** A fresh organisation, so that its register starts empty in every test. */
  async function organization(): Promise<{ p: People; organizationId: string }> {
    const org = await seedOrganization(t, `ny${++organizations}`);
    return { p: await signInAll(t, org), organizationId: org.organizationId };
  }

  const at = (instant: Date) => {
    clock.now = () => instant;
  };

  test('the migration keeps every existing number as it was and gives each the year of its first SUBMIT in Bangkok', async () => {
    const { p, organizationId } = await organization();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const id = await newDraft(p.author, `ก่อนย้ายข้อมูล ${i}`);
      expect((await send(p.author, id, { event: 'SUBMIT' })).status).toBe(200);
      ids.push(id);
    }
    const snapshot = async () =>
      (await db.query('SELECT id, document_number FROM memos WHERE organization_id = ? ORDER BY id', [organizationId])).map((r: any) => [r.id, r.document_number]);
    const before = await snapshot();

    // The first SUBMIT of the first memo was at 00:30 on 1 January 2026 in Bangkok (17:30 UTC the day before), of the
    // second at 23:30 on 31 December 2025: their register years are 2569 and 2568 whatever the server's time zone.
    const stamp = (instant: string) => instant.replace('T', ' ').replace('Z', '');
    await db.query("UPDATE audit_events SET created_at = ? WHERE memo_id = ? AND event = 'SUBMIT'", [stamp('2025-12-31T17:30:00.000Z'), ids[0]]);
    await db.query("UPDATE audit_events SET created_at = ? WHERE memo_id = ? AND event = 'SUBMIT'", [stamp('2025-12-31T16:30:00.000Z'), ids[1]]);

    const migration = new RegisterYear1764600000000();
    const runner = db.createQueryRunner();
    try {
      // Back to the schema before it (the first test: no number recurs yet, so the old unique key holds), and forward.
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    expect(await snapshot()).toEqual(before);
    const years = await db.query('SELECT id, register_year FROM memos WHERE organization_id = ? AND document_number IS NOT NULL', [organizationId]);
    const yearOf = new Map(years.map((r: any) => [r.id, Number(r.register_year)]));
    expect(yearOf.get(ids[0])).toBe(2569);
    expect(yearOf.get(ids[1])).toBe(2568);
    expect(yearOf.get(ids[2])).toBeGreaterThanOrEqual(2569);
  });

  test('a number taken at 23:58 on 31 December and one at 00:05 on 1 January: both ๑, each of its own year, both stored and found', async () => {
    const { p, organizationId } = await organization();
    const old = await undatedDraft(p.author, 'ส่งก่อนสิ้นปี');
    const young = await undatedDraft(p.author, 'ส่งต้นปีใหม่');

    at(LATE_ON_31_DECEMBER);
    const first = await send(p.author, old, { event: 'SUBMIT' });
    at(EARLY_ON_1_JANUARY);
    const second = await send(p.author, young, { event: 'SUBMIT' });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body).toMatchObject({ documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2569 });
    expect(second.body).toMatchObject({ documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2570 });

    const stored = await db.query('SELECT id, document_number, register_year FROM memos WHERE organization_id = ? ORDER BY register_year', [organizationId]);
    expect(stored.map((r: any) => [r.id, r.document_number, Number(r.register_year)])).toEqual([
      [old, 'นธ ๗๗๒๐๑/๑', YEAR_2569],
      [young, 'นธ ๗๗๒๐๑/๑', YEAR_2570],
    ]);
    // The memo is dated the day its number was taken, in Bangkok.
    expect((await p.author.get(`/api/reports/${old}`)).body.memo.date).toBe('2026-12-31');
    expect((await p.author.get(`/api/reports/${young}`)).body.memo.date).toBe('2027-01-01');

    // Found by number and year; by number alone both years answer; Arabic digits find the Thai-digit number.
    const find = async (query: string) => (await p.author.get(`/api/reports?${query}`)).body.items.map((i: any) => [i.id, i.registerYear]);
    expect(await find(`documentNumber=${encodeURIComponent('นธ ๗๗๒๐๑/๑')}&registerYear=${YEAR_2570}`)).toEqual([[young, YEAR_2570]]);
    expect(await find(`documentNumber=${encodeURIComponent('นธ 77201/1')}&registerYear=${YEAR_2569}`)).toEqual([[old, YEAR_2569]]);
    expect((await find(`documentNumber=${encodeURIComponent('นธ ๗๗๒๐๑/๑')}`)).sort()).toEqual([[old, YEAR_2569], [young, YEAR_2570]].sort());

    // Where both are listed, each is shown with its register year.
    const page = await p.author.get('/memos');
    expect(page.text).toContain('นธ ๗๗๒๐๑/๑ (พ.ศ. ๒๕๖๙)');
    expect(page.text).toContain('นธ ๗๗๒๐๑/๑ (พ.ศ. ๒๕๗๐)');
  });

  test('200 SUBMITs at once across midnight: two runs of consecutive numbers, each from ๑, no gap, no duplicate', async () => {
    const { p, organizationId } = await organization();
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 20) ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => newDraft(p.author, `เรื่องที่ ${i + j}`)))));

    // The clock strikes midnight while the submissions are in flight: the first hundred read 31 December.
    let reads = 0;
    clock.now = () => (++reads <= 100 ? new Date(LATE_ON_31_DECEMBER.getTime() + reads * 10) : new Date(EARLY_ON_1_JANUARY.getTime() + reads * 10));
    const results = await Promise.all(ids.map((id) => send(p.author, id, { event: 'SUBMIT' })));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);

    const byYear = new Map<number, number[]>();
    for (const r of results) byYear.set(r.body.registerYear, [...(byYear.get(r.body.registerYear) ?? []), numberOf(r.body.documentNumber)]);
    expect([...byYear.keys()].sort()).toEqual([YEAR_2569, YEAR_2570]);
    for (const numbers of byYear.values()) {
      numbers.sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    }
    expect(byYear.get(YEAR_2569)!.length + byYear.get(YEAR_2570)!.length).toBe(200);

    const registers = await db.query('SELECT year, last_number FROM document_registers WHERE organization_id = ? ORDER BY year', [organizationId]);
    expect(registers.map((r: any) => [Number(r.year), Number(r.last_number)])).toEqual([
      [YEAR_2569, byYear.get(YEAR_2569)!.length],
      [YEAR_2570, byYear.get(YEAR_2570)!.length],
    ]);
  });

  test('a memo of the old year cancelled in the new one keeps its number and year; the new year does not reuse it', async () => {
    const { p } = await organization();
    const old = await newDraft(p.author, 'จะยกเลิก');
    at(LATE_ON_31_DECEMBER);
    expect((await send(p.author, old, { event: 'SUBMIT' })).body).toMatchObject({ documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2569 });

    at(EARLY_ON_1_JANUARY);
    const cancelled = await send(p.author, old, { event: 'CANCEL' });
    expect(cancelled.body).toMatchObject({ to: 'cancelled', documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2569 });
    const next = await send(p.author, await newDraft(p.author, 'ปีใหม่'), { event: 'SUBMIT' });
    expect(next.body).toMatchObject({ documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2570 });
    const later = await send(p.author, await newDraft(p.author, 'ปีใหม่ ฉบับที่สอง'), { event: 'SUBMIT' });
    expect(later.body).toMatchObject({ documentNumber: 'นธ ๗๗๒๐๑/๒', registerYear: YEAR_2570 });
    expect((await p.author.get(`/api/reports/${old}`)).body).toMatchObject({ status: 'cancelled', documentNumber: 'นธ ๗๗๒๐๑/๑', registerYear: YEAR_2569 });
  });


});
