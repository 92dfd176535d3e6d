import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { runMigrationsLocked } from './migrate';
import { QueryLogger } from './query-logger';
import { SqliteDataSource } from './sqlite-data-source';

export interface DatabaseSettings {
  /** `mysql://…`; absent → the embedded SQLite file under `dataDir`. */
  url?: string;
  dataDir: string;
  logging?: boolean;
  /** MySQL: how long a new connection may take to be greeted (a frozen server accepts TCP and never greets). */
  connectTimeoutMs?: number;
  /** MySQL: a query unanswered after this fails (0: never), so that a frozen server cannot hold a request. */
  queryTimeoutMs?: number;
}

export type Dialect = 'mysql' | 'sqlite';

export function dialectOf(settings: Pick<DatabaseSettings, 'url'>): Dialect {
  return settings.url ? 'mysql' : 'sqlite';
}

/** The one description of Kasian's database, shared by the app, the migration CLI and the tests. */
export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // DATABASE_LOGGING: every statement to the console, as TypeORM prints them; otherwise only what an operator needs.
    logging: settings.logging ?? false,
    ...(settings.logging ? {} : { logger: new QueryLogger() }),
  } as const;
  if (settings.url) {
    return {
      ...common,
      type: 'mysql',
      url: settings.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      // mysql2 captures a stack trace on every query to enrich the rare error's stack: ~6 % of the server's CPU per
      // workflow transition (bench:workflow). TypeORM's QueryFailedError keeps the failing SQL and Kasian's own stack.
      trace: false,
      connectTimeout: settings.connectTimeoutMs ?? 10_000,
      // mysql2 fails the query's promise at the timeout and leaves the connection to finish it (or to close):
      // the pool is not corrupted, and the answer is "database unavailable" rather than a hung request.
      ...(settings.queryTimeoutMs ? { enableQueryTimeout: true, maxQueryExecutionTime: settings.queryTimeoutMs } : {}),
      extra: { connectionLimit: 20 },
    };
  }
  mkdirSync(settings.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(settings.dataDir, 'kasian.sqlite'),
    enableWAL: true,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}

/**
 * Applies the pending migrations on a data source of their own, without the query timeout: a long ALTER TABLE on a
 * big table must not be cut off half-way (MySQL's DDL is not transactional), nor the wait for another process's
 * migration lock (see `runMigrationsLocked`).
 */
export async function runMigrations(options: DataSourceOptions): Promise<void> {
  const migrator = createDataSource({ ...options, migrationsRun: false, ...(options.type === 'mysql' ? { enableQueryTimeout: false, extra: { connectionLimit: 2 } } : {}) } as DataSourceOptions);
  await migrator.initialize();
  try {
    await runMigrationsLocked(migrator);
  } finally {
    await migrator.destroy();
  }
}

/** The DataSource for these options: on SQLite, one that runs one transaction at a time on its one connection. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return options.type === 'better-sqlite3' ? new SqliteDataSource(options) : new DataSource(options);
}
