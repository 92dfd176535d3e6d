import { DataSource } from 'typeorm';
import { DomainError } from './domain-error';
import { chainedPage, keysetPage, type Keyset, type ListPart } from './pagination';

/** A list of two parts on a real (in-memory) SQLite: the `head` rows first, then the others, each newest first. */
interface Row {
  id: string;
  at: number;
}

const keyset = (name: string): Keyset<Row> => ({
  name,
  columns: [
    { sql: 'item.at', direction: 'DESC', kind: 'number', of: (row) => row.at },
    { sql: 'item.id', direction: 'DESC', kind: 'string', of: (row) => row.id },
  ],
});

describe('chained keyset pages', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await db.query('CREATE TABLE items (id TEXT PRIMARY KEY, head INTEGER NOT NULL, at INTEGER NOT NULL)');
  });
  afterAll(() => db.destroy());

  /** Items `h0…` in the first part and `o0…` in the second; `at` descends within each, and ties are broken by id. */
  async function fill(heads: number, others: number): Promise<string[]> {
    await db.query('DELETE FROM items');
    const rows: [string, number, number][] = [
      ...Array.from({ length: heads }, (_, i): [string, number, number] => [`h${String(i).padStart(2, '0')}`, 1, 1000 - Math.floor(i / 2)]),
      ...Array.from({ length: others }, (_, i): [string, number, number] => [`o${String(i).padStart(2, '0')}`, 0, 2000 - Math.floor(i / 3)]),
    ];
    for (const row of rows) await db.query('INSERT INTO items (id, head, at) VALUES (?, ?, ?)', row);
    // The expected order: the first part (at DESC, id DESC), then the second.
    const order = (part: [string, number, number][]) => part.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? 1 : -1)).map((r) => r[0]);
    return [...order(rows.filter((r) => r[1] === 1)), ...order(rows.filter((r) => r[1] === 0))];
  }

  const parts = (): ListPart<Row>[] => [
    { qb: db.createQueryBuilder().select(['item.id AS id', 'item.at AS at']).from('items', 'item').where('item.head = 1'), keyset: keyset('heads') },
    { qb: db.createQueryBuilder().select(['item.id AS id', 'item.at AS at']).from('items', 'item').where('item.head = 0'), keyset: keyset('others') },
  ];
  const read = (qb: ReturnType<DataSource['createQueryBuilder']>) => qb.getRawMany<Row>();
  const page = (limit: number, cursor?: string) => chainedPage(parts(), { limit, cursor }, read);

  /** Walks forward from the first page to the last, then back from the last to the first. */
  async function walk(limit: number) {
    const forward: string[][] = [];
    let current = await page(limit);
    expect(current.previous).toBeNull();
    forward.push(current.rows.map((r) => r.id));
    while (current.next) {
      current = await page(limit, current.next);
      forward.push(current.rows.map((r) => r.id));
    }
    const backward: string[][] = [current.rows.map((r) => r.id)];
    while (current.previous) {
      current = await page(limit, current.previous);
      backward.unshift(current.rows.map((r) => r.id));
    }
    return { forward, backward };
  }

  test.each([
    ['both parts, pages straddling them', 7, 11, 3],
    ['both parts, a page ending where the first part does', 6, 5, 3],
    ['an empty first part', 0, 8, 3],
    ['an empty second part', 8, 0, 3],
    ['one page holding both', 2, 2, 10],
  ])('%s: forward is the whole list once, in order, and walking back gives the same pages', async (_name, heads, others, limit) => {
    const expected = await fill(heads, others);
    const { forward, backward } = await walk(limit);
    expect(forward.flat()).toEqual(expected);
    expect(forward.every((p, i) => p.length === limit || i === forward.length - 1)).toBe(true);
    expect(backward).toEqual(forward);
  });

  test('a page straddling the parts: the end of the first, the start of the second; its cursors point into each', async () => {
    const expected = await fill(4, 4);
    const first = await page(3);
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 3));
    const second = await page(3, first.next!);
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(3, 6));
    const name = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[0];
    expect(name(second.previous!)).toBe('heads');
    expect(name(second.next!)).toBe('others');
    expect((await page(3, second.previous!)).rows.map((r) => r.id)).toEqual(expected.slice(0, 3));
  });

  test('a part known to be empty (null) is not read, and the other part pages as before', async () => {
    const expected = await fill(4, 5);
    const known = (): ListPart<Row>[] => [{ qb: null, keyset: keyset('heads') }, parts()[1]];
    const first = await chainedPage(known(), { limit: 3 }, read);
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(4, 7));
    const second = await chainedPage(known(), { limit: 3, cursor: first.next! }, read);
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(7, 9));
    expect((await chainedPage(known(), { limit: 3, cursor: second.previous! }, read)).rows.map((r) => r.id)).toEqual(expected.slice(4, 7));
    expect(await chainedPage([{ qb: null, keyset: keyset('heads') }], { limit: 3 }, read)).toEqual({ rows: [], next: null, previous: null });
  });

  test('an empty list: no rows, no cursors', async () => {
    await fill(0, 0);
    expect(await page(5)).toEqual({ rows: [], next: null, previous: null });
  });

  test('each part is read only as far as the page needs', async () => {
    await fill(10, 10);
    const limits: number[] = [];
    const counting = (qb: ReturnType<DataSource['createQueryBuilder']>) => {
      limits.push(qb.expressionMap.limit!);
      return qb.getRawMany<Row>();
    };
    await chainedPage(parts(), { limit: 4 }, counting);
    expect(limits).toEqual([5]);
    const { next } = await chainedPage(parts(), { limit: 8 }, counting);
    limits.length = 0;
    await chainedPage(parts(), { limit: 4, cursor: next! }, counting);
    // After h07: h08 and h09 of the first part (asked for 5), then 3 of the second (the page's 2 and one more).
    expect(limits).toEqual([5, 3]);
  });

  test('a cursor of another list, or not a cursor, is refused', async () => {
    await fill(3, 3);
    const other = await keysetPage(parts()[0].qb!, keyset('elsewhere'), { limit: 1 }, read);
    await expect(page(2, other.next!)).rejects.toThrow(DomainError);
    await expect(page(2, 'not a cursor')).rejects.toThrow(DomainError);
  });

  test('keysetPage is the list of one part', async () => {
    const expected = await fill(5, 0);
    const first = await keysetPage(parts()[0].qb!, keyset('heads'), { limit: 2 }, read);
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 2));
    expect(first.previous).toBeNull();
    const second = await keysetPage(parts()[0].qb!, keyset('heads'), { limit: 2, cursor: first.next! }, read);
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(2, 4));
  });
});
