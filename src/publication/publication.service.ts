import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError, ErrorCode } from '../common/domain-error';
import { pageOf, type Keyset } from '../common/pagination';
import { readDate } from '../common/raw-date';
import { appConfig, type AppConfig } from '../config/configuration';
import { Memo } from '../memos/memo.entity';
import { MEMO_NOT_FOUND } from '../memos/memo-access';
import { MemoRepository } from '../memos/memo.repository';
import { Organization } from '../identity/organization.entity';
import { Report } from '../reports/report.entity';
import { FileStorage } from '../storage/file-storage';
import { User } from '../identity/user.entity';
import { MemoReview } from '../workflow/memo-review.entity';
import { Idempotency, requestHash, type CompleteRequest } from '../workflow/idempotency';
import { WorkflowService } from '../workflow/workflow.service';
import { CertificatesService } from './certificates.service';
import { ItaItemsService } from './ita-items.service';
import { sealPdf } from './pdf-seal';
import type { PublishDto } from './publication.dto';
import { Publication, type ApprovalTrailEntry } from './publication.entity';
import { stampVerificationQr } from './qr-stamp';
import { RenderedDocument } from './rendered-document.entity';

const PUBLICATION_NOT_FOUND = { th: 'ไม่พบเอกสารที่เผยแพร่นี้', en: 'Publication not found' };
/** What the webmaster's list shows: no approval trail, no storage key. */
const PUBLICATION_LIST_COLUMNS = [
  'id', 'memoId', 'title', 'fiscalYear', 'itaItemCode', 'status', 'slug', 'sha256', 'size', 'publishedAt', 'withdrawnAt', 'withdrawnReason', 'supersededById', 'supersedesId',
] as const;

const PUBLICATION_ORDER: Keyset<Publication> = {
  name: 'publications',
  columns: [
    { sql: 'publication.published_at', direction: 'DESC', kind: 'date', of: (p) => p.publishedAt },
    { sql: 'publication.id', direction: 'DESC', kind: 'string', of: (p) => p.id },
  ],
};

/** A publication as the API shows it. */
export interface PublicationView {
  id: string;
  memoId: string;
  title: string;
  fiscalYear: number;
  itaItemCode: string | null;
  status: Publication['status'];
  url: string;
  pdfUrl: string;
  verifyUrl: string;
  sha256: string;
  size: number;
  publishedAt: Date;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  supersededById: string | null;
  supersedesId: string | null;
}

export function publicPath(organizationSlug: string, publication: Pick<Publication, 'fiscalYear' | 'slug'>): string {
  return `/p/${organizationSlug}/${publication.fiscalYear}/${publication.slug}`;
}

/** The webmaster's side of publication: the queue, publishing (QR + seal), withdrawing. */
@Injectable()
export class PublicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: WorkflowService,
    private readonly idempotency: Idempotency,
    private readonly storage: FileStorage,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly memos: MemoRepository,
    private readonly certificates: CertificatesService,
    private readonly itaItems: ItaItemsService,
  ) {}

  /** Approved documents whose final PDF is ready, the longest approved first. */
  async queue(auth: AuthContext, page: { limit?: number; cursor?: string } = {}) {
    requireRole(auth, 'webmaster', 'admin');
    const { rows, next, previous } = await this.memos.readyToPublish(auth.organizationId, page);
    const years = [...new Set(rows.map((row) => Number(row.fiscal_year)))];
    const items = await this.itaItems.ofYears(auth.organizationId, years);
    return {
      items: rows.map((row) => {
        const suggested = items.filter((i) => i.fiscalYear === Number(row.fiscal_year) && i.reportKind === row.kind);
        return {
          memoId: row.id,
          subject: row.subject,
          documentNumber: row.document_number,
          registerYear: row.register_year === null ? null : Number(row.register_year),
          title: row.title,
          kind: row.kind,
          fiscalYear: Number(row.fiscal_year),
          approvedAt: readDate(row.approved_at),
          suggestedItaItem: suggested.length === 1 ? suggested[0].code : null,
        };
      }),
      next,
      previous,
    };
  }

  /**
   * Seals the rendered PDF (QR + signature), stores it, and publishes: the publication row commits with PUBLISH or
   * neither does. With an Idempotency-Key the key is taken first: a retry gets the first answer, a concurrent one
   * waits for it, and no second file is ever sealed or stored.
   */
  async publish(auth: AuthContext, memoId: string, dto: PublishDto, origin: RequestOrigin, idempotencyKey?: string) {
    const request = idempotencyKey ? { userId: auth.userId, key: idempotencyKey, hash: requestHash('publish', memoId, dto) } : undefined;
    return this.idempotency.once(request, (complete: CompleteRequest<PublicationView>) => this.publishOnce(auth, memoId, dto, origin, complete));
  }

  private async publishOnce(auth: AuthContext, memoId: string, dto: PublishDto, origin: RequestOrigin, complete: CompleteRequest<PublicationView>): Promise<PublicationView> {
    requireRole(auth, 'webmaster');
    const memo = await this.memos.inOrganization(auth.organizationId, memoId);
    if (!memo) throw DomainError.notFound(MEMO_NOT_FOUND);
    if (memo.status !== 'ready') {
      throw new DomainError(ErrorCode.InvalidTransition, {
        th: 'เผยแพร่ได้เฉพาะเอกสารที่อนุมัติแล้วและจัดทำ PDF เสร็จแล้ว',
        en: 'Only approved documents whose PDF is ready can be published',
      });
    }
    const [organization, report, rendered] = await Promise.all([
      this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId }),
      this.dataSource.getRepository(Report).findOneByOrFail({ id: memoId }),
      this.dataSource.getRepository(RenderedDocument).findOneByOrFail({ memoId, round: memo.round }),
    ]);
    const fiscalYear = dto.fiscalYear ?? report.fiscalYear;
    const itaItemCode = await this.itaItems.codeFor(auth, fiscalYear, report.kind, dto.itaItemCode);
    const supersedes = dto.supersedes ? await this.currentPublication(auth, dto.supersedes) : null;
    const slug = dto.slug ?? (await this.freeSlug(auth.organizationId, fiscalYear, (itaItemCode ?? report.kind).toLowerCase()));
    if (await this.dataSource.getRepository(Publication).existsBy({ organizationId: auth.organizationId, fiscalYear, slug })) {
      throw DomainError.field('slug', 'unique', 'ที่อยู่นี้มีเอกสารอื่นใช้อยู่แล้ว', 'Another document uses this address');
    }

    const id = randomUUID();
    const sealed = await this.seal(organization, await this.storage.read(rendered.storageKey), `${this.config.publicUrl}/verify/${id}`);
    const storageKey = `publications/${organization.id}/${id}.pdf`;
    await this.storage.put(storageKey, sealed);
    const publication = this.dataSource.getRepository(Publication).create({
      id,
      organizationId: organization.id,
      memoId,
      fiscalYear,
      itaItemCode,
      title: dto.title ?? report.title,
      slug,
      status: 'current',
      storageKey,
      sha256: createHash('sha256').update(sealed).digest('hex'),
      size: sealed.length,
      pages: rendered.pages,
      documentNumber: memo.documentNumber,
      registerYear: memo.registerYear,
      approvedAt: memo.approvedAt,
      approvalTrail: await this.approvalTrail(memo),
      publishedAt: new Date(),
      publishedBy: auth.userId,
      withdrawnAt: null,
      withdrawnReason: null,
      supersededById: null,
      supersedesId: supersedes?.id ?? null,
    });
    const answer = this.view(organization, publication);
    const recordPublication = async (manager: EntityManager) => {
      await manager.insert(Publication, publication);
      if (supersedes) {
        const updated = await manager.update(Publication, { id: supersedes.id, status: 'current' }, { status: 'superseded', supersededById: id });
        if (!updated.affected) throw DomainError.conflict({ th: 'เอกสารที่จะแทนที่ถูกเปลี่ยนสถานะไปแล้ว', en: 'The superseded publication changed meanwhile' });
      }
    };
    try {
      await this.workflow.applyPublication(auth, memoId, { event: 'PUBLISH' }, origin, [recordPublication, (manager) => complete(manager, answer)]);
    } catch (error) {
      await this.storage.remove(storageKey);
      throw error;
    }
    return answer;
  }

  /** Takes a document down: the publication is withdrawn in WITHDRAW's transaction, or the memo stays published. */
  async withdraw(auth: AuthContext, publicationId: string, reason: string, origin: RequestOrigin) {
    requireRole(auth, 'webmaster');
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ id: publicationId, organizationId: auth.organizationId });
    if (!publication) throw DomainError.notFound(PUBLICATION_NOT_FOUND);
    if (publication.status === 'withdrawn') {
      throw new DomainError(ErrorCode.InvalidTransition, { th: 'เอกสารนี้ถูกถอนการเผยแพร่แล้ว', en: 'Already withdrawn' });
    }
    const markWithdrawn = async (manager: EntityManager) => {
      const updated = await manager.update(Publication, { id: publication.id, status: publication.status }, { status: 'withdrawn', withdrawnAt: new Date(), withdrawnReason: reason.trim() });
      if (!updated.affected) throw DomainError.conflict({ th: 'เอกสารนี้ถูกเปลี่ยนสถานะไปแล้ว', en: 'The publication changed meanwhile' });
    };
    await this.workflow.applyPublication(auth, publication.memoId, { event: 'WITHDRAW', reason }, origin, [markWithdrawn]);
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId });
    return this.view(organization, await this.dataSource.getRepository(Publication).findOneByOrFail({ id: publicationId }));
  }

  /** The organisation's publications, newest first; the approval trail (shown on the public page) is not read. */
  async list(auth: AuthContext, page: { limit?: number; cursor?: string } = {}) {
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId });
    const qb = this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('publication')
      .select(PUBLICATION_LIST_COLUMNS.map((column) => `publication.${column}`))
      .where('publication.organization_id = :organizationId', { organizationId: auth.organizationId });
    return pageOf(qb, PUBLICATION_ORDER, page, (q) => q.getMany() as Promise<Publication[]>, (p) => this.view(organization, p));
  }

  view(organization: Organization, publication: Pick<Publication, (typeof PUBLICATION_LIST_COLUMNS)[number]>): PublicationView {
    const path = publicPath(organization.slug, publication);
    return {
      id: publication.id,
      memoId: publication.memoId,
      title: publication.title,
      fiscalYear: publication.fiscalYear,
      itaItemCode: publication.itaItemCode,
      status: publication.status,
      url: `${this.config.publicUrl}${path}`,
      pdfUrl: `${this.config.publicUrl}${path}.pdf`,
      verifyUrl: `${this.config.publicUrl}/verify/${publication.id}`,
      sha256: publication.sha256,
      size: publication.size,
      publishedAt: publication.publishedAt,
      withdrawnAt: publication.withdrawnAt,
      withdrawnReason: publication.withdrawnReason,
      supersededById: publication.supersededById,
      supersedesId: publication.supersedesId,
    };
  }

  private async seal(organization: Organization, pdf: Buffer, verifyUrl: string): Promise<Buffer> {
    const certificate = await this.certificates.signing(organization.id);
    const stamped = await stampVerificationQr(pdf, verifyUrl);
    return sealPdf(stamped, certificate.p12, certificate.passphrase, {
      reason: 'เผยแพร่เอกสารที่ได้รับอนุมัติ / Published after approval',
      name: organization.name,
      location: `${organization.district} ${organization.province}`,
      contactInfo: verifyUrl,
    });
  }

  private async approvalTrail(memo: Memo): Promise<ApprovalTrailEntry[]> {
    const reviews = await this.dataSource.getRepository(MemoReview).find({ where: { memoId: memo.id, round: memo.round }, order: { ordinal: 'ASC', signedAt: 'ASC' } });
    const author = await this.dataSource.getRepository(User).findOne({ where: { id: memo.authorId }, relations: { position: true } });
    return [
      {
        heading: 'ผู้เสนอ',
        action: 'SUBMIT',
        comment: '',
        name: author?.displayName ?? '',
        position: author?.position?.title ?? '',
        actingFor: null,
        at: (memo.content.date ?? memo.createdAt.toISOString()).slice(0, 10),
      },
      ...reviews.map((r) => ({
        heading: r.heading,
        action: r.action,
        comment: r.comment,
        name: r.signerName,
        position: r.signerPosition,
        actingFor: r.actingFor,
        at: r.signedAt.toISOString(),
      })),
    ];
  }

  private async currentPublication(auth: AuthContext, id: string): Promise<Publication> {
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ id, organizationId: auth.organizationId });
    if (!publication) throw DomainError.field('supersedes', 'exists', 'ไม่พบเอกสารที่จะแทนที่', 'No such publication');
    if (publication.status !== 'current') throw DomainError.field('supersedes', 'current', 'เอกสารนั้นไม่ใช่ฉบับปัจจุบัน', 'That publication is not current');
    return publication;
  }

  private async freeSlug(organizationId: string, fiscalYear: number, base: string): Promise<string> {
    const taken = new Set((await this.dataSource.getRepository(Publication).find({ where: { organizationId, fiscalYear }, select: { slug: true } })).map((p) => p.slug));
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!taken.has(slug)) return slug;
    }
  }
}
