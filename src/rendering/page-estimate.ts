import type { ItaResultsSection, ItaScoresSection, IssueSection, ReportContent, ReportSection } from '../reports/document-format';
import { richTextToPlain } from '../reports/rich-text';
import { PAGE_AREA, textWidth } from './table-layout';

/**
 * How the text sections of a report (everything but measures tables, which table-layout.ts estimates) set on
 * portrait pages, estimated before Chromium lays them out: each section as a list of blocks — a heading, two lines of
 * a paragraph, a table row — with the places a page may break, then laid page by page the way Chromium breaks them
 * (a heading stays with what follows, at least two lines of a paragraph either side of a break, table rows whole,
 * a table's header repeated). document-view.ts uses it to choose orientations: where a run of portrait pages ends,
 * and how full its last page is.
 *
 * Calibrated on the fixtures (scripts/calibrate-estimate.ts measures each section in the pool’s Chromium): Sarabun 16 pt at
 * line-height 1.3 is 0.734 cm a line and about 3.0 characters that take width per cm (bold 2.85); 18 pt titles
 * 0.825 cm and 2.6 characters.
 */

export interface Block {
  cm: number;
  /** No page break between this block and the next (a heading, the first lines of a paragraph, a table's header). */
  keepWithNext?: boolean;
  /** Space above the block that a page break swallows (a section's or paragraph's margin). */
  gapCm?: number;
  /** Rows of one table: a page break among them repeats the header, of this height. */
  table?: { id: number; headerCm: number };
}

const LINE_CM = 0.734;
const CHARS_PER_CM = 3.0;
const BOLD_CHARS_PER_CM = 3.0;
const TITLE_LINE_CM = 0.825;
const TITLE_CHARS_PER_CM = 2.6;
/** A table cell's padding (0.05 cm above and below) and its share of the borders. */
const CELL_EXTRA_CM = 0.126;
/** Cell padding left and right (0.15 cm each). */
const CELL_PADDING_CM = 0.3;
const SCORE_COLUMN_CM = 3.2;
const WIDTH = PAGE_AREA.portrait.width;

/** The pieces of a text a line may not break inside (words of the word list with their spaces), in characters. */
export type Pieces = (text: string) => number[];

/**
 * Lines a paragraph takes, filled piece by piece as Chromium does (lines break only between words, so each line
 * loses the end its next word did not fit in); the first line is `indentCm` shorter.
 */
function lines(pieces: Pieces, text: string, widthCm: number, charsPerCm = CHARS_PER_CM, indentCm = 0): number {
  let count = 1;
  let room = (widthCm - indentCm) * charsPerCm;
  let used = 0;
  for (const piece of pieces(text.replace(/\s+/g, ' ').trim())) {
    if (used > 0 && used + piece > room + 0.45) {
      count++;
      room = widthCm * charsPerCm;
      used = 0;
    }
    used += piece;
  }
  return count;
}

/** Lines of text set phrase by phrase (titles and headings keep each space-separated phrase whole). */
function phraseLines(text: string, widthCm: number, charsPerCm: number): number {
  const room = widthCm * charsPerCm;
  let count = 1;
  let used = 0;
  for (const phrase of text.split(/\s+/).filter(Boolean)) {
    const width = textWidth(phrase);
    if (used > 0 && used + 0.45 + width > room) {
      count += Math.max(1, Math.ceil(width / room));
      used = width % room;
    } else used += (used > 0 ? 0.45 : 0) + width;
  }
  return count;
}

/** A paragraph of n lines: two lines at least stay on either side of a page break (Chromium's orphans and widows). */
function paragraph(n: number, gapCm = 0): Block[] {
  if (n <= 3) return [{ cm: n * LINE_CM, gapCm }];
  return [{ cm: 2 * LINE_CM, gapCm }, ...Array.from({ length: n - 4 }, () => ({ cm: LINE_CM })), { cm: 2 * LINE_CM }];
}

/** Rich text (print.css `.rich`): paragraphs indented 2.5 cm with 0.15 cm between them; list items 1.6 cm in. */
function richBlocks(pieces: Pieces, html: string | undefined, widthCm = WIDTH): Block[] {
  if (!html) return [];
  const blocks: Block[] = [];
  const parts = html.split(/(?=<p[\s>])|(?=<li[\s>])|<br\s*\/?>/i);
  let first = true;
  for (const part of parts) {
    const text = richTextToPlain(part);
    if (text === '') continue;
    const item = /^<li[\s>]/i.test(part);
    const n = item ? lines(pieces, text, widthCm - 1.6) : lines(pieces, text, widthCm, CHARS_PER_CM, 2.5);
    blocks.push(...paragraph(n, first || !/^<p[\s>]/i.test(part) ? 0 : 0.15));
    first = false;
  }
  return blocks;
}

function heading(text: string, widthCm = WIDTH): Block {
  return { cm: phraseLines(text, widthCm, BOLD_CHARS_PER_CM) * LINE_CM + 0.1, keepWithNext: true };
}

let tables = 0;

/** A table of rows (cm each) under a header row; the header stays with the first row and repeats after a break. */
function tableBlocks(headerCm: number, rows: number[], marginBottomCm = 0): Block[] {
  const table = { id: ++tables, headerCm };
  return [
    { cm: headerCm, keepWithNext: true, table },
    ...rows.map((cm, i) => ({ cm: cm + (i === rows.length - 1 ? marginBottomCm : 0), table })),
  ];
}

const rowCm = (lineCount: number) => lineCount * LINE_CM + CELL_EXTRA_CM;

function itaResultsBlocks(pieces: Pieces, section: ItaResultsSection): Block[] {
  const scoreColumns = section.previousYear ? 2 : 1;
  const labelCm = WIDTH - scoreColumns * SCORE_COLUMN_CM - CELL_PADDING_CM;
  const labels = [
    'คะแนน ITA ของหน่วยงาน',
    ...(section.tools ?? []).map((tool) => tool.label),
    ...(section.indicators ?? []).map((indicator) => `ตัวชี้วัดที่ ${indicator.number} ${indicator.name}${indicator.tool ? ` (${indicator.tool})` : ''}`),
  ];
  return [
    ...(section.heading ? [heading(section.heading)] : []),
    ...tableBlocks(rowCm(1), labels.map((label) => rowCm(lines(pieces, label, labelCm)))),
    ...richBlocks(pieces, section.note),
  ];
}

/** Per tool (print.css `.scores.per-tool`): the tool's cell 30 % wide over its rows, a 3.2 cm column a year. */
function itaScoresBlocks(pieces: Pieces, section: ItaScoresSection): Block[] {
  const toolCm = 0.3 * WIDTH - CELL_PADDING_CM;
  const indicatorCm = WIDTH * 0.7 - section.years.length * SCORE_COLUMN_CM - CELL_PADDING_CM;
  const perTool = (section.layout ?? 'table_per_tool') === 'table_per_tool';
  const rowsOf = (tool: ItaScoresSection['tools'][number]) => {
    const indicatorLines = tool.indicators.map((indicator) => lines(pieces, indicator.name, indicatorCm));
    // The tool's name spans its rows: when it is taller, the rows grow.
    const extra = Math.max(0, lines(pieces, tool.name, toolCm) - indicatorLines.reduce((a, b) => a + b, 0));
    return [...indicatorLines.map((n, i) => rowCm(n + (i === 0 ? extra : 0))), rowCm(1)];
  };
  const blocks: Block[] = section.heading ? [heading(section.heading)] : [];
  if (perTool) for (const tool of section.tools) blocks.push(...tableBlocks(rowCm(1), rowsOf(tool), 0.3));
  else blocks.push(...tableBlocks(rowCm(1), section.tools.flatMap(rowsOf), 0.3));
  if (section.overall) blocks.push({ cm: rowCm(1) + 0.3 });
  return [...blocks, ...richBlocks(pieces, section.note)];
}

/** An issue (ประเด็น): heading, source question and facts, then the labelled lines and the numbered steps. */
function issueBlocks(pieces: Pieces, section: IssueSection): Block[] {
  const labelled = (label: string, value: string | undefined) => (value ? paragraph(lines(pieces, `${label} ${value}`, WIDTH), 0.1) : []);
  const richWithGap = (html: string | undefined) => {
    const blocks = richBlocks(pieces, html);
    if (blocks.length) blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cm: blocks[blocks.length - 1].cm + 0.1 };
    return blocks;
  };
  return [
    heading(`ประเด็นที่ ${section.number} ${section.title}`),
    ...richWithGap(section.sourceQuestion),
    ...richWithGap(section.facts),
    ...labelled('มาตรการ/โครงการ/กิจกรรม :', section.measure),
    ...labelled('ผู้รับผิดชอบ :', section.responsible),
    ...(section.steps?.length
      ? [{ cm: LINE_CM, gapCm: 0.1, keepWithNext: true }, ...section.steps.flatMap((step) => paragraph(lines(pieces, step, WIDTH - 1.25 - 0.8)))]
      : []),
    ...labelled('ระยะเวลา :', section.period),
  ];
}

/** A text section as blocks (0.3 cm above it); a measures table is not estimated here. */
export function sectionBlocks(section: ReportSection, pieces: Pieces): Block[] {
  let blocks: Block[];
  switch (section.type) {
    case 'narrative':
      blocks = [...(section.heading ? [heading(section.heading)] : []), ...richBlocks(pieces, section.body)];
      break;
    case 'ita_results':
      blocks = itaResultsBlocks(pieces, section);
      break;
    case 'ita_scores':
      blocks = itaScoresBlocks(pieces, section);
      break;
    case 'issue':
      blocks = issueBlocks(pieces, section);
      break;
    default:
      throw new Error(`no text estimate for a ${section.type} section`);
  }
  if (blocks.length) blocks[0] = { ...blocks[0], gapCm: (blocks[0].gapCm ?? 0) + 0.3 };
  return blocks;
}

/** The report's head on its first page: title lines (18 pt), subtitle and issuer lines, 0.4 cm below. */
export function headBlocks(report: ReportContent): Block[] {
  const titleLines = report.title.split('\n').filter((l) => l.trim()).reduce((n, l) => n + phraseLines(l, WIDTH, TITLE_CHARS_PER_CM), 0);
  const other = [report.subtitle ?? '', report.issuer ?? '']
    .flatMap((text) => text.split('\n'))
    .filter((l) => l.trim())
    .reduce((n, l) => n + phraseLines(l, WIDTH, BOLD_CHARS_PER_CM), 0);
  return [{ cm: titleLines * TITLE_LINE_CM + other * LINE_CM + 0.4, keepWithNext: true }];
}

export function blocksHeightCm(blocks: Block[]): number {
  return blocks.reduce((sum, block) => sum + block.cm + (block.gapCm ?? 0), 0);
}

/**
 * Lays blocks on pages of `pageCm` the way Chromium breaks them: a block that does not fit starts the next page,
 * with what must stay with it (keepWithNext) and the repeated header of its table; margins at a break vanish.
 * Returns the pages used and how far down the last one the text ends.
 */
export function paginate(blocks: Block[], pageCm: number = PAGE_AREA.portrait.height): { pages: number; lastCm: number } {
  let pages = 1;
  let at = 0;
  for (let i = 0; i < blocks.length; ) {
    // The unit that must not be broken: this block and those it is kept with.
    let j = i;
    while (j < blocks.length - 1 && blocks[j].keepWithNext) j++;
    const unit = blocks.slice(i, j + 1);
    const gap = at > 0 ? (unit[0].gapCm ?? 0) : 0;
    const height = blocksHeightCm(unit) - (unit[0].gapCm ?? 0);
    if (at > 0 && at + gap + height > pageCm) {
      pages++;
      const table = unit[0].table;
      const continuing = table && i > 0 && blocks[i - 1].table?.id === table.id;
      at = continuing ? table.headerCm : 0;
    } else at += gap;
    at += height;
    while (at > pageCm) {
      pages++;
      at -= pageCm;
    }
    i = j + 1;
  }
  return { pages, lastCm: at };
}
