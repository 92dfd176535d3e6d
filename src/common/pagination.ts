import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';
import { readDate } from './raw-date';
import { MaxLength } from './validation';

/** Every list: this many items unless `limit` asks for fewer or more, and never more than the cap. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;
/**
 * A search's page unless `limit` asks otherwise: each result carries its highlighted title, subject and snippet, and
 * people read the first few (the web shows as many); 50 would read and send two and a half times as much for each.
 */
export const SEARCH_PAGE_SIZE = 20;

/** `?limit=&cursor=`, the same on every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ description: `Items per page (at most ${PAGE_SIZE.max})`, default: PAGE_SIZE.default, minimum: 1, maximum: PAGE_SIZE.max })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE.max)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` (or `previous`) of a page of the same list, as it was given: opaque' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

/** One page of a list, in the list's stable order; `next`/`previous` are cursors, null at either end. */
export interface Page<T> {
  items: T[];
  next: string | null;
  previous: string | null;
}

/** The OpenAPI schema of a page whose items are described by `item`. */
export function pageSchema(item: Record<string, unknown> = { type: 'object' }) {
  return {
    type: 'object',
    required: ['items', 'next', 'previous'],
    properties: {
      items: { type: 'array', items: item },
      next: { type: 'string', nullable: true, description: 'Pass as `cursor` for the following page; null on the last' },
      previous: { type: 'string', nullable: true, description: 'Pass as `cursor` for the page before; null on the first' },
    },
  };
}

/** The OpenAPI description of a list endpoint's answer: one page. */
export function ApiPage(item?: Record<string, unknown>, description = 'One page of the list') {
  return applyDecorators(ApiOkResponse({ description, schema: pageSchema(item) }));
}

type KeyValue = string | number | Date;

/** A column (or expression) of a list's order; the last column of a keyset is unique, so the order is total. */
export interface KeyColumn<Row> {
  /** SQL for the value, as WHERE can use it (an alias is not allowed there). */
  sql: string;
  /** What ORDER BY names, when not `sql` (a select alias). */
  orderBy?: string;
  direction: 'ASC' | 'DESC';
  kind: 'string' | 'number' | 'date';
  of: (row: Row) => unknown;
}

/** A list's stable order; `name` keeps one list's cursor from being taken for another's. */
export interface Keyset<Row> {
  name: string;
  columns: KeyColumn<Row>[];
}

const badCursor = () =>
  DomainError.field(
    'cursor',
    'cursor',
    'ตัวชี้หน้า (cursor) ไม่ถูกต้อง ให้ใช้ค่า next หรือ previous จากหน้าก่อนหน้าของรายการเดียวกัน',
    'The cursor is not valid: pass the next or previous of a page of the same list, as given',
  );

function encode(keyset: Keyset<unknown>, direction: 'after' | 'before', values: KeyValue[]): string {
  const plain = values.map((value) => (value instanceof Date ? value.toISOString() : value));
  return Buffer.from(JSON.stringify([keyset.name, direction === 'after' ? 'a' : 'b', ...plain])).toString('base64url');
}

function decode(keyset: Keyset<unknown>, cursor: string): { direction: 'after' | 'before'; values: KeyValue[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== keyset.name || (parsed[1] !== 'a' && parsed[1] !== 'b') || parsed.length !== keyset.columns.length + 2) throw badCursor();
  const values = keyset.columns.map((column, i) => {
    const value: unknown = parsed[i + 2];
    if (column.kind === 'number' && typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (column.kind === 'string' && typeof value === 'string' && value.length <= 300) return value;
    if (column.kind === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value)) return new Date(value);
    throw badCursor();
  });
  return { direction: parsed[1] === 'a' ? 'after' : 'before', values };
}

/** A key value as read from a row: dates come back as Date (MySQL, entities) or as UTC text (SQLite, raw rows). */
function keyValue(column: KeyColumn<unknown>, row: unknown): KeyValue {
  const value = column.of(row);
  if (column.kind === 'date') return readDate(value instanceof Date ? value : String(value));
  if (column.kind === 'number') return Number(value);
  return String(value);
}

/**
 * How a key column is compared. SQLite keeps datetimes as text, and TypeORM writes them in two forms (with
 * milliseconds on insert, without on update): compared as written, a row's own time would sort before itself in
 * the other form. There they are compared in one form (the ordering then sorts; SQLite serves one organisation).
 */
function comparable(qb: SelectQueryBuilder<ObjectLiteral>): (column: KeyColumn<never>) => string {
  const sqlite = qb.connection.options.type !== 'mysql';
  return (column) => (sqlite && column.kind === 'date' ? `strftime('%Y-%m-%d %H:%M:%f', ${column.sql})` : column.sql);
}

/** The page size asked for, checked here too: pages call services with their own numbers. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return PAGE_SIZE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE.max) {
    throw DomainError.field('limit', 'max', `ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง ${PAGE_SIZE.max}`, `must be a whole number from 1 to ${PAGE_SIZE.max}`);
  }
  return limit;
}

/** One part of a list made of parts (see `chainedPage`): its rows, in its own keyset's order; null: known empty, not read. */
export interface ListPart<Row> {
  qb: SelectQueryBuilder<ObjectLiteral> | null;
  keyset: Keyset<Row>;
}

/** Decodes a cursor of one of the parts' keysets (their names tell them apart); which part it is in. */
function decodeOf(parts: { keyset: Keyset<unknown> }[], cursor: string): { part: number; direction: 'after' | 'before'; values: KeyValue[] } {
  let name: unknown;
  try {
    name = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[])[0];
  } catch {
    throw badCursor();
  }
  const part = parts.findIndex((p) => p.keyset.name === name);
  if (part < 0) throw badCursor();
  return { part, ...decode(parts[part].keyset, cursor) };
}

/**
 * Up to `count` rows of one part in its keyset's order (`backwards`: the reverse order), after (before) `values` or
 * from its start (end): a range read on an index that ends with the keyset's columns, however deep the page.
 */
async function readPart<Row>(
  part: ListPart<Row>,
  from: KeyValue[] | null,
  backwards: boolean,
  count: number,
  read: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<Row[]>,
): Promise<Row[]> {
  const { qb } = part;
  if (!qb) return [];
  const { columns } = part.keyset;
  const sqlOf = comparable(qb);
  if (from) {
    // (c1, c2, …) after (v1, v2, …) in the order: c1 beyond v1, or c1 = v1 and c2 beyond v2, and so on.
    const parameters: Record<string, KeyValue> = {};
    const alternatives = columns.map((column, j) => {
      const equal = columns.slice(0, j).map((earlier, e) => `${sqlOf(earlier)} = :keyset${e}`);
      const ascending = (column.direction === 'ASC') !== backwards;
      return `(${[...equal, `${sqlOf(column)} ${ascending ? '>' : '<'} :keyset${j}`].join(' AND ')})`;
    });
    from.forEach((value, i) => (parameters[`keyset${i}`] = value));
    qb.andWhere(`(${alternatives.join(' OR ')})`, parameters);
  }
  columns.forEach((column, i) => {
    const direction = backwards ? (column.direction === 'ASC' ? 'DESC' : 'ASC') : column.direction;
    if (i === 0) qb.orderBy(column.orderBy ?? sqlOf(column), direction);
    else qb.addOrderBy(column.orderBy ?? sqlOf(column), direction);
  });
  qb.limit(count);
  return read(qb);
}

/**
 * Reads one page of a list made of parts, one after another (e.g. a search's title matches, then the others), each
 * in its own keyset's order and named by it, so that a cursor says which part it points into. Forwards: the rest of
 * the cursor's part, then the following parts from their start, until the page is full (and one row more, to know
 * there is a next); backwards the same in reverse. Each part read is a range read that stops at the page's end;
 * each part's query builder is read at most once, and is changed (order, limit, the cursor's condition).
 * `next`/`previous` as for one part: previous is null on the first page, next null on the last.
 */
export async function chainedPage<Row>(
  parts: ListPart<Row>[],
  page: { limit?: number; cursor?: string },
  read: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<Row[]>,
): Promise<{ rows: Row[]; next: string | null; previous: string | null }> {
  const limit = pageSize(page.limit);
  const cursor = page.cursor ? decodeOf(parts as ListPart<unknown>[], page.cursor) : null;
  const backwards = cursor?.direction === 'before';
  // Rows in reading order (reversed when reading backwards), each with the part it came from.
  const found: { row: Row; part: number }[] = [];
  const step = backwards ? -1 : 1;
  for (let p = cursor?.part ?? 0; p >= 0 && p < parts.length && found.length <= limit; p += step) {
    const rows = await readPart(parts[p], p === cursor?.part ? cursor.values : null, backwards, limit + 1 - found.length, read);
    for (const row of rows) found.push({ row, part: p });
  }
  const more = found.length > limit;
  const kept = found.slice(0, limit);
  if (backwards) kept.reverse();
  const at = (entry: { row: Row; part: number } | undefined) =>
    entry === undefined ? null : { keyset: parts[entry.part].keyset as Keyset<unknown>, values: parts[entry.part].keyset.columns.map((column) => keyValue(column as KeyColumn<unknown>, entry.row)) };
  const first = at(kept[0]);
  const last = at(kept[kept.length - 1]);
  const forwardMore = backwards ? kept.length > 0 : more;
  const backwardMore = backwards ? more : cursor !== null;
  return {
    rows: kept.map((entry) => entry.row),
    next: forwardMore && last ? encode(last.keyset, 'after', last.values) : null,
    previous: backwardMore && first ? encode(first.keyset, 'before', first.values) : null,
  };
}

/** Reads one page of `qb` in the keyset's order, after (or before) the cursor's row: a list of one part. */
export function keysetPage<Row>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  keyset: Keyset<Row>,
  page: { limit?: number; cursor?: string },
  read: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<Row[]>,
): Promise<{ rows: Row[]; next: string | null; previous: string | null }> {
  return chainedPage([{ qb, keyset }], page, read);
}

/** A list that is empty for this reader, without a query: its limit and cursor are still checked. */
export function emptyPage<Row>(keyset: Keyset<Row>, page: { limit?: number; cursor?: string }): Page<never> {
  pageSize(page.limit);
  if (page.cursor) decode(keyset as Keyset<unknown>, page.cursor);
  return { items: [], next: null, previous: null };
}

/** A page of `qb` in the keyset's order, each row made into an item. */
export async function pageOf<Row, Item>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  keyset: Keyset<Row>,
  page: { limit?: number; cursor?: string },
  read: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<Row[]>,
  item: (row: Row) => Item,
): Promise<Page<Item>> {
  const { rows, next, previous } = await keysetPage(qb, keyset, page, read);
  return { items: rows.map(item), next, previous };
}
