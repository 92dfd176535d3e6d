import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { pageOf, type Keyset } from '../common/pagination';
import { readDate } from '../common/raw-date';
import { thaiDate, withNumerals } from '../common/thai-calendar';
import { appConfig, type AppConfig } from '../config/configuration';
import { Organization } from '../identity/organization.entity';
import { ItaItem } from '../organizations/ita-item.entity';
import { Publication } from './publication.entity';
import { publicPath } from './publication.service';

export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const YEAR = /^2[5-7]\d\d$/;

/** What a public list shows of a publication (the approval trail names the approvers). */
const PUBLIC_LIST_COLUMNS = ['id', 'title', 'fiscalYear', 'itaItemCode', 'slug', 'approvedAt', 'approvalTrail', 'publishedAt', 'size', 'sha256'] as const satisfies (keyof Publication)[];

const YEAR_ORDER: Keyset<Publication> = {
  name: 'public-year',
  columns: [
    { sql: "COALESCE(publication.ita_item_code, '')", direction: 'ASC', kind: 'string', of: (p) => p.itaItemCode ?? '' },
    { sql: 'publication.published_at', direction: 'DESC', kind: 'date', of: (p) => p.publishedAt },
    { sql: 'publication.id', direction: 'DESC', kind: 'string', of: (p) => p.id },
  ],
};

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
    if (organization.suspendedAt) {
      throw new DomainError(
        ErrorCode.Gone,
        { th: `${organization.name} ระงับการเผยแพร่เอกสารผ่านระบบนี้ชั่วคราว`, en: `${organization.name} is suspended on this service` },
        [],
        { suspended: organization.name },
      );
    }
    return organization;
  }

  /**
   * When what the organisation's public pages show last changed: its last publication, its last withdrawal (a
   * withdrawn document leaves the lists, and no publication date moves), or its own details (name, district). Answers
   * a conditional GET before any list is read; two index dives.
   */
  async lastChanged(organization: Organization): Promise<Date | null> {
    const [row]: { published: Date | string | null; withdrawn: Date | string | null }[] = await this.dataSource.query(
      'SELECT (SELECT MAX(published_at) FROM publications WHERE organization_id = ?) AS published, (SELECT MAX(withdrawn_at) FROM publications WHERE organization_id = ?) AS withdrawn',
      [organization.id, organization.id],
    );
    if (!row?.published) return null;
    const times = [readDate(row.published), row.withdrawn ? readDate(row.withdrawn) : null, organization.updatedAt].filter((d): d is Date => d instanceof Date);
    return new Date(Math.max(...times.map((d) => d.getTime())));
  }

  /** The newest `count` current publications, by publication date (feeds and the embed). */
  async newest(organization: Organization, count: number) {
    const rows = await this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('publication')
      .select(PUBLIC_LIST_COLUMNS.map((column) => `publication.${column}`))
      .where("publication.organization_id = :id AND publication.status = 'current'", { id: organization.id })
      .orderBy('publication.published_at', 'DESC')
      .addOrderBy('publication.id', 'DESC')
      .limit(count)
      .getMany();
    return rows.map((p) => this.summary(organization, p));
  }

  /** The fiscal years with current publications, newest first: the organisation page's year selector. */
  async years(organization: Organization): Promise<{ fiscalYear: number; fiscalYearText: string }[]> {
    const rows = await this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('p')
      .select('DISTINCT p.fiscal_year', 'fiscal_year')
      .where("p.organization_id = :id AND p.status = 'current'", { id: organization.id })
      .orderBy('p.fiscal_year', 'DESC')
      .getRawMany<{ fiscal_year: number | string }>();
    return rows.map((row) => ({ fiscalYear: Number(row.fiscal_year), fiscalYearText: withNumerals(Number(row.fiscal_year), organization.numerals) }));
  }

  /** One page of a fiscal year's current publications, by ITA item (those without one first), then newest. */
  async yearListing(organization: Organization, fiscalYear: number, page: { limit?: number; cursor?: string }) {
    const qb = this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('publication')
      .select(PUBLIC_LIST_COLUMNS.map((column) => `publication.${column}`))
      .where("publication.organization_id = :id AND publication.status = 'current' AND publication.fiscal_year = :fiscalYear", { id: organization.id, fiscalYear });
    return pageOf(qb, YEAR_ORDER, page, (q) => q.getMany() as Promise<Publication[]>, (p) => this.summary(organization, p));
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
      publishedText: thaiDate(p.publishedAt, organization.numerals),
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
      publishedText: thaiDate(publication.publishedAt, organization.numerals),
    };
  }

  async publicationById(id: string) {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const publication = await this.dataSource.getRepository(Publication).findOneBy({ id });
    if (!publication) return null;
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: publication.organizationId });
    return { title: publication.title, organizationName: organization.name };
  }

  summary(organization: Organization, p: Pick<Publication, (typeof PUBLIC_LIST_COLUMNS)[number]>) {
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
      approvedText: thaiDate(p.approvedAt, organization.numerals),
      approvers: approvers.join(', '),
      approvedBy: p.approvalTrail.filter((t) => t.action === 'FORWARD' || t.action === 'APPROVE').map((t) => ({ name: t.name, position: t.position, actingFor: t.actingFor, at: t.at })),
      publishedAt: p.publishedAt,
      size: p.size,
      sha256: p.sha256,
    };
  }

}
