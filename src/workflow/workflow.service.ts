import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { transition } from 'xstate';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { DomainError, ErrorCode } from '../common/domain-error';
import { isPng } from '../common/image-upload';
import { Clock } from '../common/clock';
import { bangkokDate } from '../common/thai-calendar';
import { inTransaction, isDuplicateKey } from '../database/transactions';
import { Memo, type RouteSnapshot } from '../memos/memo.entity';
import { canSeeMemo, MEMO_NOT_FOUND } from '../memos/memo-access';
import { MEMO_STATUS_LABELS, type MemoStatus } from '../memos/memo-status';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { assertSubmittable } from '../reports/drafts';
import { User } from '../users/user.entity';
import { activeActingAssignment, actingLine } from './acting';
import { approvalMachine, MACHINE_VERSION, type ApprovalContext, type ApprovalEvent, type ApprovalState } from './approval.machine';
import { appendAudit } from './audit-trail';
import { ensureRegister, formatDocumentNumber, nextDocumentNumber } from './document-numbering';
import { IdempotencyRecord } from './idempotency-record.entity';
import { MemoReview, type ReviewAction } from './memo-review.entity';
import { enqueue, type NewJob } from './outbox';
import { OutboxNudge } from './outbox-nudge';
import type { PersonEvent, TransitionDto } from './transition.dto';

export type Alongside = (manager: EntityManager, result: TransitionResult) => Promise<void>;

export interface ApplyOptions {
  /** A retried request with the same key returns the first result and applies nothing twice. */
  idempotencyKey?: string;
  /**
   * Runs inside the transition's transaction (e.g. the publication row written with PUBLISH), so that both commit
   * or neither does.
   */
  alongside?: Alongside;
}

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

/** Who the actor is for this event: themselves, the holder of the step's position, or acting for it. */
interface Authority {
  signerPosition: string | null;
  actingFor: string | null;
}

/**
 * What a transition reads of the memo: not its content (a report can run to hundreds of kilobytes), which only a
 * first SUBMIT needs, to date the memo.
 */
const TRANSITION_COLUMNS = {
  id: true,
  organizationId: true,
  authorId: true,
  status: true,
  version: true,
  documentNumber: true,
  registerYear: true,
  workflowSnapshot: true,
  route: true,
  currentStep: true,
  round: true,
} as const;

const REVIEW_EVENTS: ReadonlySet<PersonEvent> = new Set(['FORWARD', 'APPROVE', 'RETURN', 'REJECT']);
const AUTHOR_EVENTS: ReadonlySet<PersonEvent> = new Set(['SUBMIT', 'RESUBMIT', 'CANCEL']);
const WEBMASTER_EVENTS: ReadonlySet<PersonEvent> = new Set(['PUBLISH', 'WITHDRAW']);
const MAX_SIGNATURE_BYTES = 512 * 1024;
/** The actor of events Kasian itself sends (the render job's RENDERED). */
export const SYSTEM_ACTOR = 'system';

function snapshotOf(memo: Memo) {
  const stored = memo.workflowSnapshot ?? { value: memo.status, context: { routeLength: 0, step: 0, reviewerActed: false } };
  return approvalMachine.resolveState({ value: stored.value as ApprovalState, context: stored.context as ApprovalContext });
}

function requestHash(memoId: string, body: TransitionDto): string {
  return createHash('sha256').update(JSON.stringify([memoId, body])).digest('hex');
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
  ) {}

  async apply(auth: AuthContext, memoId: string, body: TransitionDto, origin: RequestOrigin, options: ApplyOptions = {}): Promise<TransitionResult> {
    const { idempotencyKey } = options;
    if (!idempotencyKey) return this.applyOnce(auth, memoId, body, origin, options);
    const hash = requestHash(memoId, body);
    const earlier = await this.replay(auth, idempotencyKey, hash);
    if (earlier) return earlier;
    try {
      return await this.applyOnce(auth, memoId, body, origin, options);
    } catch (error) {
      // A concurrent request with the same key may have won meanwhile: answer what it answered.
      const winner = await this.replay(auth, idempotencyKey, hash);
      if (winner) return winner;
      throw error;
    }
  }

  private async applyOnce(auth: AuthContext, memoId: string, body: TransitionDto, origin: RequestOrigin, { idempotencyKey, alongside }: ApplyOptions): Promise<TransitionResult> {
    const memo = await this.dataSource.getRepository(Memo).findOne({ where: { id: memoId, organizationId: auth.organizationId }, select: TRANSITION_COLUMNS });
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
    const event = this.chartEvent(body, route?.length ?? 0);
    const current = snapshotOf(memo);
    const [next] = transition(approvalMachine, current, event);
    if (next === current) throw this.notAllowedNow(memo, body.event, route);
    if (body.event === 'SUBMIT' || body.event === 'RESUBMIT') await assertSubmittable(this.dataSource.manager, memoId);

    const signer = body.event === 'FORWARD' || body.event === 'APPROVE' ? await this.signatureFor(auth, body) : null;
    const expectedVersion = body.version ?? memo.version;
    if (expectedVersion !== memo.version) throw this.stale(memo.version, expectedVersion);

    const result = await inTransaction(this.dataSource, (manager) =>
      this.persist(manager, {
        auth,
        memo,
        body,
        origin,
        authority,
        route,
        next: { value: next.value as ApprovalState, context: next.context },
        signature: signer?.signature ?? null,
        signerName: signer?.name,
        idempotencyKey,
        alongside,
        now,
      }),
    );
    this.logger.log({ memoId, event: body.event, from: result.from, to: result.to, actor: auth.userId, step: result.step }, 'transition');
    this.nudge.poke();
    return result;
  }

  /**
   * The render job's event: the final PDF exists, the memo is ready to publish. Written with the same version check
   * and audit chain as people's events; `alongside` records the rendered file in the same transaction.
   */
  async markRendered(memoId: string, alongside: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    const memo = await this.dataSource.getRepository(Memo).findOneBy({ id: memoId });
    if (!memo) return false;
    const current = snapshotOf(memo);
    const [next] = transition(approvalMachine, current, { type: 'RENDERED' });
    if (next === current) return false;
    await inTransaction(this.dataSource, async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(Memo)
        .set({ status: next.value as MemoStatus, workflowSnapshot: { value: next.value, context: next.context }, machineVersion: MACHINE_VERSION, stepEnteredAt: this.clock.now(), version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id: memo.id, version: memo.version })
        .execute();
      if (!updated.affected) throw this.stale(memo.version + 1, memo.version);
      await alongside(manager);
      await appendAudit(manager, {
        organizationId: memo.organizationId,
        memoId: memo.id,
        actorId: SYSTEM_ACTOR,
        actingFor: null,
        event: 'RENDERED',
        fromState: memo.status,
        toState: next.value as string,
        fromStep: null,
        toStep: null,
        outcome: 'applied',
        comment: null,
        ip: null,
        userAgent: null,
      });
      await enqueue(manager, [
        { organizationId: memo.organizationId, kind: 'notify', payload: { memoId: memo.id, event: 'RENDERED', audience: 'webmasters', state: next.value }, dedupeKey: `notify:${memo.id}:rendered:${memo.round}` },
      ]);
    });
    this.logger.log({ memoId, event: 'RENDERED', from: memo.status, to: next.value, actor: SYSTEM_ACTOR }, 'transition');
    this.nudge.poke();
    return true;
  }

  private async persist(
    manager: EntityManager,
    p: {
      auth: AuthContext;
      memo: Memo;
      body: TransitionDto;
      origin: RequestOrigin;
      authority: Authority;
      route: RouteSnapshot[] | null;
      next: { value: ApprovalState; context: ApprovalContext };
      /** Drawn on screen for this review, or 'profile': the stored one, copied by the database. */
      signature: { data: Buffer; type: string } | 'profile' | null;
      signerName?: string;
      idempotencyKey?: string;
      alongside?: Alongside;
      now: Date;
    },
  ): Promise<TransitionResult> {
    const { auth, memo, body, next, now } = p;
    const inReview = next.value === 'in_review';
    const entering = body.event === 'SUBMIT' || body.event === 'RESUBMIT';
    const changes: Record<string, unknown> = {
      status: next.value,
      workflowSnapshot: { value: next.value, context: next.context },
      machineVersion: MACHINE_VERSION,
      currentStep: inReview ? next.context.step : memo.currentStep,
      currentPositionId: inReview && p.route ? p.route[next.context.step].positionId : null,
      stepEnteredAt: now,
    };
    if (entering) {
      changes.route = p.route;
      changes.round = memo.round + 1;
    }
    const needsNumber = body.event === 'SUBMIT' && !memo.documentNumber;
    if (needsNumber) {
      const { content } = await manager.findOneOrFail(Memo, { where: { id: memo.id }, select: { id: true, content: true } });
      if (!content.date) changes.content = { ...content, date: bangkokDate(now) };
    }
    if (body.event === 'APPROVE') changes.approvedAt = now;

    const updated = await manager
      .createQueryBuilder()
      .update(Memo)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id: memo.id, version: memo.version })
      .execute();
    if (!updated.affected) throw this.stale(memo.version + 1, memo.version);

    const round = entering ? memo.round + 1 : memo.round;
    if (REVIEW_EVENTS.has(body.event) && memo.route && memo.currentStep !== null) {
      const step = memo.route[memo.currentStep];
      const signerName = p.signerName ?? (await manager.findOneByOrFail(User, { id: auth.userId })).displayName;
      // A stored signature is copied from the signer's profile inside the database, as it is at this moment.
      const fromProfile = p.signature === 'profile';
      const drawn = p.signature && p.signature !== 'profile' ? p.signature : null;
      await manager
        .createQueryBuilder()
        .insert()
        .into(MemoReview)
        .values({
          id: randomUUID(),
        memoId: memo.id,
        organizationId: auth.organizationId,
        round,
        ordinal: memo.currentStep,
        positionId: step.positionId,
        heading: `ความเห็น${step.shortTitle}`,
        action: body.event as ReviewAction,
        comment: (body.comment ?? body.reason ?? '').trim(),
        signerId: auth.userId,
        signerName,
        signerPosition: p.authority.signerPosition ?? step.title,
          actingFor: p.authority.actingFor,
          signature: fromProfile ? () => '(SELECT signature FROM users WHERE id = :signerId)' : (drawn?.data ?? null),
          signatureType: fromProfile ? () => '(SELECT signature_type FROM users WHERE id = :signerId)' : (drawn?.type ?? null),
          signedAt: now,
        } as never)
        .setParameter('signerId', auth.userId)
        .updateEntity(false)
        .execute();
    }
    const audit = await appendAudit(manager, {
      organizationId: auth.organizationId,
      memoId: memo.id,
      actorId: auth.userId,
      actingFor: p.authority.actingFor,
      event: body.event,
      fromState: memo.status,
      toState: next.value,
      fromStep: memo.status === 'in_review' ? memo.currentStep : null,
      toStep: inReview ? next.context.step : null,
      outcome: 'applied',
      comment: (body.comment ?? body.reason ?? null)?.trim() || null,
      ip: p.origin.ip,
      userAgent: p.origin.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
    });
    await enqueue(manager, this.followUps(memo, body.event, next, round, audit.seq));

    // The register row stays locked from here to commit, so the number is taken last.
    let { documentNumber, registerYear } = memo;
    if (needsNumber) {
      const organization = await manager.findOneOrFail(Organization, { where: { id: auth.organizationId }, select: { id: true, letterCode: true, numerals: true } });
      const taken = await nextDocumentNumber(manager, auth.organizationId, now);
      documentNumber = formatDocumentNumber(organization.letterCode, taken.number, organization.numerals);
      registerYear = taken.year;
      await manager.update(Memo, { id: memo.id }, { documentNumber, registerYear });
    }

    const result: TransitionResult = {
      memoId: memo.id,
      event: body.event,
      from: memo.status,
      to: next.value,
      statusLabel: MEMO_STATUS_LABELS[next.value],
      step: inReview ? next.context.step + 1 : null,
      version: memo.version + 1,
      documentNumber,
      registerYear,
    };
    await p.alongside?.(manager, result);
    if (p.idempotencyKey) {
      await manager.insert(IdempotencyRecord, {
        userId: auth.userId,
        key: p.idempotencyKey,
        requestHash: requestHash(memo.id, body),
        status: 200,
        body: result,
        createdAt: now,
      });
    }
    return result;
  }

  /** Notify whoever must act next; render the final PDF on approval. */
  private followUps(memo: Memo, event: PersonEvent, next: { value: ApprovalState; context: ApprovalContext }, round: number, seq: number): NewJob[] {
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
  private async authorize(auth: AuthContext, memo: Memo, event: PersonEvent): Promise<Authority | null> {
    if (AUTHOR_EVENTS.has(event)) return memo.authorId === auth.userId ? { signerPosition: null, actingFor: null } : null;
    if (WEBMASTER_EVENTS.has(event)) return auth.roles.includes('webmaster') ? { signerPosition: null, actingFor: null } : null;
    if (!memo.route || memo.currentStep === null) return null;
    const step = memo.route[memo.currentStep];
    if (auth.positionId === step.positionId) return { signerPosition: step.title, actingFor: null };
    const assignment = await activeActingAssignment(this.dataSource.manager, auth.organizationId, auth.userId, step.positionId);
    if (!assignment) return null;
    const own = auth.positionId ? await this.organizations.getPosition(auth, auth.positionId).catch(() => null) : null;
    return { signerPosition: own?.title ?? null, actingFor: actingLine(assignment, step.title) };
  }

  /** Refused attempts are part of the history too. */
  private async auditRefusal(auth: AuthContext, memo: Memo, body: TransitionDto, origin: RequestOrigin): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      appendAudit(manager, {
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
      }),
    ).catch((error) => {
      if (!isDuplicateKey(error)) throw error;
      return this.auditRefusal(auth, memo, body, origin);
    });
  }

  private chartEvent(body: TransitionDto, routeLength: number): ApprovalEvent {
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

  private async routeSnapshot(organizationId: string): Promise<RouteSnapshot[]> {
    const positions = await this.organizations.getRoute(organizationId);
    return positions.map((p) => ({ positionId: p.id, title: p.title, shortTitle: p.shortTitle }));
  }

  /**
   * The signer's name and the signature for the review: drawn on screen, or else the one stored in their profile,
   * which is not read here (an image can be large): the review's INSERT copies it (a profile signature replaced at
   * that very moment gives the newer image, still the signer's own).
   */
  private async signatureFor(auth: AuthContext, body: TransitionDto): Promise<{ name: string; signature: { data: Buffer; type: string } | 'profile' }> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: auth.userId },
      select: { id: true, honorific: true, fullName: true, signatureType: true },
    });
    if (!user) throw DomainError.notFound();
    const name = user.displayName;
    if (body.signatureImage) {
      const data = Buffer.from(body.signatureImage.slice(body.signatureImage.indexOf(',') + 1), 'base64');
      if (!isPng(data) || data.length > MAX_SIGNATURE_BYTES) {
        throw DomainError.field('signatureImage', 'image', 'ลายมือชื่อต้องเป็นภาพ PNG ขนาดไม่เกิน 512 KB', 'The signature must be a PNG of at most 512 KB');
      }
      return { name, signature: { data, type: 'image/png' } };
    }
    if (!user.signatureType) {
      throw DomainError.field('signatureImage', 'required', 'กรุณาลงลายมือชื่อ หรืออัปโหลดลายมือชื่อไว้ในโปรไฟล์', 'Sign on screen or upload a signature in your profile');
    }
    return { name, signature: 'profile' };
  }

  private async replay(auth: AuthContext, key: string, hash: string): Promise<TransitionResult | null> {
    const record = await this.dataSource.getRepository(IdempotencyRecord).findOneBy({ userId: auth.userId, key });
    if (!record) return null;
    if (record.requestHash !== hash) {
      throw DomainError.conflict({
        th: 'Idempotency-Key นี้ใช้กับคำขออื่นไปแล้ว',
        en: 'This Idempotency-Key was used for a different request',
      });
    }
    return record.body as TransitionResult;
  }

  private stale(current: number, yours: number): DomainError {
    return new DomainError(
      ErrorCode.VersionConflict,
      { th: 'บันทึกข้อความนี้มีการเปลี่ยนแปลงไปแล้ว กรุณาโหลดใหม่', en: 'The memo changed meanwhile: reload it' },
      [],
      { currentVersion: current, yourVersion: yours },
    );
  }

  private notAllowedNow(memo: Memo, event: PersonEvent, route: RouteSnapshot[] | null): DomainError {
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
  if (WEBMASTER_EVENTS.has(event)) return 'เฉพาะผู้ดูแลเว็บไซต์เท่านั้นที่เผยแพร่หรือถอนการเผยแพร่ได้';
  return 'เฉพาะผู้ดำรงตำแหน่งในขั้นตอนนี้ หรือผู้รักษาราชการแทนตามคำสั่ง เท่านั้นที่พิจารณาได้';
}
