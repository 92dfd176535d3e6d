import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * TypeORM's messages as Kasian's log lines instead of console output: a slow query (past DATABASE_QUERY_TIMEOUT_MS,
 * when it also fails) is one warning with its SQL cut short and without its parameters, which may hold token hashes
 * or personal data; a connection's error (one per pooled connection when the server goes away) is debug, since the
 * outage is logged once by DatabaseOutage.
 */
export class QueryLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ event: 'database.slow_query', ms: time, sql: query.slice(0, 300) }, 'slow database query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log({ event: 'database.migration' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.debug({ event: 'database.warning' }, String(message));
  }
}
