import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Session } from '../auth/session.entity';
import { enqueue } from './outbox';
import { OutboxJob } from './outbox-job.entity';

interface Scheduled {
  everyMs: number;
  run: () => Promise<void>;
  /** The last period this process enqueued, so that it asks the database once per period. */
  enqueuedPeriod?: number;
}

/**
 * Work that runs every so often on the deployment — once per period, whatever the number of worker processes.
 * Every worker enqueues the period's job under one dedupe key (`scheduled:{name}:{period}`), so the database
 * keeps one; the outbox's lease then gives it to exactly one worker, and another takes it over if that one dies.
 */
@Injectable()
export class ScheduledJobs {
  private readonly jobs = new Map<string, Scheduled>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.register('housekeeping', 3600_000, () => this.housekeeping());
  }

  register(name: string, everyMs: number, run: () => Promise<void>): void {
    this.jobs.set(name, { everyMs, run });
  }

  /** Called by each worker's poll: writes the current period's job of each schedule, once per period per process. */
  async enqueueDue(now = Date.now()): Promise<void> {
    const due = [...this.jobs].filter(([, job]) => job.enqueuedPeriod !== Math.floor(now / job.everyMs));
    if (due.length === 0) return;
    await enqueue(
      this.dataSource.manager,
      due.map(([name, job]) => {
        const period = Math.floor(now / job.everyMs);
        return { organizationId: '', kind: 'scheduled' as const, payload: { name, period }, dedupeKey: `scheduled:${name}:${period}` };
      }),
    );
    for (const [, job] of due) job.enqueuedPeriod = Math.floor(now / job.everyMs);
  }

  /** The outbox handler of `scheduled` jobs. */
  readonly handle = async (job: OutboxJob): Promise<void> => {
    const name = String(job.payload.name);
    const scheduled = this.jobs.get(name);
    if (!scheduled) throw new Error(`no scheduled job named ${name}`);
    await scheduled.run();
  };

  /** Expired sessions, and the record of scheduled runs older than a week. */
  private async housekeeping(): Promise<void> {
    await this.dataSource.getRepository(Session).delete({ expiresAt: LessThan(new Date()) });
    await this.dataSource
      .getRepository(OutboxJob)
      .delete({ kind: 'scheduled', status: 'done', doneAt: LessThan(new Date(Date.now() - 7 * 24 * 3600_000)) });
  }
}
