import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { transition } from 'xstate';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { DomainError, ErrorCode } from '../common/domain-error';
import { isPng } from '../common/image-upload';
import { Clock } from '../common/clock';
import { bangkokDate } from '../common/thai-calendar';
import { plainSql } from '../database/plain-sql';
import { inTransaction, isDuplicateKey } from '../database/transactions';
import { Memo, type RouteSnapshot } from '../memos/memo.entity';
import { canSeeMemo, MEMO_NOT_FOUND } from '../memos/memo-access';
import { MEMO_STATUS_LABELS, type MemoStatus } from '../memos/memo-status';
import { OrganizationsService } from '../organizations/organizations.service';
import { assertSubmittable } from '../memos/drafts';
import { activeActingAssignment, actingLine } from '../organizations/acting';
import { approvalMachine, type ApprovalContext, type ApprovalEvent, type ApprovalState } from './approval.machine';
import { appendAudit } from './audit-trail';
import { ensureRegister, formatDocumentNumber, nextDocumentNumber } from './document-numbering';
import { Idempotency, requestHash } from './idempotency';
import type { ReviewAction } from './memo-review.entity';
import type { NewJob } from '../outbox/outbox';
import { OutboxNudge } from '../outbox/outbox-nudge';
import { PERSON_EVENTS, type PersonEvent, type TransitionDto } from './transition.dto';
import { loadTransitionMemo, staleMemo, writeTransition, type TransitionColumns, type TransitionMemo } from './transition-writer';

/**
 * A write that must commit with the transition or not at all (the publication row for PUBLISH, its withdrawal for
 * WITHDRAW, the Idempotency-Key's answer), given the transition's answer.
 */
export type Alongside = (manager: EntityManager, result: TransitionResult) => Promise<void>;

export interface TransitionResult {
  memoId: string;
  event: string;
  from: MemoStatus;
  to: MemoStatus;
  statusLabel: string;
  /** 1-based step now awaiting action, when in review. */
  step: number | null;
  version: number;
  documentNumber: string | null;
  /** The calendar year (พ.ศ.) of the register the number was taken from: the number is unique only with it. */
  registerYear: number | null;
}

/** What a person may do with a memo now, and whether they would sign as acting for the step's holder. */
export interface AvailableAction {
  event: PersonEvent;
  /** The line under their signature when they act by an acting order (รักษาราชการแทน / ปฏิบัติราชการแทน …). */
  actingFor: string | null;
  /** Where the event is sent: PUBLISH and WITHDRAW only through the publication desk. */
  via: 'transitions' | 'publication';
}

/** Who the actor is for this event: themselves, the holder of the step's position, or acting for it. */
interface Authority {
  signerPosition: string | null;
  actingFor: string | null;
}

const REVIEW_EVENTS: ReadonlySet<PersonEvent> = new Set(['FORWARD', 'APPROVE', 'RETURN', 'REJECT']);
const AUTHOR_EVENTS: ReadonlySet<PersonEvent> = new Set(['SUBMIT', 'RESUBMIT', 'CANCEL']);
const PUBLICATION_EVENTS: ReadonlySet<PersonEvent> = new Set(['PUBLISH', 'WITHDRAW']);
const MAX_SIGNATURE_BYTES = 512 * 1024;
/** A refusal's audit row that lost the race for its sequence number this many times is given up (the error shows). */
const REFUSAL_AUDIT_ATTEMPTS = 3;
/** The actor of events Kasian itself sends (the render job's RENDERED). */
export const SYSTEM_ACTOR = 'system';

function snapshotOf(memo: TransitionMemo) {
  const stored = memo.workflowSnapshot ?? { value: memo.status, context: { routeLength: 0, step: 0, reviewerActed: false } };
  return approvalMachine.resolveState({ value: stored.value as ApprovalState, context: stored.context as ApprovalContext });
}

/**
 * Applies people's events to memos: loads the memo, checks who may act, asks the statechart, then writes the new
 * state (guarded by the memo's version), the review, the audit row and the follow-up jobs in one transaction.
 * Effects (mail, rendering) run after commit from the outbox.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger('Workflow');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly nudge: OutboxNudge,
    private readonly clock: Clock,
    private readonly idempotency: Idempotency,
  ) {}

  /**
   * A person's event through `POST /api/memos/:id/transitions` or the memo page. PUBLISH and WITHDRAW are refused
   * here: they go through the publication desk, which writes the publication with them.
   */
  async apply(auth: AuthContext, memoId: string, body: TransitionDto, origin: RequestOrigin, { idempotencyKey }: { idempotencyKey?: string } = {}): Promise<TransitionResult> {
    if (PUBLICATION_EVENTS.has(body.event)) throw publicationOnly(body.event);
    const request = idempotencyKey ? { userId: auth.userId, key: idempotencyKey, hash: requestHash('transition', memoId, body) } : undefined;
    return this.idempotency.once(request, (complete) => this.send(auth, memoId, body, origin, [complete]));
  }

  /**
   * PUBLISH or WITHDRAW, for the publication desk only: `alongside` writes the publication row (or its withdrawal)
   * in the transition's transaction, so the memo is never published without its publication, nor withdrawn with its
   * publication still current.
   */
  applyPublication(
    auth: AuthContext,
    memoId: string,
    body: { event: 'PUBLISH' } | { event: 'WITHDRAW'; reason: string },
    origin: RequestOrigin,
    alongside: Alongside[],
  ): Promise<TransitionResult> {
    return this.send(auth, memoId, body, origin, alongside);
  }

  private async send(auth: AuthContext, memoId: string, body: TransitionDto, origin: RequestOrigin, alongside: Alongside[]): Promise<TransitionResult> {
    const memo = await loadTransitionMemo(this.dataSource.manager, memoId, auth.organizationId);
    if (!memo) throw DomainError.notFound(MEMO_NOT_FOUND);
    const authority = await this.authorize(auth, memo, body.event);
    if (!authority) {
      await this.auditRefusal(auth, memo, body, origin);
      if (!canSeeMemo(auth, memo)) throw DomainError.notFound(MEMO_NOT_FOUND);
      throw DomainError.forbidden({ th: refusalReason(body.event), en: `You may not ${body.event} this memo now` });
    }
    requireText(body);
    // One instant for the whole event: the register year, the memo's date and the audit row agree across midnight.
    const now = this.clock.now();
    if (body.event === 'SUBMIT') await ensureRegister(this.dataSource, auth.organizationId, now);
    const route = body.event === 'SUBMIT' || body.event === 'RESUBMIT' ? await this.routeSnapshot(auth.organizationId) : memo.route;
    const letterCode = body.event === 'SUBMIT' && !memo.documentNumber ? await this.letterCode(auth.organizationId) : null;
    const current = snapshotOf(memo);
    const [next] = transition(approvalMachine, current, chartEvent(body, route?.length ?? 0));
    if (next === current) throw this.notAllowedNow(memo, body.event, route);
    if (body.event === 'SUBMIT' || body.event === 'RESUBMIT') await assertSubmittable(this.dataSource.manager, memoId);

    const signature = body.event === 'FORWARD' || body.event === 'APPROVE' ? signatureOf(body) : null;
    const expectedVersion = body.version ?? memo.version;
    if (expectedVersion !== memo.version) throw staleMemo(memo.version, expectedVersion);

    const result = await inTransaction(this.dataSource, (manager) =>
      this.persist(manager, {
        auth,
        memo,
        body,
        origin,
        authority,
        route,
        next: { value: next.value as ApprovalState, context: next.context },
        signature,
        letterCode,
        alongside,
        now,
      }),
    );
    this.logger.log({ memoId, event: body.event, from: result.from, to: result.to, actor: auth.userId, step: result.step }, 'transition');
    this.nudge.poke();
    return result;
  }

  /**
   * The render job's event: the final PDF exists, the memo is ready to publish. Written by the same writer as
   * people's events; `alongside` records the rendered file in the same transaction.
   */
  async markRendered(memoId: string, alongside: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    const memo = await loadTransitionMemo(this.dataSource.manager, memoId, null);
    if (!memo) return false;
    const current = snapshotOf(memo);
    const [next] = transition(approvalMachine, current, { type: 'RENDERED' });
    if (next === current) return false;
    await inTransaction(this.dataSource, (manager) =>
      writeTransition(manager, {
        memo,
        event: 'RENDERED',
        next: { value: next.value as ApprovalState, context: next.context },
        at: this.clock.now(),
        audit: { actorId: SYSTEM_ACTOR, actingFor: null, comment: null, ip: null, userAgent: null },
        jobs: () => [
          { organizationId: memo.organizationId, kind: 'notify', payload: { memoId: memo.id, event: 'RENDERED', audience: 'webmasters', state: next.value }, dedupeKey: `notify:${memo.id}:rendered:${memo.round}` },
        ],
        alongside: [alongside],
      }),
    );
    this.logger.log({ memoId, event: 'RENDERED', from: memo.status, to: next.value, actor: SYSTEM_ACTOR }, 'transition');
    this.nudge.poke();
    return true;
  }

  /**
   * What `auth` may do with the memo now: each event the chart accepts in the memo's state (`snapshot.can`) that the
   * authority rules let this person send, with the acting line they would sign under. Pages draw their buttons from
   * it and the API returns it with the memo; nothing else decides who may do what.
   */
  async availableActions(auth: AuthContext, memoId: string): Promise<AvailableAction[]> {
    const memo = await loadTransitionMemo(this.dataSource.manager, memoId, auth.organizationId);
    if (!memo || !canSeeMemo(auth, memo)) return [];
    const snapshot = snapshotOf(memo);
    const entering = memo.status === 'draft' || memo.status === 'returned';
    const routeLength = entering ? (await this.organizations.getRoute(auth.organizationId)).length : (memo.route?.length ?? 0);
    const authorities = new Map<string, Promise<Authority | null>>();
    const authorityFor = (event: PersonEvent) => {
      const kind = AUTHOR_EVENTS.has(event) ? 'author' : PUBLICATION_EVENTS.has(event) ? 'webmaster' : 'reviewer';
      if (!authorities.has(kind)) authorities.set(kind, this.authorize(auth, memo, event));
      return authorities.get(kind)!;
    };
    const actions: AvailableAction[] = [];
    for (const event of PERSON_EVENTS) {
      // Any text passes the chart's comment and reason guards: whether the person writes one is checked on sending.
      if (!snapshot.can(chartEvent({ event, comment: '-', reason: '-' }, routeLength))) continue;
      const authority = await authorityFor(event);
      if (authority) actions.push({ event, actingFor: authority.actingFor, via: PUBLICATION_EVENTS.has(event) ? 'publication' : 'transitions' });
    }
    return actions;
  }

  private async persist(
    manager: EntityManager,
    p: {
      auth: AuthContext;
      memo: TransitionMemo;
      body: TransitionDto;
      origin: RequestOrigin;
      authority: Authority;
      route: RouteSnapshot[] | null;
      next: { value: ApprovalState; context: ApprovalContext };
      /** Drawn on screen for this review, or 'profile': the stored one, copied by the database. */
      signature: Signature | null;
      /** The organisation's letter code and numerals, when this SUBMIT takes a document number. */
      letterCode: { letterCode: string; numerals: 'thai' | 'arabic' } | null;
      alongside: Alongside[];
      now: Date;
    },
  ): Promise<TransitionResult> {
    const { auth, memo, body, next, now } = p;
    const inReview = next.value === 'in_review';
    const entering = body.event === 'SUBMIT' || body.event === 'RESUBMIT';
    const round = entering ? memo.round + 1 : memo.round;
    const columns: TransitionColumns = {
      currentStep: inReview ? next.context.step : memo.currentStep,
      currentPositionId: inReview && p.route ? p.route[next.context.step].positionId : null,
    };
    if (entering) Object.assign(columns, { route: p.route, round });
    const needsNumber = p.letterCode !== null;
    if (needsNumber) {
      const [{ content }] = await plainSql(manager).rows<{ content: string }>('SELECT content FROM memos WHERE id = ?', [memo.id]);
      const written = JSON.parse(content) as Memo['content'];
      if (!written.date) columns.content = { ...written, date: bangkokDate(now) };
    }
    if (body.event === 'APPROVE') columns.approvedAt = now;

    const result: TransitionResult = {
      memoId: memo.id,
      event: body.event,
      from: memo.status,
      to: next.value,
      statusLabel: MEMO_STATUS_LABELS[next.value],
      step: inReview ? next.context.step + 1 : null,
      version: memo.version + 1,
      documentNumber: memo.documentNumber,
      registerYear: memo.registerYear,
    };
    const text = (body.comment ?? body.reason ?? '').trim();
    await writeTransition(manager, {
      memo,
      event: body.event,
      next,
      at: now,
      columns,
      audit: { actorId: auth.userId, actingFor: p.authority.actingFor, comment: text || null, ip: p.origin.ip, userAgent: p.origin.userAgent?.slice(0, 300) ?? null },
      jobs: (seq) => this.followUps(memo, body.event, next, round, seq),
      alongside: [
        ...(REVIEW_EVENTS.has(body.event) ? [(m: EntityManager) => this.writeReview(m, p, round, text)] : []),
        // The register row stays locked from here to commit, so the number is taken last.
        ...(needsNumber
          ? [
              async (m: EntityManager) => {
                const taken = await nextDocumentNumber(m, auth.organizationId, now);
                result.documentNumber = formatDocumentNumber(p.letterCode!.letterCode, taken.number, p.letterCode!.numerals);
                result.registerYear = taken.year;
                await plainSql(m).affected('UPDATE memos SET document_number = ?, register_year = ? WHERE id = ?', [result.documentNumber, result.registerYear, memo.id]);
              },
            ]
          : []),
        ...p.alongside.map((write) => (m: EntityManager) => write(m, result)),
      ],
    });
    return result;
  }

  /**
   * The comment block of the step the memo was at: comment, signer (name read from their profile by the database),
   * position or acting line, and the signature — drawn on screen, or copied from the profile as it is at this moment.
   */
  private async writeReview(
    manager: EntityManager,
    p: { auth: AuthContext; memo: TransitionMemo; body: TransitionDto; authority: Authority; signature: Signature | null; now: Date },
    round: number,
    comment: string,
  ): Promise<void> {
    const { auth, memo } = p;
    if (!memo.route || memo.currentStep === null) return;
    const step = memo.route[memo.currentStep];
    const sql = plainSql(manager);
    const drawn = p.signature && p.signature !== 'profile' ? p.signature : null;
    const fromProfile = p.signature === 'profile';
    const written = await sql.affected(
      `INSERT INTO memo_reviews (id, memo_id, organization_id, round, ordinal, position_id, heading, action, comment, signer_id, signer_name, signer_position, acting_for, signature, signature_type, signed_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, id, ${sql.concat('honorific', 'full_name')}, ?, ?, ${fromProfile ? 'signature, signature_type' : '?, ?'}, ?
       FROM users WHERE id = ?${fromProfile ? ' AND signature_type IS NOT NULL' : ''}`,
      [
        randomUUID(), memo.id, auth.organizationId, round, memo.currentStep, step.positionId, `ความเห็น${step.shortTitle}`, p.body.event as ReviewAction, comment,
        p.authority.signerPosition ?? step.title, p.authority.actingFor,
        ...(fromProfile ? [] : [drawn?.data ?? null, drawn?.type ?? null]),
        sql.date(p.now), auth.userId,
      ],
    );
    // No row: the signer has no stored signature (the transaction, memo update included, is rolled back).
    if (written !== 1) throw MISSING_SIGNATURE();
  }

  /** Notify whoever must act next; render the final PDF on approval. */
  private followUps(memo: TransitionMemo, event: PersonEvent, next: { value: ApprovalState; context: ApprovalContext }, round: number, seq: number): NewJob[] {
    const base = { organizationId: memo.organizationId };
    const notify = (audience: string): NewJob => ({
      ...base,
      kind: 'notify',
      payload: { memoId: memo.id, event, audience, state: next.value, step: next.context.step },
      dedupeKey: `notify:${memo.id}:${seq}:${audience}`,
    });
    switch (next.value) {
      case 'in_review':
        return [notify('current_step')];
      case 'returned':
      case 'rejected':
        return [notify('author')];
      case 'approved':
        return [
          notify('author'),
          { ...base, kind: 'render', payload: { memoId: memo.id, round }, dedupeKey: `render:${memo.id}:${round}` },
        ];
      default:
        return [];
    }
  }

  /** Checks who may send the event; returns how they sign, or null when they may not. */
  private async authorize(auth: AuthContext, memo: TransitionMemo, event: PersonEvent): Promise<Authority | null> {
    if (AUTHOR_EVENTS.has(event)) return memo.authorId === auth.userId ? { signerPosition: null, actingFor: null } : null;
    if (PUBLICATION_EVENTS.has(event)) return auth.roles.includes('webmaster') ? { signerPosition: null, actingFor: null } : null;
    if (!memo.route || memo.currentStep === null) return null;
    const step = memo.route[memo.currentStep];
    if (auth.positionId === step.positionId) return { signerPosition: step.title, actingFor: null };
    const assignment = await activeActingAssignment(this.dataSource.manager, auth.organizationId, auth.userId, step.positionId);
    if (!assignment) return null;
    const own = auth.positionId ? await this.organizations.getPosition(auth, auth.positionId).catch(() => null) : null;
    return { signerPosition: own?.title ?? null, actingFor: actingLine(assignment, step.title) };
  }

  /**
   * Refused attempts are part of the history too. On MySQL the memo's row is locked first, so the refusal is chained
   * after any transition in flight rather than racing it for the next sequence number; a lost race is tried again,
   * a few times at most.
   */
  private async auditRefusal(auth: AuthContext, memo: TransitionMemo, body: TransitionDto, origin: RequestOrigin): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await inTransaction(this.dataSource, async (manager) => {
          if (manager.connection.options.type === 'mysql') await manager.query('SELECT id FROM memos WHERE id = ? FOR UPDATE', [memo.id]);
          await appendAudit(manager, {
            organizationId: auth.organizationId,
            memoId: memo.id,
            actorId: auth.userId,
            actingFor: null,
            event: body.event,
            fromState: memo.status,
            toState: memo.status,
            fromStep: memo.currentStep,
            toStep: memo.currentStep,
            outcome: 'refused',
            comment: null,
            ip: origin.ip,
            userAgent: origin.userAgent?.slice(0, 300) ?? null,
            createdAt: this.clock.now(),
          });
        });
        return;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= REFUSAL_AUDIT_ATTEMPTS) throw error;
      }
    }
  }

  private async routeSnapshot(organizationId: string): Promise<RouteSnapshot[]> {
    const positions = await this.organizations.getRoute(organizationId);
    return positions.map((p) => ({ positionId: p.id, title: p.title, shortTitle: p.shortTitle }));
  }

  private async letterCode(organizationId: string): Promise<{ letterCode: string; numerals: 'thai' | 'arabic' }> {
    const [row] = await plainSql(this.dataSource.manager).rows<{ letter_code: string; numerals: 'thai' | 'arabic' }>('SELECT letter_code, numerals FROM organizations WHERE id = ?', [organizationId]);
    return { letterCode: row.letter_code, numerals: row.numerals };
  }

  private notAllowedNow(memo: TransitionMemo, event: PersonEvent, route: RouteSnapshot[] | null): DomainError {
    if ((event === 'SUBMIT' || event === 'RESUBMIT') && (!route || route.length === 0) && (memo.status === 'draft' || memo.status === 'returned')) {
      return new DomainError(ErrorCode.InvalidTransition, {
        th: 'หน่วยงานยังไม่ได้กำหนดเส้นทางการเสนอแฟ้ม ติดต่อผู้ดูแลระบบ',
        en: 'The organisation has no approval route yet',
      });
    }
    return new DomainError(ErrorCode.InvalidTransition, {
      th: `ทำรายการ ${event} ไม่ได้ในขณะที่บันทึกข้อความอยู่ในสถานะ "${MEMO_STATUS_LABELS[memo.status]}"`,
      en: `${event} is not possible while the memo is ${memo.status}`,
    });
  }
}

/** The chart's event for a person's request; the route's length comes with (re)submission. */
function chartEvent(body: Pick<TransitionDto, 'event' | 'comment' | 'reason'>, routeLength: number): ApprovalEvent {
  switch (body.event) {
    case 'SUBMIT':
    case 'RESUBMIT':
      return { type: body.event, routeLength };
    case 'FORWARD':
    case 'APPROVE':
      return { type: body.event, comment: body.comment ?? '' };
    case 'RETURN':
    case 'REJECT':
    case 'WITHDRAW':
      return { type: body.event, reason: body.reason ?? '' };
    case 'CANCEL':
    case 'PUBLISH':
      return { type: body.event };
  }
}

/** PUBLISH and WITHDRAW sent where people's other events go: they belong to the publication desk. */
function publicationOnly(event: PersonEvent): DomainError {
  const where = event === 'PUBLISH' ? 'POST /api/memos/:id/publish' : 'POST /api/publications/:id/withdraw';
  return DomainError.field(
    'event',
    'publicationEndpoint',
    `${event === 'PUBLISH' ? 'การเผยแพร่' : 'การถอนการเผยแพร่'}ต้องทำผ่าน ${where} ซึ่งจัดทำและบันทึกเอกสารเผยแพร่ไปพร้อมกัน`,
    `${event} is sent through ${where}, which writes the publication with it`,
  );
}

/** Drawn on screen for this review, or 'profile': the one stored in the signer's profile, copied by the database. */
type Signature = { data: Buffer; type: string } | 'profile';

const MISSING_SIGNATURE = () =>
  DomainError.field('signatureImage', 'required', 'กรุณาลงลายมือชื่อ หรืออัปโหลดลายมือชื่อไว้ในโปรไฟล์', 'Sign on screen or upload a signature in your profile');

/** The signature a FORWARD or APPROVE signs with: the PNG drawn on screen (checked here), or else the profile's. */
function signatureOf(body: TransitionDto): Signature {
  if (!body.signatureImage) return 'profile';
  const data = Buffer.from(body.signatureImage.slice(body.signatureImage.indexOf(',') + 1), 'base64');
  if (!isPng(data) || data.length > MAX_SIGNATURE_BYTES) {
    throw DomainError.field('signatureImage', 'image', 'ลายมือชื่อต้องเป็นภาพ PNG ขนาดไม่เกิน 512 KB', 'The signature must be a PNG of at most 512 KB');
  }
  return { data, type: 'image/png' };
}

/** Comments and reasons the chart insists on, reported against their field before anything else happens. */
function requireText(body: TransitionDto): void {
  const blank = (text?: string) => !text || text.trim().length === 0;
  if ((body.event === 'FORWARD' || body.event === 'APPROVE') && blank(body.comment)) {
    throw DomainError.field('comment', 'required', 'กรุณาเขียนความเห็นหรือคำสั่ง เช่น ทราบ หรือ อนุมัติ', 'A comment or order is required');
  }
  if ((body.event === 'RETURN' || body.event === 'REJECT' || body.event === 'WITHDRAW') && blank(body.reason)) {
    throw DomainError.field('reason', 'required', 'กรุณาระบุเหตุผล', 'A reason is required');
  }
}

function refusalReason(event: PersonEvent): string {
  if (AUTHOR_EVENTS.has(event)) return 'เฉพาะผู้จัดทำบันทึกข้อความนี้เท่านั้นที่ทำรายการนี้ได้';
  if (PUBLICATION_EVENTS.has(event)) return 'เฉพาะผู้ดูแลเว็บไซต์เท่านั้นที่เผยแพร่หรือถอนการเผยแพร่ได้';
  return 'เฉพาะผู้ดำรงตำแหน่งในขั้นตอนนี้ หรือผู้รักษาราชการแทนตามคำสั่ง เท่านั้นที่พิจารณาได้';
}
