import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { plainSql } from '../database/plain-sql';
import type { OutboxJobKind } from './outbox-job.entity';

export interface NewJob {
  organizationId: string;
  kind: OutboxJobKind;
  payload: Record<string, unknown>;
  /** Same key, same job: a second insert is ignored. */
  dedupeKey: string;
  runAfter?: Date;
}

/** Writes follow-up jobs in the caller's transaction; they run only if it commits. A job whose key exists is skipped. */
export async function enqueue(manager: EntityManager, jobs: NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const sql = plainSql(manager);
  const now = sql.date(new Date());
  await sql.affected(
    `${sql.insertIgnore} INTO outbox_jobs (id, organization_id, kind, payload, dedupe_key, status, attempts, run_after, locked_by, locked_until, last_error, created_at, done_at)
     VALUES ${jobs.map(() => "(?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, ?, NULL)").join(', ')}`,
    jobs.flatMap((job) => [randomUUID(), job.organizationId, job.kind, JSON.stringify(job.payload), job.dedupeKey, job.runAfter ? sql.date(job.runAfter) : now, now]),
  );
}
