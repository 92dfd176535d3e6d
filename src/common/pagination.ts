import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';
import { MaxLength } from './validation';

/** Every list: this many items unless `limit` asks for fewer or more, and never more than the cap. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

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
  if (column.kind === 'date') return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
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

/**
 * Reads one page of `qb` in the keyset's order, after (or before) the cursor's row: a range read on an index that
 * ends with the keyset's columns, however deep the page. `read` runs the query (getMany, getRawMany, …).
 */
export async function keysetPage<Row>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  keyset: Keyset<Row>,
  page: { limit?: number; cursor?: string },
  read: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<Row[]>,
): Promise<{ rows: Row[]; next: string | null; previous: string | null }> {
  const limit = pageSize(page.limit);
  const cursor = page.cursor ? decode(keyset as Keyset<unknown>, page.cursor) : null;
  const backwards = cursor?.direction === 'before';
  const sqlOf = comparable(qb);
  if (cursor) {
    // (c1, c2, …) after (v1, v2, …) in the order: c1 beyond v1, or c1 = v1 and c2 beyond v2, and so on.
    const parameters: Record<string, KeyValue> = {};
    const alternatives = keyset.columns.map((column, j) => {
      const equal = keyset.columns.slice(0, j).map((earlier, e) => `${sqlOf(earlier)} = :keyset${e}`);
      const ascending = (column.direction === 'ASC') !== backwards;
      return `(${[...equal, `${sqlOf(column)} ${ascending ? '>' : '<'} :keyset${j}`].join(' AND ')})`;
    });
    cursor.values.forEach((value, i) => (parameters[`keyset${i}`] = value));
    qb.andWhere(`(${alternatives.join(' OR ')})`, parameters);
  }
  keyset.columns.forEach((column, i) => {
    const direction = backwards ? (column.direction === 'ASC' ? 'DESC' : 'ASC') : column.direction;
    if (i === 0) qb.orderBy(column.orderBy ?? sqlOf(column), direction);
    else qb.addOrderBy(column.orderBy ?? sqlOf(column), direction);
  });
  qb.limit(limit + 1);
  const read_ = await read(qb);
  const more = read_.length > limit;
  const rows = read_.slice(0, limit);
  if (backwards) rows.reverse();
  const at = (row: Row | undefined) => (row === undefined ? null : keyset.columns.map((column) => keyValue(column as KeyColumn<unknown>, row)));
  const first = at(rows[0]);
  const last = at(rows[rows.length - 1]);
  const forwardMore = backwards ? rows.length > 0 : more;
  const backwardMore = backwards ? more : cursor !== null;
  return {
    rows,
    next: forwardMore && last ? encode(keyset as Keyset<unknown>, 'after', last) : null,
    previous: backwardMore && first ? encode(keyset as Keyset<unknown>, 'before', first) : null,
  };
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
