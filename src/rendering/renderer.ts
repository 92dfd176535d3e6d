import { ChromiumPool, type PageReset, type PoolHealth, type PoolStats, type PrintDocument, type PrintOptions } from './chromium-pool';
import { HAS_CONTINUED_CAPTIONS, pullContinuationRows } from './continued-captions';
import { DocumentTemplate, TEMPLATE_VERSION } from './document-template';
import { type FontDelivery, fontAssets, loadSarabun } from './fonts';
import { joinPdfs } from './pdf-join';
import type { MemoRenderModel, ReportRenderModel } from './render-model';
import type { RenderingSettings } from './rendering.config';

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
  /** The templates that drew it (TEMPLATE_VERSION), to be stored with the file. */
  templateVersion: string;
}

export interface RendererOptions {
  /** How the printing browser gets Sarabun; `fontconfig` was measured fastest (docs/benchmarks.md). */
  fontDelivery?: FontDelivery;
  /** PDF structure tree for screen readers; off by default, see docs/rendering.md. */
  taggedPdf?: boolean;
  /** How a page is emptied between jobs: cleared in place (default, measured faster), or navigated to about:blank. */
  pageReset?: PageReset;
  /** A different templates/documents directory (tests). */
  templatesDir?: string;
  /** Kasian's Thai line breaking (default); false leaves it to Chromium, to measure the difference. */
  thaiLineBreaks?: boolean;
  /** Chromium's command line (benchmarks compare modes); CHROMIUM_FLAGS by default. */
  flags?: readonly string[];
}

/**
 * Plain view model in, PDF bytes out: templates compiled once, one Chromium pool. Knows nothing of the database;
 * usable without Nest (the benchmark and tests construct it directly).
 */
export class Renderer {
  readonly pool: ChromiumPool;
  private readonly template: DocumentTemplate;

  constructor(settings: RenderingSettings, options: RendererOptions = {}) {
    const fonts = loadSarabun();
    const delivery = options.fontDelivery ?? 'fontconfig';
    this.template = new DocumentTemplate(fonts, delivery, options.templatesDir, options.thaiLineBreaks ?? true);
    this.pool = new ChromiumPool({
      executablePath: settings.executablePath,
      pages: settings.pages,
      timeoutMs: settings.timeoutMs,
      queueLimit: settings.queueLimit,
      recycleAfter: settings.recycleAfter,
      fonts,
      assets: delivery === 'served' ? fontAssets(fonts) : undefined,
      taggedPdf: options.taggedPdf ?? false,
      pageReset: options.pageReset ?? 'clear',
      flags: options.flags,
    });
  }

  /** Launches Chromium now instead of on the first render. */
  start(): Promise<void> {
    return this.pool.warmUp();
  }

  /**
   * The memo and its report as one HTML document (previews, tests): by default self-contained, Sarabun inlined
   * whatever the printing browser's font delivery; `'print'` gives the styles the pool prints with (the PDF itself
   * is printed in two parts, see renderMemoPdf).
   */
  renderMemoHtml(model: MemoRenderModel, target: 'portable' | 'print' = 'portable'): string {
    return this.template.memoHtml(model, target);
  }

  renderReportHtml(model: ReportRenderModel): string {
    return this.template.reportHtml(model);
  }

  /** The report exactly as the pool prints it (scripts/calibrate-estimate.ts measures it). */
  renderReportHtmlForPrint(model: ReportRenderModel): string {
    return this.template.reportHtml(model, 'print');
  }

  /**
   * The memo, then its report, in one PDF. They are printed as two documents, one after the other in one job of the
   * pool, and joined: each numbers its own pages (docs/rendering.md, "The documents").
   */
  async renderMemoPdf(model: MemoRenderModel, options: PrintOptions = {}): Promise<RenderedPdf> {
    const report: ReportRenderModel = { organization: model.organization, report: model.document.report, draft: model.draft };
    const [memo, printedReport] = await this.pool.printAll([this.template.memoHtml(model, 'print', 'memo'), reportDocument(this.template.reportHtml(report, 'print'))], options);
    const pdf = await joinPdfs([memo.pdf, printedReport.pdf]);
    return { pdf, pages: memo.pages + printedReport.pages, templateVersion: TEMPLATE_VERSION };
  }

  async renderReportPdf(model: ReportRenderModel, options: PrintOptions = {}): Promise<RenderedPdf> {
    const [printed] = await this.pool.printAll([reportDocument(this.template.reportHtml(model, 'print'))], options);
    return { ...printed, templateVersion: TEMPLATE_VERSION };
  }

  health(): Promise<PoolHealth> {
    return this.pool.health();
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** The names the publication code was first written against. */
  pdf(model: MemoRenderModel, options: PrintOptions = {}): Promise<RenderedPdf> {
    return this.renderMemoPdf(model, options);
  }

  html(model: MemoRenderModel): string {
    return this.renderMemoHtml(model);
  }
}

/** A report whose groups continue with "(ต่อ)" is measured in the page before it prints (continued-captions.ts). */
function reportDocument(html: string): PrintDocument {
  return html.includes(HAS_CONTINUED_CAPTIONS) ? { html, measure: pullContinuationRows } : html;
}
