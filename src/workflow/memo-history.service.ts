import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { emptyPage, keysetPage, pageOf, type Keyset, type Page } from '../common/pagination';
import { MEMO_NOT_FOUND } from '../memos/memo-access';
import { MemoRepository } from '../memos/memo.repository';
import { Memo } from '../memos/memo.entity';
import { MEMO_STATUS_LABELS, type MemoStatus } from '../memos/memo-status';
import { Organization } from '../identity/organization.entity';
import { User } from '../identity/user.entity';
import { actingPositionIds } from '../organizations/acting';
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

/** The inbox's sections, each a list of its own with its own order. */
export const INBOX_SECTIONS = ['awaitingMe', 'returnedToMe', 'myDrafts', 'recentlyApproved', 'readyToPublish'] as const;
export type InboxSection = (typeof INBOX_SECTIONS)[number];

export interface Inbox {
  overdueAfterDays: number;
  /** What awaits me at my position, or at one I act for: the longest waiting first. */
  awaitingMe: Page<InboxItem>;
  /** Mine, returned for changes: newest first. */
  returnedToMe: Page<InboxItem>;
  myDrafts: Page<InboxItem>;
  /** Approved in the last 30 days, newest first. */
  recentlyApproved: Page<InboxItem>;
  /** For webmasters: approved with the PDF ready, the longest waiting first. */
  readyToPublish: Page<InboxItem>;
}

/** Route order, then signing order. */
const REVIEW_ORDER: Keyset<MemoReview> = {
  name: 'reviews',
  columns: [
    { sql: 'review.ordinal', direction: 'ASC', kind: 'number', of: (r) => r.ordinal },
    { sql: 'review.signed_at', direction: 'ASC', kind: 'date', of: (r) => r.signedAt },
    { sql: 'review.id', direction: 'ASC', kind: 'string', of: (r) => r.id },
  ],
};

/** Read side of the workflow: inboxes, timelines, reviews, the audit trail. */
@Injectable()
export class MemoHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly memos: MemoRepository,
  ) {}

  /** Every section's first page (`limit` items each), or the page of `cursors[section]` (the home page's links). */
  async inbox(auth: AuthContext, page: { limit?: number; cursors?: Partial<Record<InboxSection, string>> } = {}): Promise<Inbox> {
    const context = await this.inboxContext(auth);
    const [awaitingMe, returnedToMe, myDrafts, recentlyApproved, readyToPublish] = await Promise.all(
      INBOX_SECTIONS.map((section) => this.sectionPage(auth, context, section, { limit: page.limit, cursor: page.cursors?.[section] })),
    );
    return { overdueAfterDays: context.organization.overdueDays, awaitingMe, returnedToMe, myDrafts, recentlyApproved, readyToPublish };
  }

  /** One page of one section of the inbox. */
  async inboxSection(auth: AuthContext, section: string, page: { limit?: number; cursor?: string }): Promise<Page<InboxItem>> {
    if (!(INBOX_SECTIONS as readonly string[]).includes(section)) throw DomainError.notFound({ th: 'ไม่มีหมวดนี้ในงานของฉัน', en: 'No such inbox section' });
    return this.sectionPage(auth, await this.inboxContext(auth), section as InboxSection, page);
  }

  private async inboxContext(auth: AuthContext) {
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId });
    const acting = await actingPositionIds(this.dataSource.manager, auth.organizationId, auth.userId);
    return { organization, acting, positions: [...(auth.positionId ? [auth.positionId] : []), ...acting], now: Date.now() };
  }

  private async sectionPage(auth: AuthContext, context: Awaited<ReturnType<MemoHistoryService['inboxContext']>>, section: InboxSection, page: { limit?: number; cursor?: string }): Promise<Page<InboxItem>> {
    const { organization, acting, positions, now } = context;
    const qb = this.dataSource
      .getRepository(Memo)
      .createQueryBuilder('memo')
      .select(['memo.id', 'memo.subject', 'memo.documentNumber', 'memo.registerYear', 'memo.status', 'memo.authorId', 'memo.route', 'memo.currentStep', 'memo.currentPositionId', 'memo.stepEnteredAt', 'memo.updatedAt', 'memo.approvedAt'])
      .where('memo.organization_id = :organizationId', { organizationId: auth.organizationId });
    const waitingLongest = (name: string): Keyset<Memo> => ({
      name,
      columns: [
        { sql: 'memo.step_entered_at', direction: 'ASC', kind: 'date', of: (m) => m.stepEnteredAt },
        { sql: 'memo.id', direction: 'ASC', kind: 'string', of: (m) => m.id },
      ],
    });
    const newest = (name: string, column: 'updated_at' | 'approved_at'): Keyset<Memo> => ({
      name,
      columns: [
        { sql: `memo.${column}`, direction: 'DESC', kind: 'date', of: (m) => (column === 'updated_at' ? m.updatedAt : m.approvedAt) },
        { sql: 'memo.id', direction: 'DESC', kind: 'string', of: (m) => m.id },
      ],
    });
    let keyset: Keyset<Memo>;
    switch (section) {
      case 'awaitingMe':
        keyset = waitingLongest('inbox-awaiting');
        if (positions.length === 0) return emptyPage(keyset, page);
        qb.andWhere("memo.status = 'in_review' AND memo.current_position_id IN (:...positions)", { positions });
        break;
      case 'returnedToMe':
      case 'myDrafts':
        qb.andWhere('memo.author_id = :me AND memo.status = :status', { me: auth.userId, status: section === 'myDrafts' ? 'draft' : 'returned' });
        keyset = newest(`inbox-${section}`, 'updated_at');
        break;
      case 'recentlyApproved':
        qb.andWhere("memo.status IN ('approved', 'ready', 'published') AND memo.approved_at > :since", { since: new Date(now - 30 * DAY_MS) });
        keyset = newest('inbox-recent', 'approved_at');
        break;
      case 'readyToPublish':
        keyset = waitingLongest('inbox-ready');
        if (!auth.roles.includes('webmaster')) return emptyPage(keyset, page);
        qb.andWhere("memo.status = 'ready'");
        break;
    }
    const { rows, next, previous } = await keysetPage(qb, keyset, page, (q) => q.getMany() as Promise<Memo[]>);
    const authors = await this.names(rows.map((m) => m.authorId));
    const returnReasons = await this.lastReasons(rows.filter((m) => m.status === 'returned'));
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
    return { items: rows.map(item), next, previous };
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
  async reviews(auth: AuthContext, memoId: string, page: { limit?: number; cursor?: string } = {}): Promise<Page<Omit<MemoReview, 'signature' | 'assignId'>>> {
    const memo = await this.visible(auth, memoId);
    const qb = this.dataSource.getRepository(MemoReview).createQueryBuilder('review').where('review.memo_id = :memoId AND review.round = :round', { memoId, round: memo.round });
    return pageOf(qb, REVIEW_ORDER, page, (q) => q.getMany() as Promise<MemoReview[]>, (review) => review);
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
    const memo = await this.memos.visibleTo(auth, memoId);
    if (!memo) throw DomainError.notFound(MEMO_NOT_FOUND);
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
