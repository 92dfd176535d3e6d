import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { chainedPage, SEARCH_PAGE_SIZE, type Keyset, type ListPart, type Page } from '../common/pagination';
import { withNumerals } from '../common/thai-calendar';
import { inTransaction } from '../database/transactions';
import { Organization } from '../identity/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { User } from '../identity/user.entity';
import { defaultMemo } from '../memos/memo-defaults';
import { Memo } from '../memos/memo.entity';
import { MemoRepository } from '../memos/memo.repository';
import { MemosService } from '../memos/memos.service';
import { MEMO_STATUS_LABELS, type MemoStatus } from '../memos/memo-status';
import {
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  type DocumentFormatVersion,
  type KasianDocument,
  type MemoContent,
  type ReportContent,
  type ReportPeriod,
} from '../reports/document-format';
import { lowestFormatVersion, validateDocument } from '../reports/document-validation';
import { checkWorkingCopy, latestWorkingCopy, type WorkingCopy } from '../memos/drafts';
import { implementationReportFromPlan, reportForNextYear } from '../reports/plan-conversion';
import { Report } from '../reports/report.entity';
import type { ListDocumentsQuery } from './document.dto';
import { ReportSearch } from '../reports/report-search';
import { documentSearchText, highlightParts, searchHead, searchTerms, type HighlightPart } from '../reports/search-text';

const DOCUMENT_NOT_FOUND = { th: 'ไม่พบเอกสารนี้', en: 'Document not found' };

export interface DocumentSummary {
  id: string;
  status: MemoStatus;
  statusLabel: string;
  kind: Report['kind'];
  title: string;
  fiscalYear: number;
  period: ReportPeriod;
  subject: string;
  documentNumber: string | null;
  /** The calendar year (พ.ศ.) of the register the number was taken from: the number is unique only with it. */
  registerYear: number | null;
  author: { id: string; displayName: string };
  version: number;
  updatedAt: Date;
}

/** Where the search terms occur, as parts to show with the matching ones marked (never HTML). */
export interface SearchHighlight {
  title: HighlightPart[];
  subject: HighlightPart[];
  /** Some 80 characters of the normalised text around the first term's first occurrence. */
  snippet: HighlightPart[];
}

export interface DocumentView extends DocumentSummary {
  organizationId: string;
  planId: string | null;
  createdAt: Date;
  report: ReportContent;
  memo: MemoContent;
}

/** What the editor works on: the latest typing (valid or not) and what the format's rules say about it. */
export interface WorkingCopyView extends WorkingCopy {
  id: string;
  version: number;
  updatedAt: Date;
  /** True when the latest typing breaks a rule and is kept apart from the stored document until it is fixed. */
  pending: boolean;
  problems: FieldProblem[];
}

export interface DraftSaved {
  id: string;
  version: number;
  updatedAt: Date;
  /** `document`: the typing is valid and is now the document; `draft`: kept as typed, with its problems. */
  savedAs: 'document' | 'draft';
  problems: FieldProblem[];
}

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly search: ReportSearch,
    private readonly memos: MemosService,
    private readonly memoRepository: MemoRepository,
  ) {}

  async create(auth: AuthContext, input: { report: unknown; memo?: unknown }, planId: string | null = null): Promise<DocumentView> {
    requireRole(auth, 'author', 'admin');
    const document = validateDocument(await this.complete(auth, input.report, input.memo ?? {}));
    const id = await inTransaction(this.dataSource, async (manager) => {
      const report = manager.create(Report, {
        organizationId: auth.organizationId,
        authorId: auth.userId,
        planId,
        ...this.reportColumns(document),
      });
      await manager.save(report);
      await this.search.write(manager, report, true);
      await this.memos.createDraft(manager, { id: report.id, organizationId: auth.organizationId, authorId: auth.userId, content: document.memo });
      return report.id;
    });
    return this.get(auth, id);
  }

  /** Imports a document in the exchange format as a new draft (a document number is never imported). */
  async import(auth: AuthContext, input: unknown): Promise<DocumentView> {
    const document = validateDocument(input);
    const { documentNumber: _ignored, ...memo } = document.memo;
    return this.create(auth, { report: document.report, memo });
  }

  /**
   * The document in the exchange format: as version 1 when it uses nothing of version 2 (so a version 1 document
   * exports as it was imported), otherwise version 2; `version: 2` asks for version 2 whatever it uses.
   */
  async export(auth: AuthContext, id: string, version?: DocumentFormatVersion): Promise<KasianDocument> {
    const view = await this.get(auth, id);
    const document = { report: view.report, memo: view.memo };
    const lowest = lowestFormatVersion(document);
    if (version === 1 && lowest > 1) {
      throw DomainError.field('version', 'formatVersion', 'เอกสารนี้ใช้รูปแบบรุ่น ๒ ส่งออกเป็นรุ่น ๑ ไม่ได้', 'This document uses format version 2 and cannot be exported as version 1');
    }
    return { format: DOCUMENT_FORMAT, version: version ?? lowest, ...document };
  }

  async get(auth: AuthContext, id: string): Promise<DocumentView> {
    const { report, memo, author } = await this.load(auth, id);
    return this.view(report, memo, author);
  }

  /**
   * The organisation's documents, newest first; with `q`, those containing every term: those whose title or subject
   * holds the first term first, then the others, each newest first (report-search.ts). Keyset pages on
   * (updated_at, id), a search's in two parts (pagination.ts `chainedPage`).
   */
  async list(auth: AuthContext, query: ListDocumentsQuery): Promise<Page<DocumentSummary & { highlight?: SearchHighlight }>> {
    // `report` is read from the (organization_id, updated_at, id, search_head) index alone, newest first; `document`,
    // the same row, is read only for the rows a page keeps (a search's tests read its text: report-search.ts).
    const qb = this.dataSource
      .getRepository(Report)
      .createQueryBuilder('report')
      .innerJoin(Report, 'document', 'document.id = report.id')
      .innerJoin(Memo, 'memo', 'memo.id = report.id')
      .innerJoin(User, 'author', 'author.id = document.author_id')
      .select(['report.id', 'report.updatedAt'])
      .addSelect(['document.kind', 'document.title', 'document.fiscalYear', 'document.period'])
      .addSelect(['memo.status', 'memo.subject', 'memo.documentNumber', 'memo.registerYear', 'memo.version', 'memo.updatedAt'])
      .addSelect(['author.id', 'author.honorific', 'author.fullName'])
      .where('report.organization_id = :organizationId', { organizationId: auth.organizationId });
    if (!auth.roles.includes('admin')) {
      qb.andWhere("(memo.status <> 'draft' OR memo.author_id = :me)", { me: auth.userId });
    }
    if (query.fiscalYear) qb.andWhere('document.fiscal_year = :fiscalYear', { fiscalYear: query.fiscalYear });
    if (query.kind) qb.andWhere('document.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('memo.status = :status', { status: query.status });
    if (query.documentNumber) {
      const typed = query.documentNumber.trim();
      qb.andWhere('memo.document_number IN (:...numbers)', { numbers: [withNumerals(typed, 'thai'), withNumerals(typed, 'arabic')] });
    }
    if (query.registerYear) qb.andWhere('memo.register_year = :registerYear', { registerYear: query.registerYear });
    const terms = searchTerms(query.q ?? '');
    const searched = await this.search.restrict(qb, auth.organizationId, terms);
    // Newest first, both descending, so that the index gives the order without a sort.
    const newest = (name: string): Keyset<Record<string, unknown>> => ({
      name,
      columns: [
        { sql: 'report.updated_at', direction: 'DESC', kind: 'date', of: (row) => row.report_updated_at },
        { sql: 'report.id', direction: 'DESC', kind: 'string', of: (row) => row.report_id },
      ],
    });
    const parts: ListPart<Record<string, unknown>>[] = searched
      ? [
          { qb: searched[0], keyset: newest('documents-search-head') },
          { qb: searched[1], keyset: newest('documents-search-text') },
        ]
      : [{ qb, keyset: newest('documents') }];
    const page = { limit: query.limit ?? (searched ? SEARCH_PAGE_SIZE : undefined), cursor: query.cursor };
    const { rows, next, previous } = await chainedPage(parts, page, (part) => (searched ? this.search.read(part) : part.getRawMany<Record<string, unknown>>()));
    const items = rows.map((row) => {
      const status = row.memo_status as MemoStatus;
      return {
        id: row.report_id as string,
        status,
        statusLabel: MEMO_STATUS_LABELS[status],
        kind: row.document_kind as Report['kind'],
        title: row.document_title as string,
        fiscalYear: Number(row.document_fiscal_year),
        period: row.document_period as ReportPeriod,
        subject: row.memo_subject as string,
        documentNumber: (row.memo_document_number as string | null) ?? null,
        registerYear: row.memo_register_year == null ? null : Number(row.memo_register_year),
        author: { id: row.author_id as string, displayName: `${row.author_honorific as string}${row.author_full_name as string}` },
        version: Number(row.memo_version),
        updatedAt: new Date(row.memo_updated_at as string),
        ...(terms.length > 0
          ? {
              highlight: {
                title: highlightParts(row.document_title as string, terms),
                subject: highlightParts(row.memo_subject as string, terms),
                snippet: highlightParts(String(row.search_snippet ?? ''), terms),
              },
            }
          : {}),
      };
    });
    return { items, next, previous };
  }

  /** Replaces report and memo while the memo is a draft or returned; `version` guards against lost updates. */
  async update(auth: AuthContext, id: string, input: { report: unknown; memo: unknown; version?: number }): Promise<DocumentView> {
    const { report, memo } = await this.load(auth, id);
    this.requireEditor(auth, report);
    const document = validateDocument(await this.complete(auth, input.report, input.memo));
    await this.write(report, input.version ?? memo.version, { document });
    return this.get(auth, id);
  }

  /**
   * The editor's autosave: stores what was typed even when it breaks the format's rules, and answers the problems.
   * Valid typing becomes the document (as `update` does); invalid typing is kept as the working copy beside the
   * last valid document, which is what previews, exports and searches keep showing until the typing is fixed.
   */
  async saveDraft(auth: AuthContext, id: string, input: { report: unknown; memo: unknown; version?: number }): Promise<DraftSaved> {
    const { report, memo } = await this.load(auth, id);
    this.requireEditor(auth, report);
    const copy = await this.complete(auth, input.report, input.memo);
    const checked = checkWorkingCopy(copy);
    await this.write(report, input.version ?? memo.version, checked.document ? { document: checked.document } : { draft: { report: copy.report, memo: copy.memo } });
    const saved = await this.memoRepository.savedVersion(id);
    return { id, version: saved.version, updatedAt: saved.updatedAt, savedAs: checked.document ? 'document' : 'draft', problems: checked.problems };
  }

  /** The latest typing of a document its editor may change, valid or not, with its problems. */
  async workingCopy(auth: AuthContext, id: string): Promise<WorkingCopyView> {
    const { report, memo } = await this.load(auth, id);
    this.requireEditor(auth, report);
    const latest = (await latestWorkingCopy(this.dataSource.manager, id))!;
    return {
      id,
      version: memo.version,
      updatedAt: memo.updatedAt,
      pending: latest.pending,
      report: latest.copy.report,
      memo: latest.copy.memo,
      problems: checkWorkingCopy(latest.copy).problems,
    };
  }

  /** One writer for the document's text: the memo's version guards it; a valid document clears the working copy. */
  private async write(report: Report, version: number, change: { document: KasianDocument } | { draft: WorkingCopy }): Promise<void> {
    const { id } = report;
    const document = 'document' in change ? change.document : null;
    await inTransaction(this.dataSource, async (manager) => {
      await this.memos.updateText(manager, id, version, document ? document.memo : null);
      if (!document) {
        await manager.update(Report, { id }, { draft: (change as { draft: WorkingCopy }).draft } as never);
        return;
      }
      const columns = this.reportColumns(document);
      await manager.update(Report, { id }, { ...columns, draft: null } as never);
      await this.search.write(manager, { id, organizationId: report.organizationId, searchText: columns.searchText, searchHead: columns.searchHead });
    });
  }

  /** Only a draft that was never submitted can be deleted (a submitted memo has a number in the register). */
  async remove(auth: AuthContext, id: string): Promise<void> {
    const { report } = await this.load(auth, id);
    this.requireEditor(auth, report);
    await inTransaction(this.dataSource, async (manager) => {
      await this.memos.removeDraft(manager, id);
      await manager.delete(Report, { id });
    });
  }

  /** A new implementation report for a measures plan: its measures, with empty results. */
  async createFromPlan(auth: AuthContext, planId: string, period: ReportPeriod = 'full_year'): Promise<DocumentView> {
    const plan = await this.get(auth, planId);
    return this.create(auth, { report: implementationReportFromPlan(plan.report, period) }, planId);
  }

  /** Last year's document as this year's draft. */
  async copyForNextYear(auth: AuthContext, id: string): Promise<DocumentView> {
    const source = await this.get(auth, id);
    const { documentNumber: _n, date: _d, ...memo } = source.memo;
    return this.create(auth, { report: reportForNextYear(source.report), memo }, source.planId);
  }

  /** The document as sent, with the memo's defaults for what it leaves out; a document number is never accepted. */
  private async complete(auth: AuthContext, report: unknown, memoInput: unknown): Promise<WorkingCopy & { format: string; version: number }> {
    if (memoInput && typeof memoInput === 'object' && 'documentNumber' in memoInput) {
      throw DomainError.field('memo.documentNumber', 'readOnly', 'เลขที่หนังสือระบบจะออกให้เมื่อเสนอแฟ้ม', 'The document number is assigned on submission');
    }
    const title = report && typeof report === 'object' && typeof (report as ReportContent).title === 'string' ? (report as ReportContent).title : '';
    const defaults = defaultMemo({ title }, await this.memoContext(auth));
    return {
      format: DOCUMENT_FORMAT,
      version: DOCUMENT_FORMAT_VERSION,
      report,
      memo: { ...defaults, ...(memoInput as object) },
    };
  }

  private async memoContext(auth: AuthContext) {
    const [organization, author, route] = await Promise.all([
      this.dataSource.getRepository(Organization).findOneByOrFail({ id: auth.organizationId }),
      this.dataSource.getRepository(User).findOneOrFail({ where: { id: auth.userId }, relations: { position: true } }),
      this.organizations.getRoute(auth.organizationId),
    ]);
    return {
      organization,
      author: { displayName: author.displayName, positionTitle: author.position?.title ?? null, unit: author.position?.unit ?? null },
      route,
    };
  }

  private reportColumns(document: KasianDocument) {
    const { report } = document;
    return {
      kind: report.kind,
      title: report.title,
      fiscalYear: report.fiscalYear,
      period: report.period,
      content: report,
      searchText: documentSearchText(document),
      searchHead: searchHead(report.title, document.memo.subject),
    };
  }

  /** Loads a document the actor may see: same organisation, and drafts only for their author and admins. */
  private async load(auth: AuthContext, id: string): Promise<{ report: Report; memo: Memo; author: User }> {
    const report = await this.dataSource.getRepository(Report).findOneBy({ id, organizationId: auth.organizationId });
    const memo = report && (await this.memoRepository.visibleTo(auth, id));
    if (!report || !memo) throw DomainError.notFound(DOCUMENT_NOT_FOUND);
    const author = await this.dataSource.getRepository(User).findOneByOrFail({ id: report.authorId });
    return { report, memo, author };
  }

  private requireEditor(auth: AuthContext, report: Report): void {
    if (report.authorId !== auth.userId && !auth.roles.includes('admin')) {
      throw DomainError.forbidden({ th: 'เฉพาะผู้จัดทำหรือผู้ดูแลระบบเท่านั้นที่แก้ไขเอกสารนี้ได้', en: 'Only the author or an admin may change this document' });
    }
  }

  private view(report: Report, memo: Memo, author: User): DocumentView {
    return {
      id: report.id,
      organizationId: report.organizationId,
      status: memo.status,
      statusLabel: MEMO_STATUS_LABELS[memo.status],
      kind: report.kind,
      title: report.title,
      fiscalYear: report.fiscalYear,
      period: report.period,
      subject: memo.subject,
      documentNumber: memo.documentNumber,
      registerYear: memo.registerYear,
      author: { id: author.id, displayName: author.displayName },
      version: memo.version,
      planId: report.planId,
      createdAt: report.createdAt,
      updatedAt: memo.updatedAt,
      report: report.content,
      memo: memo.documentNumber ? withNumber(memo.content, memo.documentNumber) : (memo.content as MemoContent),
    };
  }
}

/** Puts ที่ back where the format has it (after ส่วนราชการ and โทร), so exports keep the schema's key order. */
function withNumber(content: Memo['content'], documentNumber: string): MemoContent {
  const { issuingUnit, phone, ...rest } = content;
  return { issuingUnit, ...(phone !== undefined ? { phone } : {}), documentNumber, ...rest };
}

