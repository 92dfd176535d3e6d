import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { workConfig, type WorkConfig } from '../config/configuration';
import { FileStorage } from '../storage/file-storage';
import { OutboxJob } from '../workflow/outbox-job.entity';

/** For /health: the file store answers (the data directory, or HEAD on the bucket). */
@Injectable()
export class StorageHealthIndicator {
  constructor(
    private readonly storage: FileStorage,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'storage') {
    const indicator = this.indicators.check(key);
    try {
      await this.storage.check();
      return indicator.up({ kind: this.storage.kind });
    } catch (error) {
      return indicator.down({ kind: this.storage.kind, error: error instanceof Error ? error.name || error.message : String(error) });
    }
  }
}

/**
 * For /health: this process's role and the deployment's outbox backlog. Workers have no HTTP listener, so a web
 * process reports for them: jobs due and not taken (and how long the oldest has waited) mean no worker is running
 * them. Reported, not failed on: a web process that answers is healthy even while the workers are not.
 */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    @Inject(workConfig.KEY) private readonly config: WorkConfig,
  ) {}

  async check(key = 'outbox') {
    const rows: { status: string; n: number | string; oldest: Date | string | null }[] = await this.dataSource
      .getRepository(OutboxJob)
      .createQueryBuilder('job')
      .select('job.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('MIN(job.run_after)', 'oldest')
      .where("(job.status = 'pending' AND job.run_after <= :now) OR job.status IN ('running', 'failed')", { now: new Date() })
      .groupBy('job.status')
      .getRawMany();
    const of = (status: string) => rows.find((r) => r.status === status);
    const oldestDue = of('pending')?.oldest;
    return this.indicators.check(key).up({
      role: this.config.role,
      runsJobs: this.config.outboxEnabled,
      due: Number(of('pending')?.n ?? 0),
      oldestDueSeconds: oldestDue ? Math.max(0, Math.round((Date.now() - asDate(oldestDue).getTime()) / 1000)) : 0,
      running: Number(of('running')?.n ?? 0),
      failed: Number(of('failed')?.n ?? 0),
    });
  }
}

/** SQLite returns datetimes as text in UTC ("YYYY-MM-DD HH:MM:SS.SSS"); mysql2 as Date. */
function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
