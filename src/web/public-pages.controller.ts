import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DomainError, ErrorCode } from '../common/domain-error';
import { withNumerals } from '../common/thai-calendar';
import { escapeXml } from '../common/xml';
import { FileStorage } from '../storage/file-storage';
import { sendStoredFile } from '../storage/send-stored-file';
import { PAGE_HELPERS } from './page-helpers';
import { PageRenderer } from './page-renderer';
import { cursorParam, pagerLinks } from './pager';
import type { Organization } from '../identity/organization.entity';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DatabaseOutage } from '../database/database-outage';
import { PublicSiteService } from '../publication/public-site.service';
import { PublishedFiles, publishedFileOf, type PublishedFile } from '../publication/published-files';
import { VerifyRateGuard, VerifyUploadInterceptor, type RequestWithHashedUpload } from './verify-upload';
import { csvField } from '../common/csv';

const PAGE_CACHE = 'public, max-age=300';
/** Feeds and the embed carry the newest this many; the organisation page has one fiscal year, this many at a time. */
const FEED_LENGTH = 50;
const YEAR_PAGE_LENGTH = 100;
/** How long a PDF that is known waits for the database before it is served from what is stored. */
const CACHED_PDF_DATABASE_WAIT_MS = 2000;

class Slow extends Error {}

/** The promise's outcome, or `Slow` after `ms`; a later rejection is dropped (the caller has moved on). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Slow()), ms)))]).finally(() => clearTimeout(timer));
}
const SHA256 = /^[0-9a-fA-F]{64}$/;

/** The public site (/p/…, /verify): no sign-in, nothing but published documents, cacheable. */
@ApiTags('public')
@Public()
@Controller()
export class PublicPagesController {
  constructor(
    private readonly site: PublicSiteService,
    private readonly pages: PageRenderer,
    private readonly storage: FileStorage,
    private readonly files: PublishedFiles,
    private readonly outage: DatabaseOutage,
  ) {}

  @Get('p/:org')
  @ApiExcludeEndpoint()
  async organization(@Param('org') slug: string, @Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    await this.page(response, async () => {
      const organization = await this.site.organization(slug);
      const lastModified = await this.site.lastChanged(organization);
      if (this.notModified(request, response, lastModified)) return null;
      const years = await this.site.years(organization);
      // One fiscal year at a time, the newest unless `?year=` names another; a year with nothing published is not found.
      const asked = typeof query.year === 'string' ? query.year : undefined;
      const year = asked === undefined ? years[0] : years.find((y) => String(y.fiscalYear) === asked);
      if (asked !== undefined && !year) throw DomainError.notFound();
      const page = year ? await this.site.yearListing(organization, year.fiscalYear, { limit: YEAR_PAGE_LENGTH, cursor: cursorParam(query.cursor) }) : null;
      this.cacheHeaders(response, lastModified);
      const path = `/p/${organization.slug}`;
      return this.pages.render('public/organization', {
        pageTitle: `เอกสารเผยแพร่ ITA · ${organization.name}`,
        organization: this.organizationView(organization),
        years: years.map((y) => ({ ...y, href: `${path}?year=${y.fiscalYear}`, current: y.fiscalYear === year?.fiscalYear })),
        year: year ?? null,
        documents: page?.items ?? [],
        pager: pagerLinks(`หน้าของเอกสารปีงบประมาณ ${year?.fiscalYearText ?? ''}`, path, { year: year?.fiscalYear }, page ?? { next: null, previous: null }),
        snippet: this.snippet(organization),
      });
    });
  }

  @Get('p/:org/feed.json')
  @ApiExcludeEndpoint()
  async jsonFeed(@Param('org') slug: string, @Req() request: Request, @Res() response: Response) {
    const organization = await this.site.organization(slug);
    const lastModified = await this.site.lastChanged(organization);
    if (this.notModified(request, response, lastModified)) return;
    const documents = await this.site.newest(organization, FEED_LENGTH);
    const base = this.site.publicUrl;
    this.cacheHeaders(response, lastModified);
    response.type('application/feed+json').send(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: `เอกสารเผยแพร่ ITA · ${organization.name}`,
        home_page_url: `${base}/p/${organization.slug}`,
        feed_url: `${base}/p/${organization.slug}/feed.json`,
        language: 'th',
        items: documents.map((d) => ({
          id: d.id,
          url: d.url,
          title: d.title,
          date_published: d.publishedAt.toISOString(),
          _kasian: { fiscalYear: d.fiscalYear, itaItem: d.itaItemCode, approvedAt: d.approvedAt, approvedBy: d.approvedBy, sha256: d.sha256 },
          attachments: [{ url: d.pdfUrl, mime_type: 'application/pdf', size_in_bytes: d.size }],
        })),
      }),
    );
  }

  @Get('p/:org/feed.atom')
  @ApiExcludeEndpoint()
  async atomFeed(@Param('org') slug: string, @Req() request: Request, @Res() response: Response) {
    const organization = await this.site.organization(slug);
    const lastModified = await this.site.lastChanged(organization);
    if (this.notModified(request, response, lastModified)) return;
    const documents = await this.site.newest(organization, FEED_LENGTH);
    const base = this.site.publicUrl;
    this.cacheHeaders(response, lastModified);
    const entries = documents
      .map(
        (d) => `  <entry>
    <id>urn:uuid:${d.id}</id>
    <title>${escapeXml(d.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(d.url)}"/>
    <link rel="enclosure" type="application/pdf" length="${d.size}" href="${escapeXml(d.pdfUrl)}"/>
    <updated>${d.publishedAt.toISOString()}</updated>
    <summary>${escapeXml(`ปีงบประมาณ ${d.fiscalYear}${d.itaItemCode ? ` · ${d.itaItemCode}` : ''} · อนุมัติโดย ${d.approvers}`)}</summary>
  </entry>`,
      )
      .join('\n');
    response.type('application/atom+xml').send(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="th">
  <id>${escapeXml(`${base}/p/${organization.slug}`)}</id>
  <title>${escapeXml(`เอกสารเผยแพร่ ITA · ${organization.name}`)}</title>
  <link rel="self" href="${escapeXml(`${base}/p/${organization.slug}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/p/${organization.slug}`)}"/>
  <updated>${(lastModified ?? new Date(0)).toISOString()}</updated>
  <author><name>${escapeXml(organization.name)}</name></author>
${entries}
</feed>
`);
  }

  /** The list for an organisation's own website, framed by it (see the snippet on the organisation page). */
  @Get('p/:org/embed')
  @ApiExcludeEndpoint()
  async embed(@Param('org') slug: string, @Req() request: Request, @Res() response: Response) {
    await this.page(response, async () => {
      const organization = await this.site.organization(slug);
      const lastModified = await this.site.lastChanged(organization);
      if (this.notModified(request, response, lastModified)) return null;
      const documents = await this.site.newest(organization, FEED_LENGTH);
      this.cacheHeaders(response, lastModified);
      response.removeHeader('X-Frame-Options');
      response.setHeader('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; frame-ancestors *");
      return this.pages.render('public/embed', { pageTitle: organization.name, documents });
    });
  }

  @Get('p/:org/:year/:document')
  @ApiExcludeEndpoint()
  async document(
    @Param('org') slug: string,
    @Param('year') year: string,
    @Param('document') name: string,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (name === 'ita' || name === 'ita.csv') return this.evidence(slug, year, name.endsWith('.csv'), response);
    const pdf = name.endsWith('.pdf');
    const documentSlug = pdf ? name.slice(0, -4) : name;
    await this.page(response, async () => {
      if (pdf) {
        const found = await this.publishedPdf(slug, year, documentSlug);
        if (found.file) {
          await this.sendPdf(request, response, found.file);
          return null;
        }
      }
      const organization = await this.site.organization(slug);
      const publication = await this.site.document(organization, year, documentSlug);
      if (publication.status === 'withdrawn') {
        response.status(410).setHeader('Cache-Control', 'no-cache');
        return this.pages.render('public/gone', {
          pageTitle: `ถอนการเผยแพร่แล้ว · ${publication.title}`,
          organization: this.organizationView(organization),
          publication: { title: publication.title, withdrawnReason: publication.withdrawnReason },
          withdrawnText: PAGE_HELPERS.thaiDate(publication.withdrawnAt, organization.numerals),
          replacement: await this.site.replacement(organization, publication),
        });
      }
      this.cacheHeaders(response, publication.publishedAt);
      const summary = this.site.summary(organization, publication);
      return this.pages.render('public/document', {
        pageTitle: `${publication.title} · ${organization.name}`,
        organization: this.organizationView(organization),
        publication: { id: publication.id, title: publication.title, size: publication.size, pages: publication.pages, documentNumber: publication.documentNumber, registerYear: publication.registerYear, sha256: publication.sha256 },
        path: summary.path,
        fiscalYearText: summary.fiscalYearText,
        itaItem: await this.site.itaItem(organization, publication),
        approvedText: summary.approvedText,
        publishedText: PAGE_HELPERS.thaiDate(publication.publishedAt, organization.numerals),
        trail: publication.approvalTrail.map((t) => ({ ...t, date: PAGE_HELPERS.thaiDate(t.at, organization.numerals) })),
        supersededBy: await this.site.replacement(organization, publication),
        history: await this.site.history(organization, publication),
      });
    });
  }

  /**
   * The PDF to serve for a public URL: from the database, or — when it is out or slow and the file was published —
   * from what is stored. `file` is null when the page must answer instead (withdrawn: 410 with its notice).
   */
  private async publishedPdf(slug: string, year: string, documentSlug: string): Promise<{ file: PublishedFile | null }> {
    const key = PublishedFiles.keyOf(slug, year, documentSlug);
    const known = this.files.get(key);
    if (known && this.outage.down) return { file: known };
    const lookup = (async () => {
      const organization = await this.site.organization(slug);
      return { organization, publication: await this.site.document(organization, year, documentSlug) };
    })();
    let found: Awaited<typeof lookup>;
    try {
      found = await (known ? within(lookup, CACHED_PDF_DATABASE_WAIT_MS) : lookup);
    } catch (error) {
      if (!known || !(error instanceof Slow || isDatabaseUnavailable(error))) throw error;
      if (!(error instanceof Slow)) this.outage.report(error);
      return { file: known };
    }
    if (found.publication.status === 'withdrawn') {
      this.files.forget(key);
      return { file: null };
    }
    const file = publishedFileOf(found.organization.slug, found.publication);
    this.files.remember(key, file);
    return { file };
  }

  private sendPdf(request: Request, response: Response, file: PublishedFile): Promise<void> {
    return sendStoredFile(request, response, this.storage, file, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${file.filename}"`,
      'Cache-Control': 'public, max-age=3600',
    });
  }

  @Get('verify')
  @ApiExcludeEndpoint()
  verifyForm(@Res() response: Response) {
    response.setHeader('Cache-Control', PAGE_CACHE);
    response.type('html').send(this.pages.render('public/verify', { pageTitle: 'ตรวจสอบเอกสาร · เกษียน', publication: null, result: null }));
  }

  /** Where the QR code on a published PDF leads. */
  @Get('verify/:id')
  @ApiExcludeEndpoint()
  async verifyPublication(@Param('id') id: string, @Res() response: Response) {
    const publication = await this.site.publicationById(id);
    response.status(publication ? 200 : 404).type('html').send(this.pages.render('public/verify', { pageTitle: 'ตรวจสอบเอกสาร · เกษียน', publication, result: null }));
  }

  /** Upload a PDF or paste its SHA-256: is it an authentic published version? The file is hashed as it arrives, never kept. */
  @Post('verify')
  @ApiExcludeEndpoint()
  @UseGuards(VerifyRateGuard)
  @UseInterceptors(VerifyUploadInterceptor)
  async verify(@Req() request: RequestWithHashedUpload, @Body() body: { sha256?: string }, @Res() response: Response) {
    const given = typeof body?.sha256 === 'string' ? body.sha256.trim() : '';
    const upload = request.hashedUpload;
    if (!upload?.size && !SHA256.test(given)) {
      throw DomainError.field('file', 'required', 'กรุณาเลือกไฟล์ PDF หรือวางค่า SHA-256 (64 ตัวอักษร)', 'Choose a PDF file or paste its SHA-256 (64 hex digits)');
    }
    const sha256 = upload?.size ? upload.sha256 : given.toLowerCase();
    const result = await this.site.verifyBySha256(sha256);
    response.setHeader('Cache-Control', 'no-store');
    response.status(200).type('html').send(
      this.pages.render('public/verify', {
        pageTitle: 'ผลการตรวจสอบเอกสาร · เกษียน',
        publication: null,
        result: result.authentic ? result : { authentic: false, sha256 },
      }),
    );
  }

  private async evidence(slug: string, year: string, csv: boolean, response: Response) {
    await this.page(response, async () => {
      const organization = await this.site.organization(slug);
      const evidence = await this.site.evidence(organization, year);
      response.setHeader('Cache-Control', PAGE_CACHE);
      if (csv) {
        const lines = ['ข้อ,รายการ,URL', ...evidence.rows.map((r) => [r.code, r.title, r.url ?? 'ยังไม่เผยแพร่'].map(csvField).join(','))];
        response
          .type('text/csv; charset=utf-8')
          .setHeader('Content-Disposition', `attachment; filename="ita-${organization.slug}-${evidence.fiscalYear}.csv"`)
          .send('\ufeff' + lines.join('\r\n') + '\r\n');
        return null;
      }
      return this.pages.render('public/evidence', {
        pageTitle: `ดัชนีหลักฐาน ITA ${evidence.fiscalYear} · ${organization.name}`,
        organization: this.organizationView(organization),
        fiscalYear: evidence.fiscalYear,
        fiscalYearText: withNumerals(evidence.fiscalYear, organization.numerals),
        rows: evidence.rows,
      });
    });
  }

  /** Renders a page, or the HTML 404 / error page instead of the API's JSON error. */
  private async page(response: Response, build: () => Promise<string | null>): Promise<void> {
    try {
      const html = await build();
      if (html !== null) response.type('html').send(html);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) {
        response.status(404).setHeader('Cache-Control', 'no-cache');
        response.type('html').send(this.pages.render('public/not-found', {}));
        return;
      }
      if (error instanceof DomainError && error.code === ErrorCode.Gone && typeof error.details['suspended'] === 'string') {
        response.status(410).setHeader('Cache-Control', 'no-cache');
        response.type('html').send(this.pages.render('public/suspended', { pageTitle: `ระงับการเผยแพร่ชั่วคราว · ${error.details['suspended']}`, name: error.details['suspended'] }));
        return;
      }
      throw error;
    }
  }

  /**
   * Answers 304 from when the organisation's pages last changed alone (`lastChanged`: a publication, a withdrawal,
   * the organisation's details), before any list is read, when the client's copy is as new.
   */
  private notModified(request: Request, response: Response, last: Date | null): boolean {
    const since = Date.parse(request.get('If-Modified-Since') ?? '');
    if (Number.isNaN(since) || request.get('If-None-Match')) return false;
    if (!last || Math.floor(last.getTime() / 1000) > Math.floor(since / 1000)) return false;
    this.cacheHeaders(response, last);
    response.status(304).end();
    return true;
  }

  private cacheHeaders(response: Response, lastModified: Date | null): void {
    response.setHeader('Cache-Control', PAGE_CACHE);
    if (lastModified) response.setHeader('Last-Modified', lastModified.toUTCString());
  }

  private organizationView(organization: Organization) {
    return { slug: organization.slug, name: organization.name, district: organization.district, province: organization.province };
  }

  private snippet(organization: Organization): string {
    const base = this.site.publicUrl;
    return `<iframe src="${base}/p/${organization.slug}/embed" title="เอกสารเผยแพร่ ITA ของ${organization.name}" style="width:100%;height:480px;border:0" loading="lazy"></iframe>`;
  }
}
