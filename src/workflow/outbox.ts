import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { OutboxJob, type OutboxJobKind } from './outbox-job.entity';

export interface NewJob {
  organizationId: string;
  kind: OutboxJobKind;
  payload: Record<string, unknown>;
  /** Same key, same job: a second insert is ignored. */
  dedupeKey: string;
  runAfter?: Date;
}

/** Writes follow-up jobs in the caller's transaction; they run only if it commits. */
export async function enqueue(manager: EntityManager, jobs: NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const now = new Date();
  await manager
    .createQueryBuilder()
    .insert()
    .into(OutboxJob)
    .values(
      jobs.map((job) => ({
        id: randomUUID(),
        organizationId: job.organizationId,
        kind: job.kind,
        payload: job.payload as never,
        dedupeKey: job.dedupeKey,
        status: 'pending' as const,
        attempts: 0,
        runAfter: job.runAfter ?? now,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        createdAt: now,
        doneAt: null,
      })),
    )
    .orIgnore()
    // Nothing to read back: without this TypeORM selects the rows again for their column defaults.
    .updateEntity(false)
    .execute();
}
