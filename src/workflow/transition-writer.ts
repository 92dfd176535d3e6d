import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { plainSql, type PlainSql } from '../database/plain-sql';
import { Memo, type RouteSnapshot } from '../memos/memo.entity';
import { MACHINE_VERSION, type ApprovalContext, type ApprovalEventType, type ApprovalState } from './approval.machine';
import { appendAudit } from './audit-trail';
import { enqueue, type NewJob } from '../outbox/outbox';

/** What a transition reads of a memo: not its content (a report can run to hundreds of kilobytes). */
export type TransitionMemo = Pick<
  Memo,
  'id' | 'organizationId' | 'authorId' | 'status' | 'version' | 'documentNumber' | 'registerYear' | 'workflowSnapshot' | 'route' | 'currentStep' | 'round'
>;

interface TransitionMemoRow {
  id: string;
  organization_id: string;
  author_id: string;
  status: Memo['status'];
  version: number;
  document_number: string | null;
  register_year: number | null;
  workflow_snapshot: string | null;
  route: string | null;
  current_step: number | null;
  round: number;
}

/** The memo a transition acts on, in the organisation when one is given; null when there is none. */
export async function loadTransitionMemo(manager: EntityManager, id: string, organizationId: string | null): Promise<TransitionMemo | null> {
  const [row] = await plainSql(manager).rows<TransitionMemoRow>(
    `SELECT id, organization_id, author_id, status, version, document_number, register_year, workflow_snapshot, route, current_step, round
     FROM memos WHERE id = ?${organizationId === null ? '' : ' AND organization_id = ?'}`,
    organizationId === null ? [id] : [id, organizationId],
  );
  if (!row) return null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    authorId: row.author_id,
    status: row.status,
    version: Number(row.version),
    documentNumber: row.document_number,
    registerYear: row.register_year === null ? null : Number(row.register_year),
    workflowSnapshot: row.workflow_snapshot === null ? null : JSON.parse(row.workflow_snapshot),
    route: row.route === null ? null : JSON.parse(row.route),
    currentStep: row.current_step === null ? null : Number(row.current_step),
    round: Number(row.round),
  };
}

/** The memo's columns an event may change besides its state, snapshot, chart version and step-entered time. */
export interface TransitionColumns {
  currentStep?: number | null;
  currentPositionId?: string | null;
  route?: RouteSnapshot[] | null;
  round?: number;
  content?: Memo['content'];
  approvedAt?: Date;
}

/** What every state change of a memo writes, whoever sends it (a person, the render job, the publication desk). */
export interface TransitionWrite {
  /** The memo as read before the event: its version guards the update. */
  memo: Pick<Memo, 'id' | 'organizationId' | 'status' | 'version' | 'currentStep'>;
  event: ApprovalEventType;
  /** The chart's answer. */
  next: { value: ApprovalState; context: ApprovalContext };
  at: Date;
  columns?: TransitionColumns;
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

/** SQL column and how its value is bound, for each optional column a transition may set. */
const OPTIONAL_COLUMNS: { [K in keyof TransitionColumns]-?: [string, (value: NonNullable<TransitionColumns[K]>, sql: PlainSql) => unknown] } = {
  currentStep: ['current_step', (value) => value],
  currentPositionId: ['current_position_id', (value) => value],
  route: ['route', (value) => JSON.stringify(value)],
  round: ['round', (value) => value],
  content: ['content', (value) => JSON.stringify(value)],
  approvedAt: ['approved_at', (value, sql) => sql.date(value)],
};

/**
 * The one writer of memo state, inside the caller's transaction: the versioned update (`UPDATE … WHERE id = ? AND
 * version = ?`; nothing else written when another change won), the audit row, the outbox jobs, then the writes that
 * belong with the change. Returns the audit row's sequence number.
 */
export async function writeTransition(manager: EntityManager, write: TransitionWrite): Promise<number> {
  const { memo, next } = write;
  const sql = plainSql(manager);
  const set = ['status = ?', 'workflow_snapshot = ?', 'machine_version = ?', 'step_entered_at = ?', 'updated_at = ?', 'version = version + 1'];
  const values: unknown[] = [next.value, JSON.stringify({ value: next.value, context: next.context }), MACHINE_VERSION, sql.date(write.at), sql.date(write.at)];
  for (const [key, value] of Object.entries(write.columns ?? {}) as [keyof TransitionColumns, unknown][]) {
    if (value === undefined) continue;
    const [column, bind] = OPTIONAL_COLUMNS[key];
    set.push(`${column} = ?`);
    values.push(value === null ? null : (bind as (v: unknown, s: PlainSql) => unknown)(value, sql));
  }
  const updated = await sql.affected(`UPDATE memos SET ${set.join(', ')} WHERE id = ? AND version = ?`, [...values, memo.id, memo.version]);
  if (updated !== 1) throw staleMemo(memo.version + 1, memo.version);

  const inReview = next.value === 'in_review';
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
