import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { SqliteDataSource } from './sqlite-data-source';

export interface DatabaseSettings {
  /** `mysql://…`; absent → the embedded SQLite file under `dataDir`. */
  url?: string;
  dataDir: string;
  logging?: boolean;
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
    logging: settings.logging ?? false,
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

/** The DataSource for these options: on SQLite, one that runs one transaction at a time on its one connection. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return options.type === 'better-sqlite3' ? new SqliteDataSource(options) : new DataSource(options);
}
