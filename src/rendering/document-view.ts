import {
  ROW_STATUS_LABELS,
  URGENCY_LABELS,
  type ItaResultsSection,
  type ItaScoresSection,
  type TableColumn,
  type IssueSection,
  type MeasuresTableSection,
  type MemoContent,
  type ReportContent,
  type ReportSection,
} from '../reports/document-format';
import type { MemoRenderModel, MemoAuthor, Numerals, RenderImage, ReviewBlock } from './render-model';
import { layoutTable, measureCell, measureText, PAGE_AREA, type CellMeasure, type Orientation, type TableMeasure } from './table-layout';
import { extraWords } from './thai-breaks';
import { formatScore, formatThaiDate, toNumerals } from './thai-format';
import { sharedWordList } from './thai-words';

/**
 * The view model → what the templates print. Everything a template shows is computed here (generated numbers in the
 * organisation's numerals, dates, labels, column widths), and every field is present — null when empty — because
 * the templates run in strict mode. Text people typed passes through untouched, to be escaped by the template.
 */

/** Printed where handwriting would go on the paper form, sized to their column (CSS clips any excess). */
const DOTTED_LINE = '.'.repeat(96);
const DOTTED_NAME = '.'.repeat(52);
const DOTTED_DATE = '.'.repeat(30);

/** Phrases longer than this may still break inside: kept whole they could overflow the line. */
const LONGEST_KEPT_PHRASE = 40;
/** A row estimated at this many lines or fewer moves to the next page whole; a taller one may split (3 lines at least each side). */
const SHORT_ROW_LINES = 5;
/** Body text (16 pt Sarabun): characters that take width per cm of line, and cm per line. */
const BODY_CHARS_PER_CM = 3.0;
const BODY_LINE_CM = 0.74;
/**
 * Chromium sets text sections about 15 % taller than estimatedHeightCm says (rows of score tables, spacing around
 * headings); measured on the fixtures' portrait runs (v2-ita-scores-per-tool: 44 cm estimated, 51 cm printed).
 */
const ESTIMATE_MARGIN = 1.15;
/** A narrative this short (in lines) just before a table introduces it: it stays on the table's page. */
const INTRO_LINES = 8;

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

/** A title's lines (the author's own line breaks, v2), each as phrases. */
function titleLines(text: string): { text: string; keep: boolean }[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(phrases);
}

/** The digits a document prints in: its own choice (v2), or its organisation's. */
export function documentNumerals(report: ReportContent, organization: Numerals): Numerals {
  return report.digits === 'thai' || report.digits === 'arabic' ? report.digits : organization;
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
  const numerals = documentNumerals(model.document.report, model.organization.numerals);
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

const ALIGN_CLASS = { start: 'align-start', center: 'align-center', end: 'align-end' } as const;

/**
 * Columns as given, sized from their content (table-layout.ts) unless the author gave a width, on the
 * orientation that prints the table on fewer pages unless the author chose one. Rows with a status print its label:
 * in the column whose role is `status` when there is one, otherwise in an added สถานะ column. Each captioned group
 * is a table of its own whose header (column headings, then the caption) repeats on every page the group continues;
 * groups without a caption continue the table before them.
 */
function tableView(section: MeasuresTableSection, text: TextContext) {
  const statusColumn = section.columns.findIndex((column) => column.role === 'status');
  const addStatus = statusColumn < 0 && section.groups.some((group) => group.rows.some((row) => row.status));
  const columns: TableColumn[] = [...section.columns, ...(addStatus ? [{ heading: 'สถานะ', role: 'status' as const, align: 'center' as const }] : [])];
  const rows = section.groups.flatMap((group) =>
    group.rows.map((row) => {
      const status = row.status ? ROW_STATUS_LABELS[row.status] : null;
      const cells = section.columns.map((_, i) => ({ html: row.cells[i] ?? '', status: i === statusColumn ? status : null }));
      if (addStatus) cells.push({ html: '', status });
      return cells;
    }),
  );
  const measure: TableMeasure = {
    header: columns.map((column) => text.measureLines([column.heading])),
    rows: rows.map((cells) => cells.map((cell) => (cell.status ? text.measureLines([cell.status]) : text.measureCell(cell.html)))),
    spanning: section.groups.filter((group) => group.heading).map((group) => text.measureLines([group.heading!])),
  };
  const layout = layoutTable(
    measure,
    columns.map((column) => column.width),
    section.orientation ?? 'auto',
  );
  const columnViews = columns.map((column, i) => ({
    heading: column.heading,
    width: layout.widths[i].toFixed(2),
    align: ALIGN_CLASS[column.align ?? (column.role === 'status' ? 'center' : 'start')],
  }));
  let r = 0;
  const viewRows = section.groups.map((group) => ({
    heading: group.heading || null,
    rows: group.rows.map(() => {
      const cells = rows[r].map((cell, c) => ({ ...cell, align: columnViews[c].align }));
      const split = layout.rowLines[r] > SHORT_ROW_LINES;
      r++;
      return { cells, split };
    }),
  }));
  // Captioned groups start a table of their own; uncaptioned ones join the table before them.
  const tables: { caption: string | null; groups: typeof viewRows }[] = [];
  for (const group of viewRows) {
    if (group.heading || tables.length === 0) tables.push({ caption: group.heading, groups: [group] });
    else tables[tables.length - 1].groups.push(group);
  }
  return {
    heading: section.heading ? phrases(section.heading) : null,
    orientation: layout.orientation,
    columns: columnViews,
    span: columns.length,
    tables: tables.map((table) => ({ caption: table.caption, rows: table.groups.flatMap((group) => group.rows) })),
    estimatedPages: layout.pages,
  };
}

/** Measures text for layout with the document's word list. */
interface TextContext {
  measureCell(html: string): CellMeasure;
  measureLines(lines: string[]): CellMeasure;
}

function textContext(words: readonly string[]): TextContext {
  const trie = sharedWordList();
  const extra = extraWords(words);
  return { measureCell: (html) => measureCell(html, trie, extra), measureLines: (lines) => measureText(lines, trie, extra) };
}

function mean(values: (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}

/**
 * ITA scores per tool (v2): a table for each tool — เครื่องมือ | ตัวชี้วัด | ปี … — with the tool named once for its
 * rows and an average line below (the document's own figure, else the mean of its indicators), or all tools in one
 * table.
 */
function itaScoresView(section: ItaScoresSection, numerals: Numerals) {
  const score = (value: number | null | undefined) => (typeof value === 'number' ? formatScore(value, numerals) : '-');
  const years = section.years.map((year) => `ปี ${toNumerals(year, numerals)}`);
  const toolRows = (tool: ItaScoresSection['tools'][number]) => {
    const average = section.years.map((_, y) => tool.average?.[y] ?? mean(tool.indicators.map((indicator) => indicator.scores[y])));
    return {
      rows: tool.indicators.map((indicator, i) => ({
        tool: i === 0 ? { name: tool.name, span: tool.indicators.length } : null,
        indicator: indicator.name,
        scores: section.years.map((_, y) => score(indicator.scores[y])),
      })),
      average: { label: tool.averageLabel ?? 'ค่าเฉลี่ย', scores: average.map(score) },
    };
  };
  const perTool = section.tools.map(toolRows);
  const tables = (section.layout ?? 'table_per_tool') === 'table_per_tool' ? perTool.map((tool) => [tool]) : [perTool];
  return {
    heading: section.heading ? phrases(section.heading) : null,
    years,
    span: 2 + years.length,
    tables: tables.map((tools) => ({ tools })),
    overall: section.overall ? { label: section.overall.label, scores: section.years.map((_, y) => score(section.overall!.scores[y])) } : null,
    note: section.note ?? null,
  };
}

type Section = ReturnType<typeof sectionView>;

function sectionView(section: ReportSection, numerals: Numerals, text: TextContext) {
  const none = { narrative: null, ita: null, itaScores: null, issue: null, table: null };
  const base = { breakBefore: section.pageBreakBefore === true, keepWithNext: false, orientation: 'portrait' as Orientation };
  switch (section.type) {
    case 'narrative':
      return { ...base, ...none, narrative: { heading: section.heading ? phrases(section.heading) : null, body: section.body } };
    case 'ita_results':
      return { ...base, ...none, ita: itaView(section, numerals) };
    case 'ita_scores':
      return { ...base, ...none, itaScores: itaScoresView(section, numerals) };
    case 'issue':
      return { ...base, ...none, issue: issueView(section, numerals) };
    case 'measures_table':
      return { ...base, ...none, table: tableView(section, text) };
    default: {
      const unknown: never = section;
      throw new Error(`unknown report section ${JSON.stringify(unknown)}`);
    }
  }
}

/** Estimated height of a section that is not a measures table, in cm of a portrait page. */
function estimatedHeightCm(section: ReportSection, text: TextContext): number {
  // Each paragraph's first line is indented 2.5 cm and followed by 0.15 cm; a section has 0.3 cm above it.
  const lines = (cell: CellMeasure, widthCm = PAGE_AREA.portrait.width) =>
    cell.blocks.reduce((sum, width) => sum + Math.max(1, Math.ceil((width + 2.5 * BODY_CHARS_PER_CM) / (BODY_CHARS_PER_CM * widthCm))) + 0.2, 0);
  const SECTION_CM = 0.3;
  const SCORE_ROW_CM = 0.9;
  switch (section.type) {
    case 'narrative':
      return SECTION_CM + (lines(text.measureCell(section.body)) + (section.heading ? 1 : 0)) * BODY_LINE_CM;
    case 'ita_results':
      return SECTION_CM + (2 + (section.tools?.length ?? 0) + (section.indicators?.length ?? 0)) * SCORE_ROW_CM;
    case 'ita_scores':
      return SECTION_CM + section.tools.reduce((sum, tool) => sum + (tool.indicators.length + 1) * SCORE_ROW_CM + 1.1 + 0.3, section.heading ? BODY_LINE_CM : 0);
    case 'issue':
      return SECTION_CM + (lines(text.measureCell(`${section.sourceQuestion ?? ''}</p>${section.facts ?? ''}`)) + 4 + (section.steps?.length ?? 0)) * BODY_LINE_CM;
    default:
      return PAGE_AREA.portrait.height;
  }
}

/**
 * Which way each section's pages turn. A measures table's comes from its content (or its author); a section set by
 * its author keeps its own. Any other section follows the table it introduces (a short narrative just before it),
 * and short sections before a landscape table go landscape with it, so no portrait page is left mostly empty
 * before a landscape one. Everything else is portrait.
 */
function assignOrientations(sections: ReportSection[], views: Section[], text: TextContext): void {
  const isTable = (s: ReportSection) => s.type === 'measures_table';
  views.forEach((view, i) => {
    const section = sections[i];
    if (view.table) view.orientation = view.table.orientation;
    else if (section.orientation === 'landscape' || section.orientation === 'portrait') view.orientation = section.orientation;
  });
  const heights = sections.map((section) => (isTable(section) ? Infinity : estimatedHeightCm(section, text) * ESTIMATE_MARGIN));
  // A short narrative directly before a table introduces it and stays with it.
  sections.forEach((section, i) => {
    const next = sections[i + 1];
    if (section.type === 'narrative' && next && (isTable(next) || next.type === 'ita_scores' || next.type === 'ita_results') && !next.pageBreakBefore) {
      views[i].keepWithNext = heights[i] <= INTRO_LINES * BODY_LINE_CM;
    }
  });
  // Walking back from each landscape section, the auto sections before it go landscape while they are short.
  const auto = (i: number) => !isTable(sections[i]) && (sections[i].orientation ?? 'auto') === 'auto';
  for (let i = views.length - 1; i >= 0; i--) {
    if (views[i].orientation !== 'landscape' || views[i].breakBefore) continue;
    let room = PAGE_AREA.landscape.height / 2;
    for (let j = i - 1; j >= 0 && auto(j) && views[j].orientation === 'portrait'; j--) {
      if (heights[j] > room && !views[j].keepWithNext) break;
      room -= heights[j];
      views[j].orientation = 'landscape';
      if (views[j].breakBefore) break;
    }
  }
  // A portrait run ending just before a landscape one would leave its last page nearly empty when a few lines spill
  // over (estimated to end in the first third of a page): its last section, when it is text, goes on to the
  // landscape pages instead. The estimate is good to a few lines only; an author can set the orientation.
  const HEAD_CM = 4 * BODY_LINE_CM;
  let start = 0;
  for (let i = 0; i < views.length; i++) {
    const endsRun = views[i].orientation === 'portrait' && views[i + 1]?.orientation === 'landscape' && !views[i + 1].breakBefore;
    if (views[i].orientation !== 'portrait' || (i > 0 && views[i - 1].orientation !== 'portrait') || views[i].breakBefore) start = i;
    if (!endsRun || !auto(i)) continue;
    const used = heights.slice(start, i + 1).reduce((a, b) => a + b, start === 0 ? HEAD_CM : 0);
    const lastPage = used % PAGE_AREA.portrait.height;
    if (used > PAGE_AREA.portrait.height && lastPage < PAGE_AREA.portrait.height / 3) views[i].orientation = 'landscape';
  }
}

export function reportView(report: ReportContent, organizationNumerals: Numerals, words: readonly string[] = []) {
  const numerals = documentNumerals(report, organizationNumerals);
  const text = textContext(words);
  const sections = report.sections.map((section) => sectionView(section, numerals, text));
  assignOrientations(report.sections, sections, text);
  // Consecutive sections on pages turned the same way share a run of pages (a change of orientation starts a page).
  const runs: { orientation: Orientation; head: boolean; sections: Section[]; signer: boolean }[] = [];
  for (const section of sections) {
    const last = runs[runs.length - 1];
    if (last && last.orientation === section.orientation) last.sections.push(section);
    else runs.push({ orientation: section.orientation, head: false, sections: [section], signer: false });
  }
  if (runs.length === 0) runs.push({ orientation: 'portrait', head: false, sections: [], signer: false });
  runs[0].head = true;
  runs[runs.length - 1].signer = true;
  const signer = report.signer
    ? { label: report.signer.label, name: report.signer.name || null, position: report.signer.position || null, line: report.signer.signatureLine === true, dots: DOTTED_NAME }
    : null;
  return {
    title: titleLines(report.title),
    subtitle: report.subtitle ? titleLines(report.subtitle) : null,
    issuer: report.issuer ? report.issuer.split('\n').filter((line) => line.trim() !== '').map(phrases) : [],
    runs: runs.map((run) => ({ ...run, landscape: run.orientation === 'landscape' })),
    signer,
  };
}
