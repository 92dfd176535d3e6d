import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { withNumerals } from '../common/thai-calendar';
import { appConfig, type AppConfig } from '../config/configuration';
import { Organization } from '../organizations/organization.entity';
import { PAGE_HELPERS } from '../web/page-helpers';
import { ItaItem } from './ita-item.entity';
import { Publication } from './publication.entity';
import { publicPath } from './publication.service';

export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const YEAR = /^2[5-7]\d\d$/;

const STATUS_TEXT = { current: 'ฉบับปัจจุบัน', superseded: 'มีฉบับแก้ไขแทนแล้ว', withdrawn: 'ถอนการเผยแพร่แล้ว' } as const;

/** What the public sees: only current and superseded publications; withdrawn ones answer 410 with their reason. */
@Injectable()
export class PublicSiteService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  get publicUrl(): string {
    return this.config.publicUrl;
  }

  async organization(slug: string): Promise<Organization> {
    const organization = SLUG.test(slug) ? await this.dataSource.getRepository(Organization).findOneBy({ slug }) : null;
    if (!organization) throw DomainError.notFound({ th: 'ไม่พบหน่วยงานนี้', en: 'No such organisation' });
    return organization;
  }

  /** When the organisation last published: answers a conditional GET before any list is read. */
  async lastPublished(organization: Organization): Promise<Date | null> {
    const row = await this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('p')
      .select('MAX(p.published_at)', 'latest')
      .where('p.organization_id = :id', { id: organization.id })
      .getRawOne<{ latest: Date | string | null }>();
    if (!row?.latest) return null;
    return row.latest instanceof Date ? row.latest : new Date(`${row.latest.replace(' ', 'T')}Z`);
  }

  /**
   * Current publications, newest fiscal year first, then by ITA item; with `newest`, only the newest that many
   * (feeds and the embed), by publication date.
   */
  async listing(organization: Organization, newest?: number) {
    const rows = await this.dataSource.getRepository(Publication).find({
      where: { organizationId: organization.id, status: 'current' },
      order: newest ? { publishedAt: 'DESC', id: 'DESC' } : { fiscalYear: 'DESC', itaItemCode: 'ASC', publishedAt: 'DESC' },
      take: newest,
    });
    const documents = rows.map((p) => this.summary(organization, p));
    const years = [...new Set(documents.map((d) => d.fiscalYear))].map((fiscalYear) => ({
      fiscalYear,
      fiscalYearText: withNumerals(fiscalYear, organization.numerals),
      documents: documents.filter((d) => d.fiscalYear === fiscalYear),
    }));
    const lastModified = rows.reduce<Date | null>((latest, p) => (!latest || p.publishedAt > latest ? p.publishedAt : latest), null);
    return { documents, years, lastModified };
  }

  async document(organization: Organization, year: string, slug: string) {
    if (!YEAR.test(year) || !SLUG.test(slug)) throw DomainError.notFound();
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ organizationId: organization.id, fiscalYear: Number(year), slug });
    if (!publication) throw DomainError.notFound({ th: 'ไม่พบเอกสารนี้', en: 'No such document' });
    return publication;
  }

  /** Throws 410 for a withdrawn publication, carrying what the notice page shows. */
  requireNotWithdrawn(organization: Organization, publication: Publication): void {
    if (publication.status !== 'withdrawn') return;
    throw new DomainError(ErrorCode.Gone, {
      th: `เอกสารนี้ถูกถอนการเผยแพร่แล้ว: ${publication.withdrawnReason ?? ''}`,
      en: `This document was withdrawn: ${publication.withdrawnReason ?? ''}`,
    });
  }

  async replacement(organization: Organization, publication: Publication) {
    if (!publication.supersededById) return null;
    const next = await this.dataSource.getRepository(Publication).findOneBy({ id: publication.supersededById });
    return next ? { title: next.title, path: publicPath(organization.slug, next) } : null;
  }

  async history(organization: Organization, publication: Publication) {
    const related = await this.dataSource.getRepository(Publication).find({
      where: [
        { organizationId: organization.id, supersededById: publication.id },
        ...(publication.supersedesId ? [{ organizationId: organization.id, id: publication.supersedesId }] : []),
        ...(publication.supersededById ? [{ organizationId: organization.id, id: publication.supersededById }] : []),
      ],
      order: { publishedAt: 'DESC' },
    });
    return related.map((p) => ({
      title: p.title,
      path: publicPath(organization.slug, p),
      statusText: STATUS_TEXT[p.status],
      publishedText: PAGE_HELPERS.thaiDate(p.publishedAt, organization.numerals),
    }));
  }

  async itaItem(organization: Organization, publication: Publication) {
    if (!publication.itaItemCode) return null;
    return this.dataSource.getRepository(ItaItem).findOneBy({ organizationId: organization.id, fiscalYear: publication.fiscalYear, code: publication.itaItemCode });
  }

  /** Every OIT item of the year's mapping with the URL that answers it, or none (ยังไม่เผยแพร่). */
  async evidence(organization: Organization, year: string) {
    if (!YEAR.test(year)) throw DomainError.notFound();
    const fiscalYear = Number(year);
    const [items, publications] = await Promise.all([
      this.dataSource.getRepository(ItaItem).find({ where: { organizationId: organization.id, fiscalYear }, order: { code: 'ASC' } }),
      this.dataSource.getRepository(Publication).find({ where: { organizationId: organization.id, fiscalYear, status: 'current' }, order: { publishedAt: 'DESC' } }),
    ]);
    const rows = items
      .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
      .map((item) => {
        const publication = publications.find((p) => p.itaItemCode === item.code);
        return { code: item.code, title: item.title, url: publication ? `${this.config.publicUrl}${publicPath(organization.slug, publication)}` : null };
      });
    return { fiscalYear, rows };
  }

  async verifyBySha256(sha256: string) {
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ sha256: sha256.toLowerCase() });
    if (!publication) return { authentic: false as const, sha256: sha256.toLowerCase() };
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: publication.organizationId });
    return {
      authentic: true as const,
      ...this.summary(organization, publication),
      organizationName: organization.name,
      status: publication.status,
      statusText: STATUS_TEXT[publication.status],
      current: publication.status === 'current',
      publishedText: PAGE_HELPERS.thaiDate(publication.publishedAt, organization.numerals),
    };
  }

  async publicationById(id: string) {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ id });
    if (!publication) return null;
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: publication.organizationId });
    return { title: publication.title, organizationName: organization.name };
  }

  summary(organization: Organization, p: Publication) {
    const path = publicPath(organization.slug, p);
    const approvers = p.approvalTrail.filter((t) => t.action === 'FORWARD' || t.action === 'APPROVE').map((t) => `${t.name} (${t.position})`);
    return {
      id: p.id,
      title: p.title,
      fiscalYear: p.fiscalYear,
      fiscalYearText: withNumerals(p.fiscalYear, organization.numerals),
      itaItemCode: p.itaItemCode,
      path,
      url: `${this.config.publicUrl}${path}`,
      pdfUrl: `${this.config.publicUrl}${path}.pdf`,
      approvedAt: p.approvedAt,
      approvedText: PAGE_HELPERS.thaiDate(p.approvedAt, organization.numerals),
      approvers: approvers.join(', '),
      approvedBy: p.approvalTrail.filter((t) => t.action === 'FORWARD' || t.action === 'APPROVE').map((t) => ({ name: t.name, position: t.position, actingFor: t.actingFor, at: t.at })),
      publishedAt: p.publishedAt,
      size: p.size,
      sha256: p.sha256,
    };
  }

}
