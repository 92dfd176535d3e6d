import type { DataSource } from 'typeorm';
import { readDate } from '../common/raw-date';
import type { WorkConfig } from '../config/configuration';
import { OutboxJob } from '../outbox/outbox-job.entity';

/**
 * For readiness: this process's role and the deployment's outbox backlog. Workers have no HTTP listener, so a web
 * process reports for them: jobs due and not taken (and how long the oldest has waited) mean no worker is running
 * them. Reported, not failed on: a web process that answers is ready even while the workers are not.
 */
export async function outboxBacklog(dataSource: DataSource, config: WorkConfig) {
  const rows: { status: string; n: number | string; oldest: Date | string | null }[] = await dataSource
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
  return {
    role: config.role,
    runsJobs: config.outboxEnabled,
    due: Number(of('pending')?.n ?? 0),
    oldestDueSeconds: oldestDue ? Math.max(0, Math.round((Date.now() - readDate(oldestDue).getTime()) / 1000)) : 0,
    running: Number(of('running')?.n ?? 0),
    failed: Number(of('failed')?.n ?? 0),
  };
}
