import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import type { ReportContent } from '../reports/document-format';
import { documentNumerals, memoView, reportView } from './document-view';
import { ASSET_ORIGIN, type FontDelivery, type FontFile, fontFaceCss, fontFamily } from './fonts';
import type { MemoRenderModel, Numerals, RenderOrganization, ReportRenderModel } from './render-model';
import { extraWords, markLineBreaks } from './thai-breaks';
import { sharedWordList } from './thai-words';

/** Bump when the templates change what a rendered PDF looks like; it is recorded with every rendered file. */
export const TEMPLATE_VERSION = 'memo-report@1';

export const DOCUMENT_TEMPLATES_DIR = join(projectRoot(), 'templates', 'documents');

const COMPILE_OPTIONS: CompileOptions = { strict: true, knownHelpersOnly: true, knownHelpers: { richText: true } };

/** Only what the page needs, as a second fence behind the browser's request interception. */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data: ${ASSET_ORIGIN}`;

/** Room for the dotted leader after a memo field's value; CSS clips it at the field's right edge. */
const LEADER = `<span class="leader" aria-hidden="true">${' '.repeat(220)}</span>`;

function pageNumbers(numerals: Numerals, family: string): string {
  const counter = numerals === 'thai' ? 'counter(page, thai)' : 'counter(page)';
  return (
    `@page { @top-center { content: "- " ${counter} " -"; font-family: ${family}; font-size: 16pt; } }\n` +
    `@page :first { @top-center { content: none; } }`
  );
}

/**
 * The document templates (templates/documents), compiled once in their own Handlebars environment: strict (a
 * missing field is an error, not an empty string), known helpers only. User text is always `{{ }}`-escaped; rich
 * text — sanitized upstream to the document format's allowlist — goes in through the one `richText` helper.
 */
export class DocumentTemplate {
  private readonly handlebars = Handlebars.create();
  private readonly document: Handlebars.TemplateDelegate;
  /** The styles by where the HTML goes (a browser for printing, or anywhere: self-contained) and numerals. */
  private readonly styles: Record<'print' | 'portable', Record<Numerals, string>>;

  /**
   * `delivery` is how the printing browser gets Sarabun; HTML for anywhere else always carries it inline.
   * `thaiLineBreaks: false` leaves line breaking to Chromium (ICU's dictionary), for comparison only.
   */
  constructor(
    fonts: FontFile[],
    delivery: FontDelivery,
    dir = DOCUMENT_TEMPLATES_DIR,
    private readonly thaiLineBreaks = true,
  ) {
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    this.handlebars.registerHelper('richText', (html: string) => new this.handlebars.SafeString(html));
    // Compiled functions, never source strings: Handlebars compiles string partials again on every render.
    this.handlebars.registerPartial('leader', this.compile(LEADER));
    this.handlebars.registerPartial('phrases', this.compile(read('phrases.hbs')));
    this.handlebars.registerPartial('signature', this.compile(read('signature.hbs')));
    this.handlebars.registerPartial('memo', this.compile(read('memo.hbs')));
    this.handlebars.registerPartial('report', this.compile(read('report.hbs')));
    this.document = this.compile(read('document.hbs'));
    const printCss = read('print.css');
    const styles = (via: FontDelivery) => {
      const family = fontFamily(fonts, via);
      const wrapping = thaiLineBreaks ? '' : '\nbody { text-wrap-mode: wrap; }';
      const css = `${fontFaceCss(fonts, via)}\n${printCss}\nhtml { font-family: ${family}; }${wrapping}`;
      return { thai: `${css}\n${pageNumbers('thai', family)}`, arabic: `${css}\n${pageNumbers('arabic', family)}` };
    };
    this.styles = { print: styles(delivery), portable: styles('inline') };
  }

  /** The memo and its report in one document, or (`'memo'`) the memo alone, to be printed before its report. */
  memoHtml(model: MemoRenderModel, target: 'print' | 'portable' = 'portable', part: 'memo and report' | 'memo' = 'memo and report'): string {
    const numerals = documentNumerals(model.document.report, model.organization.numerals);
    return this.lineBreaks(model.organization, this.document({
      csp: CSP,
      title: model.document.memo.subject,
      styles: this.styles[target][numerals],
      numerals,
      draft: model.draft,
      memo: memoView(model),
      report: part === 'memo' ? null : reportView(model.document.report, numerals, model.organization.words),
    }));
  }

  reportHtml(model: ReportRenderModel, target: 'print' | 'portable' = 'portable'): string {
    const report: ReportContent = model.report;
    const numerals = documentNumerals(report, model.organization.numerals);
    return this.lineBreaks(model.organization, this.document({
      csp: CSP,
      title: report.title,
      styles: this.styles[target][numerals],
      numerals,
      draft: model.draft,
      memo: null,
      report: reportView(report, numerals, model.organization.words),
    }));
  }

  /** Marks where lines may break (templates/documents/print.css lets them break nowhere else). */
  private lineBreaks(organization: RenderOrganization, html: string): string {
    if (!this.thaiLineBreaks) return html;
    return markLineBreaks(html, sharedWordList(), extraWords(organization.words ?? [])).html;
  }

  /**
   * Compiles now rather than on first use (Handlebars.compile is lazy), so a template error stops start-up instead
   * of the first render. Evaluating the precompiled spec is exactly what Handlebars.compile does internally.
   */
  private compile(source: string): Handlebars.TemplateDelegate {
    const spec: unknown = this.handlebars.precompile(source, COMPILE_OPTIONS);
    return this.handlebars.template(new Function(`return ${String(spec)}`)() as ReturnType<typeof Handlebars.precompile>);
  }
}
