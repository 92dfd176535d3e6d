import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Memo } from '../memos/memo.entity';
import { MACHINE_VERSION, type ApprovalContext, type ApprovalEventType, type ApprovalState } from './approval.machine';
import { appendAudit } from './audit-trail';
import { enqueue, type NewJob } from './outbox';

/** What every state change of a memo writes, whoever sends it (a person, the render job, the publication desk). */
export interface TransitionWrite {
  /** The memo as read before the event: its version guards the update. */
  memo: Pick<Memo, 'id' | 'organizationId' | 'status' | 'version' | 'currentStep'>;
  event: ApprovalEventType;
  /** The chart's answer. */
  next: { value: ApprovalState; context: ApprovalContext };
  at: Date;
  /** Columns the event changes besides state, snapshot, chart version, step-entered time and version. */
  columns?: Record<string, unknown>;
  audit: { actorId: string; actingFor: string | null; comment: string | null; ip: string | null; userAgent: string | null };
  /** Follow-up jobs, keyed by the audit row's sequence number so that each event's jobs are its own. */
  jobs: (seq: number) => NewJob[];
  /**
   * Writes that must commit with the change or not at all (a review, the document number, a publication row, the
   * rendered file, the Idempotency-Key's answer), run in this order after the audit row and the jobs.
   */
  alongside?: ((manager: EntityManager) => Promise<void>)[];
}

export function staleMemo(current: number, yours: number): DomainError {
  return new DomainError(
    ErrorCode.VersionConflict,
    { th: 'บันทึกข้อความนี้มีการเปลี่ยนแปลงไปแล้ว กรุณาโหลดใหม่', en: 'The memo changed meanwhile: reload it' },
    [],
    { currentVersion: current, yourVersion: yours },
  );
}

/**
 * The one writer of memo state, inside the caller's transaction: the versioned update (`UPDATE … WHERE id = ? AND
 * version = ?`; nothing else written when another change won), the audit row, the outbox jobs, then the writes that
 * belong with the change. Returns the audit row's sequence number.
 */
export async function writeTransition(manager: EntityManager, write: TransitionWrite): Promise<number> {
  const { memo, next } = write;
  const inReview = next.value === 'in_review';
  const updated = await manager
    .createQueryBuilder()
    .update(Memo)
    .set({
      ...write.columns,
      status: next.value,
      workflowSnapshot: { value: next.value, context: next.context },
      machineVersion: MACHINE_VERSION,
      stepEnteredAt: write.at,
      version: () => 'version + 1',
    } as never)
    .where('id = :id AND version = :version', { id: memo.id, version: memo.version })
    .execute();
  if (!updated.affected) throw staleMemo(memo.version + 1, memo.version);

  const audit = await appendAudit(manager, {
    organizationId: memo.organizationId,
    memoId: memo.id,
    ...write.audit,
    event: write.event,
    fromState: memo.status,
    toState: next.value,
    fromStep: memo.status === 'in_review' ? memo.currentStep : null,
    toStep: inReview ? next.context.step : null,
    outcome: 'applied',
    createdAt: write.at,
  });
  await enqueue(manager, write.jobs(audit.seq));
  for (const step of write.alongside ?? []) await step(manager);
  return audit.seq;
}
