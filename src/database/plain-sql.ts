import type { EntityManager } from 'typeorm';

/**
 * Plain SQL for the few statements on the workflow's hot path, written once for MySQL/MariaDB and SQLite: `?`
 * placeholders (both drivers take them), values bound as each driver wants them. TypeORM's query builder spent about
 * a fifth of the server's CPU per transition building these same statements (docs/benchmarks.md, "Workflow").
 */
export interface PlainSql {
  mysql: boolean;
  /** A date as the column stores it: mysql2 binds a Date itself (UTC, `timezone: 'Z'`); better-sqlite3 takes TypeORM's text. */
  date(value: Date): Date | string;
  /** `INSERT IGNORE` / `INSERT OR IGNORE`. */
  insertIgnore: string;
  /** Text concatenation of two columns. */
  concat(a: string, b: string): string;
  /** Rows of a SELECT. */
  rows<T>(sql: string, parameters: unknown[]): Promise<T[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  affected(sql: string, parameters: unknown[]): Promise<number>;
}

/** `YYYY-MM-DD HH:MM:SS.SSS` in UTC, as TypeORM writes datetimes to SQLite. */
function sqliteDate(value: Date): string {
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

export function plainSql(manager: EntityManager): PlainSql {
  const mysql = manager.connection.options.type === 'mysql';
  return {
    mysql,
    date: mysql ? (value) => value : sqliteDate,
    insertIgnore: mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE',
    concat: (a, b) => (mysql ? `CONCAT(${a}, ${b})` : `(${a} || ${b})`),
    rows: (sql, parameters) => manager.query(sql, parameters),
    affected: async (sql, parameters) => {
      // The structured result carries the count on both drivers (a plain query answers SQLite's last row id).
      const own = manager.queryRunner ? null : manager.connection.createQueryRunner();
      try {
        const result = await (manager.queryRunner ?? own!).query(sql, parameters, true);
        return Number(result.affected ?? 0);
      } finally {
        await own?.release();
      }
    },
  };
}
