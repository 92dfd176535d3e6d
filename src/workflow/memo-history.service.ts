import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../common/access';
import { DomainError } from '../common/domain-error';
import { canSeeMemo, MEMO_NOT_FOUND } from '../memos/memo-access';
import { Memo } from '../memos/memo.entity';
import { MEMO_STATUS_LABELS, type MemoStatus } from '../memos/memo-status';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { actingPositionIds } from './acting';
import { AuditEvent } from './audit-event.entity';
import { checkAuditChain } from './audit-trail';
import { MemoReview } from './memo-review.entity';

const DAY_MS = 86_400_000;

export interface InboxItem {
  id: string;
  subject: string;
  documentNumber: string | null;
  registerYear: number | null;
  status: MemoStatus;
  statusLabel: string;
  author: string;
  /** e.g. ความเห็นปลัด อบต. (step 1 of 2) */
  step: { number: number; of: number; heading: string } | null;
  /** Set when the actor signs here by an acting order rather than as holder. */
  asActing: boolean;
  waitingSince: Date | null;
  waitingDays: number;
  overdue: boolean;
  reason?: string;
}

/** Read side of the workflow: inboxes, timelines, reviews, the audit trail. */
@Injectable()
export class MemoHistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async inbox(auth: AuthContext) {
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId });
    const memos = this.dataSource.getRepository(Memo);
    const acting = await actingPositionIds(this.dataSource.manager, auth.organizationId, auth.userId);
    const positions = [...(auth.positionId ? [auth.positionId] : []), ...acting];
    const now = Date.now();
    const [awaiting, mine, recent, ready] = await Promise.all([
      positions.length
        ? memos.find({ where: { organizationId: auth.organizationId, status: 'in_review', currentPositionId: In(positions) }, order: { stepEnteredAt: 'ASC' } })
        : Promise.resolve([]),
      memos.find({ where: { organizationId: auth.organizationId, authorId: auth.userId, status: In(['draft', 'returned']) }, order: { updatedAt: 'DESC' } }),
      memos.find({
        where: { organizationId: auth.organizationId, status: In(['approved', 'ready', 'published']), approvedAt: MoreThan(new Date(now - 30 * DAY_MS)) },
        order: { approvedAt: 'DESC' },
        take: 20,
      }),
      auth.roles.includes('webmaster')
        ? memos.find({ where: { organizationId: auth.organizationId, status: 'ready' }, order: { stepEnteredAt: 'ASC' } })
        : Promise.resolve([]),
    ]);
    const authors = await this.names([...awaiting, ...mine, ...recent, ...ready].map((m) => m.authorId));
    const returnReasons = await this.lastReasons(mine.filter((m) => m.status === 'returned'));
    const item = (memo: Memo): InboxItem => {
      const since = memo.stepEnteredAt ?? memo.updatedAt;
      const waitingDays = Math.floor((now - since.getTime()) / DAY_MS);
      const step = memo.status === 'in_review' && memo.route && memo.currentStep !== null
        ? { number: memo.currentStep + 1, of: memo.route.length, heading: `ความเห็น${memo.route[memo.currentStep].shortTitle}` }
        : null;
      return {
        id: memo.id,
        subject: memo.subject,
        documentNumber: memo.documentNumber,
        registerYear: memo.registerYear,
        status: memo.status,
        statusLabel: MEMO_STATUS_LABELS[memo.status],
        author: authors.get(memo.authorId) ?? '',
        step,
        asActing: memo.currentPositionId !== null && memo.currentPositionId !== auth.positionId && acting.includes(memo.currentPositionId),
        waitingSince: since,
        waitingDays,
        overdue: memo.status === 'in_review' && waitingDays >= organization.overdueDays,
        ...(returnReasons.has(memo.id) ? { reason: returnReasons.get(memo.id) } : {}),
      };
    };
    return {
      overdueAfterDays: organization.overdueDays,
      awaitingMe: awaiting.map(item),
      returnedToMe: mine.filter((m) => m.status === 'returned').map(item),
      myDrafts: mine.filter((m) => m.status === 'draft').map(item),
      recentlyApproved: recent.map(item),
      readyToPublish: ready.map(item),
    };
  }

  /** The memo's history, oldest first, with how long it waited before each event. */
  async timeline(auth: AuthContext, memoId: string) {
    const memo = await this.visible(auth, memoId);
    const events = await this.dataSource.getRepository(AuditEvent).find({ where: { memoId, outcome: 'applied' }, order: { seq: 'ASC' } });
    const names = await this.names(events.map((e) => e.actorId));
    let previous: Date | null = null;
    const entries = events.map((event) => {
      const waitedMs = previous ? event.createdAt.getTime() - previous.getTime() : 0;
      previous = event.createdAt;
      return {
        seq: event.seq,
        event: event.event,
        from: event.fromState,
        to: event.toState,
        fromStep: event.fromStep === null ? null : event.fromStep + 1,
        toStep: event.toStep === null ? null : event.toStep + 1,
        actor: names.get(event.actorId) ?? '',
        actingFor: event.actingFor,
        comment: event.comment,
        at: event.createdAt,
        /** Time the memo spent in the state (and step) this event ended. */
        waitedMs,
      };
    });
    return {
      memoId,
      status: memo.status,
      statusLabel: MEMO_STATUS_LABELS[memo.status],
      route: (memo.route ?? []).map((step, i) => ({
        number: i + 1,
        title: step.title,
        heading: `ความเห็น${step.shortTitle}`,
        state: memo.status === 'in_review' && memo.currentStep === i ? 'current' : memo.status === 'in_review' && (memo.currentStep ?? 0) < i ? 'pending' : 'reached',
      })),
      events: entries,
      currentWaitingMs: memo.stepEnteredAt && !['published', 'withdrawn', 'rejected', 'cancelled'].includes(memo.status) ? Date.now() - memo.stepEnteredAt.getTime() : null,
    };
  }

  /** Reviews of the current round, in route order: what the memo's comment blocks show. */
  async reviews(auth: AuthContext, memoId: string): Promise<Omit<MemoReview, 'signature' | 'assignId'>[]> {
    const memo = await this.visible(auth, memoId);
    return this.dataSource.getRepository(MemoReview).find({ where: { memoId, round: memo.round }, order: { ordinal: 'ASC', signedAt: 'ASC' } });
  }

  async reviewSignature(auth: AuthContext, memoId: string, reviewId: string): Promise<{ data: Buffer; type: 'image/png' | 'image/jpeg' }> {
    await this.visible(auth, memoId);
    const review = await this.dataSource.getRepository(MemoReview).findOne({
      where: { id: reviewId, memoId },
      select: { id: true, signature: true, signatureType: true },
    });
    if (!review?.signature || !review.signatureType) throw DomainError.notFound({ th: 'ไม่พบลายมือชื่อ', en: 'No signature' });
    return { data: review.signature, type: review.signatureType as 'image/png' | 'image/jpeg' };
  }

  /** The raw audit chain and whether it is intact (admins). */
  async audit(auth: AuthContext, memoId: string) {
    requireRole(auth, 'admin');
    await this.visible(auth, memoId);
    const rows = await this.dataSource.getRepository(AuditEvent).find({ where: { memoId }, order: { seq: 'ASC' } });
    return { check: await checkAuditChain(this.dataSource.manager, memoId), rows };
  }

  private async visible(auth: AuthContext, memoId: string): Promise<Memo> {
    const memo = await this.dataSource.getRepository(Memo).findOneBy({ id: memoId });
    if (!memo || !canSeeMemo(auth, memo)) throw DomainError.notFound(MEMO_NOT_FOUND);
    return memo;
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).find({ where: { id: In(unique) }, select: { id: true, honorific: true, fullName: true } });
    return new Map(users.map((u) => [u.id, `${u.honorific}${u.fullName}`]));
  }

  private async lastReasons(memos: Memo[]): Promise<Map<string, string>> {
    if (memos.length === 0) return new Map();
    const reviews = await this.dataSource.getRepository(MemoReview).find({
      where: { memoId: In(memos.map((m) => m.id)), action: 'RETURN' },
      order: { signedAt: 'DESC' },
    });
    const reasons = new Map<string, string>();
    for (const review of reviews) if (!reasons.has(review.memoId)) reasons.set(review.memoId, review.comment);
    return reasons;
  }
}
