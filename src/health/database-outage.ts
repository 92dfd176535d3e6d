import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseErrorCode } from '../database/database-errors';

const RECHECK_MS = 1000;

/**
 * Knows whether the database is out, so that an outage is logged once when it starts and once when it ends, not
 * once per refused request. While it lasts, the database is asked every second whether it is back.
 */
@Injectable()
export class DatabaseOutage implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private since: number | null = null;
  private refused = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get down(): boolean {
    return this.since !== null;
  }

  /** A request (or job) failed because the database is unavailable. */
  report(error: unknown): void {
    this.refused++;
    if (this.since !== null || this.stopped) return;
    this.since = Date.now();
    this.logger.error(
      { event: 'database.outage', database: this.dataSource.options.type, code: databaseErrorCode(error), error: String((error as Error)?.message ?? error) },
      'database unavailable: requests answer 503 until it returns',
    );
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.recheck(), RECHECK_MS);
    this.timer.unref();
  }

  private async recheck(): Promise<void> {
    if (this.stopped || this.since === null) return;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      this.schedule();
      return;
    }
    const seconds = Math.round((Date.now() - this.since) / 100) / 10;
    this.logger.log({ event: 'database.recovered', database: this.dataSource.options.type, outageSeconds: seconds, refused: this.refused }, 'database available again');
    this.since = null;
    this.refused = 0;
  }
}
