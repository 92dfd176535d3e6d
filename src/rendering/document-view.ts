import {
  ROW_STATUS_LABELS,
  URGENCY_LABELS,
  type ColumnRole,
  type ItaResultsSection,
  type IssueSection,
  type MeasuresTableSection,
  type MemoContent,
  type ReportContent,
  type ReportSection,
} from '../reports/document-format';
import type { MemoRenderModel, MemoAuthor, Numerals, RenderImage, ReviewBlock } from './render-model';
import { formatScore, formatThaiDate, toNumerals } from './thai-format';

/**
 * The view model → what the templates print. Everything a template shows is computed here (generated numbers in the
 * organisation's numerals, dates, labels, column widths), and every field is present — null when empty — because
 * the templates run in strict mode. Text people typed passes through untouched, to be escaped by the template.
 */

/** Printed where handwriting would go on the paper form, sized to their column (CSS clips any excess). */
const DOTTED_LINE = '.'.repeat(96);
const DOTTED_NAME = '.'.repeat(52);
const DOTTED_DATE = '.'.repeat(30);

/** Relative column widths by what a column holds; the table spreads them over the page width. */
const COLUMN_WEIGHT: Record<ColumnRole, number> = {
  measure: 24,
  steps: 26,
  period: 18,
  responsible: 16,
  monitoring: 16,
  result: 26,
  outcome: 24,
  success: 26,
  status: 14,
  suggestion: 16,
  other: 16,
};

/** Text width of a page, in cm: A4 less the 3 cm and 2 cm side margins. */
const TEXT_WIDTH_CM = { portrait: 16, landscape: 24.7 };
/** Tables with this many columns or more are printed on landscape pages. */
const WIDE_TABLE_COLUMNS = 5;
/** Table text (14 pt Sarabun): about 4.5 Thai characters per cm, 0.62 cm per line. */
const TABLE_CHARS_PER_CM = 4.5;
const TABLE_LINE_CM = 0.62;
/** A row estimated taller than this may break across pages instead of moving whole and leaving a gap. */
const SPLITTABLE_ROW_CM = 8;
/** Phrases longer than this may still break inside: kept whole they could overflow the line. */
const LONGEST_KEPT_PHRASE = 40;

/**
 * A title as phrases separated by the author's spaces, each kept whole on one line: Thai dictionary breaking would
 * otherwise split compounds (หน่วย|งาน) in large centred headings, which readers notice at once.
 */
export function phrases(text: string): { text: string; keep: boolean }[] {
  return text
    .split(/\s+/)
    .filter((phrase) => phrase !== '')
    .map((phrase) => ({ text: phrase, keep: phrase.length <= LONGEST_KEPT_PHRASE }));
}

function estimatedHeightCm(html: string, widthCm: number): number {
  const blocks = html.split(/<\/p>|<br\s*\/?>|<\/li>/i);
  const perLine = Math.max(1, TABLE_CHARS_PER_CM * Math.max(widthCm - 0.3, 0.5));
  const lines = blocks.reduce((sum, block) => {
    const length = block.replace(/<[^>]*>/g, '').trim().length;
    return sum + (length === 0 ? 0 : Math.ceil(length / perLine));
  }, 0);
  return lines * TABLE_LINE_CM;
}

export interface SignatureView {
  /** Room for the signature: none on a step not reached, whose dotted name line is where a pen would sign. */
  slot: boolean;
  image: string | null;
  name: string;
  position: string | null;
  actingFor: string | null;
  date: string | null;
}

function dataUrl(image: RenderImage | null): string | null {
  return image ? `data:${image.type};base64,${image.data.toString('base64')}` : null;
}

function authorSignature(author: MemoAuthor): SignatureView {
  return { slot: true, image: dataUrl(author.signature), name: author.displayName, position: author.position || null, actingFor: null, date: null };
}

function reviewView(review: ReviewBlock, numerals: Numerals) {
  const reached = review.comment !== null;
  const date = review.date ? formatThaiDate(review.date, numerals) : '';
  return {
    heading: review.heading,
    reached,
    comment: review.comment,
    dots: DOTTED_LINE,
    signature: {
      slot: reached,
      image: reached ? dataUrl(review.signature) : null,
      name: reached && review.signerName ? review.signerName : DOTTED_NAME,
      position: review.signerPosition,
      actingFor: reached ? review.actingFor : null,
      date: `วันที่ ${date || DOTTED_DATE}`,
    } satisfies SignatureView,
  };
}

export function memoView(model: MemoRenderModel) {
  const numerals = model.organization.numerals;
  const memo: MemoContent = model.document.memo;
  const attachments = memo.attachments ?? [];
  return {
    emblem: dataUrl(model.organization.emblem),
    urgency: memo.urgency && memo.urgency !== 'none' ? URGENCY_LABELS[memo.urgency] : null,
    issuingUnit: memo.issuingUnit,
    phone: memo.phone || null,
    documentNumber: memo.documentNumber ?? '',
    date: memo.date ? formatThaiDate(memo.date, numerals) : '',
    subject: memo.subject,
    addressee: memo.addressee,
    via: memo.via || null,
    attachments:
      attachments.length > 0
        ? attachments.map((text, i) => ({ number: attachments.length > 1 ? toNumerals(`${i + 1}.`, numerals) : null, text }))
        : null,
    body: memo.body,
    author: authorSignature(model.author),
    reviews: model.reviews.map((review) => reviewView(review, numerals)),
  };
}

function itaView(section: ItaResultsSection, numerals: Numerals) {
  const previous = (score: number | undefined) => (score === undefined ? '' : formatScore(score, numerals));
  return {
    heading: section.heading ? phrases(section.heading) : null,
    assessmentYear: `ปี ${toNumerals(section.assessmentYear, numerals)}`,
    previousYear: section.previousYear ? `ปี ${toNumerals(section.previousYear, numerals)}` : null,
    rows: [
      {
        kind: 'overall',
        label: 'คะแนน ITA ของหน่วยงาน',
        previous: previous(section.overall.previousScore),
        score: formatScore(section.overall.score, numerals),
        result: section.overall.result ?? null,
      },
      ...(section.tools ?? []).map((tool) => ({
        kind: 'tool',
        label: tool.label,
        previous: previous(tool.previousScore),
        score: formatScore(tool.score, numerals),
        result: null,
      })),
      ...(section.indicators ?? []).map((indicator) => ({
        kind: 'indicator',
        label: `ตัวชี้วัดที่ ${toNumerals(indicator.number, numerals)} ${indicator.name}${indicator.tool ? ` (${indicator.tool})` : ''}`,
        previous: previous(indicator.previousScore),
        score: formatScore(indicator.score, numerals),
        result: null,
      })),
    ],
    note: section.note ?? null,
  };
}

function issueView(section: IssueSection, numerals: Numerals) {
  return {
    heading: phrases(`ประเด็นที่ ${toNumerals(section.number, numerals)} ${section.title}`),
    sourceQuestion: section.sourceQuestion || null,
    facts: section.facts || null,
    measure: section.measure || null,
    responsible: section.responsible || null,
    steps: section.steps?.length ? section.steps.map((text, i) => ({ number: toNumerals(`${i + 1})`, numerals), text })) : null,
    period: section.period || null,
  };
}

/**
 * Columns as given. Rows with a status print its label: in the column whose role is `status` when there is one,
 * otherwise in an added สถานะ column.
 */
function tableView(section: MeasuresTableSection) {
  const statusColumn = section.columns.findIndex((column) => column.role === 'status');
  const addStatus = statusColumn < 0 && section.groups.some((group) => group.rows.some((row) => row.status));
  const columns = [...section.columns, ...(addStatus ? [{ heading: 'สถานะ', role: 'status' as const }] : [])];
  const total = columns.reduce((sum, column) => sum + COLUMN_WEIGHT[column.role], 0);
  const shares = columns.map((column) => COLUMN_WEIGHT[column.role] / total);
  const wide = columns.length >= WIDE_TABLE_COLUMNS;
  const pageWidth = wide ? TEXT_WIDTH_CM.landscape : TEXT_WIDTH_CM.portrait;
  const tall = (cells: string[]) => Math.max(0, ...cells.map((html, i) => estimatedHeightCm(html, shares[i] * pageWidth))) > SPLITTABLE_ROW_CM;
  return {
    heading: section.heading ? phrases(section.heading) : null,
    wide,
    columns: columns.map((column, i) => ({ heading: column.heading, width: (shares[i] * 100).toFixed(2) })),
    span: columns.length,
    groups: section.groups.map((group) => ({
      heading: group.heading || null,
      rows: group.rows.map((row) => {
        const status = row.status ? ROW_STATUS_LABELS[row.status] : null;
        const cells = section.columns.map((_, i) => ({
          html: row.cells[i] ?? '',
          status: i === statusColumn ? status : null,
        }));
        if (addStatus) cells.push({ html: '', status });
        return { cells, tall: tall(row.cells) };
      }),
    })),
  };
}

function sectionView(section: ReportSection, numerals: Numerals) {
  const none = { narrative: null, ita: null, issue: null, table: null };
  switch (section.type) {
    case 'narrative':
      return { ...none, narrative: { heading: section.heading ? phrases(section.heading) : null, body: section.body } };
    case 'ita_results':
      return { ...none, ita: itaView(section, numerals) };
    case 'issue':
      return { ...none, issue: issueView(section, numerals) };
    case 'measures_table':
      return { ...none, table: tableView(section) };
    default: {
      const unknown: never = section;
      throw new Error(`unknown report section ${JSON.stringify(unknown)}`);
    }
  }
}

export function reportView(report: ReportContent, numerals: Numerals) {
  return {
    title: phrases(report.title),
    subtitle: report.subtitle ? phrases(report.subtitle) : null,
    issuer: report.issuer ? report.issuer.split('\n').filter((line) => line.trim() !== '').map(phrases) : [],
    sections: report.sections.map((section) => sectionView(section, numerals)),
    signer: report.signer ?? null,
  };
}
