import { richTextToPlain } from '../reports/rich-text';
import { lineBreakOpportunities, type ExtraWords } from './thai-breaks';
import type { WordTrie } from './thai-words';

/**
 * A cheap server-side estimate of how text sets in a table, for choosing column widths and page orientation before
 * Chromium lays the document out. Calibrated on Sarabun 14 pt with Kasian's line breaking (between words only):
 * 3.5 characters that take width per cm (marks above and below take none), 0.62 cm a line.
 */

export const TABLE_CHARS_PER_CM = 3.5;
export const TABLE_LINE_CM = 0.62;
/** The same text filled word by word (cellLines): what a line holds before its last word would overflow. */
const PACKED_CHARS_PER_CM = 3.6;
/** List items in a cell are set 0.6 cm in (print.css `.measures td ol`). */
const LIST_INDENT_CM = 0.6;
/** Cell padding left + right, and a little slack for ragged lines. */
const CELL_PADDING_CM = 0.4;

/** Text area of an A4 page with Kasian's margins (left 3, right 2, top 2.5, bottom 2 cm), in cm. */
export const PAGE_AREA = {
  portrait: { width: 16, height: 25.2 },
  landscape: { width: 24.7, height: 16.5 },
} as const;
export type Orientation = keyof typeof PAGE_AREA;

/** Vowels above and below and tone marks: they sit on their consonant and take no width. */
const ZERO_WIDTH = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u200b-\u200d]/;

/** Width of text in characters of average Thai width. */
export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    if (ZERO_WIDTH.test(c)) continue;
    width += c === ' ' ? 0.45 : /[A-Z]/.test(c) ? 1.15 : 1;
  }
  return width;
}

export interface CellMeasure {
  /** Width of each paragraph (or line the author ended), in characters. */
  blocks: number[];
  /** Each paragraph as the pieces a line may not break inside (words of the word list, with their spaces). */
  pieces: number[][];
  /** Each paragraph's indent in cm (list items). */
  indents: number[];
  /** The longest piece that cannot be broken (a word, a number), in characters. */
  longest: number;
}

export function measureText(lines: string[], trie: WordTrie, extra?: ExtraWords, indentsCm: number[] = []): CellMeasure {
  const blocks: number[] = [];
  const pieces: number[][] = [];
  const indents: number[] = [];
  let longest = 0;
  for (const [i, line] of lines.entries()) {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    blocks.push(textWidth(text));
    indents.push(indentsCm[i] ?? 0);
    const widths: number[] = [];
    let last = 0;
    for (const at of [...lineBreakOpportunities(text, trie, extra), text.length]) {
      if (at <= last) continue;
      const piece = textWidth(text.slice(last, at));
      widths.push(piece);
      longest = Math.max(longest, textWidth(text.slice(last, at).trim()));
      last = at;
    }
    pieces.push(widths);
  }
  return { blocks, pieces, indents, longest };
}

/** A rich-text cell, paragraph by paragraph (list items and line breaks start new lines). */
export function measureCell(html: string, trie: WordTrie, extra?: ExtraWords): CellMeasure {
  const parts = html.split(/<\/p>|<\/li>|<br\s*\/?>/i);
  const plain = /<ol class="plain"/i.test(html);
  return measureText(
    parts.map((part) => richTextToPlain(part)),
    trie,
    extra,
    parts.map((part) => (/<li[\s>]/i.test(part) && !plain ? LIST_INDENT_CM : 0)),
  );
}

/**
 * Lines a cell takes at a column width, each paragraph filled word by word as Chromium does (a line breaks only
 * between pieces, so narrow columns lose the end of most lines).
 */
export function cellLines(cell: CellMeasure, widthCm: number): number {
  let count = 0;
  for (const [b, pieces] of cell.pieces.entries()) {
    const perLine = PACKED_CHARS_PER_CM * Math.max(widthCm - CELL_PADDING_CM - cell.indents[b], 0.3);
    let used = 0;
    count++;
    for (const piece of pieces) {
      if (used > 0 && used + piece > perLine + 0.45) {
        count++;
        used = 0;
      }
      // A piece wider than the column (a long number) overflows it on a line of its own: lines break only between pieces.
      used += piece;
    }
  }
  return count;
}

/** The same without rounding up, so that a little more width always shows as a little less height. */
function smoothLines(cell: CellMeasure, widthCm: number): number {
  const perLine = TABLE_CHARS_PER_CM * Math.max(widthCm - CELL_PADDING_CM, 0.3);
  return cell.blocks.reduce((sum, width) => sum + Math.max(1, width / perLine), 0);
}

export function rowLines(cells: CellMeasure[], widthsCm: number[]): number {
  return Math.max(1, ...cells.map((cell, i) => cellLines(cell, widthsCm[i])));
}

export interface TableMeasure {
  header: CellMeasure[];
  rows: CellMeasure[][];
  /** Rows that span the table (group captions), in characters. */
  spanning: CellMeasure[];
}

/** Narrowest a column may be: its longest word (heading or cell) must fit, and never under 1.2 cm. */
function minimumWidthCm(table: TableMeasure, column: number): number {
  const longest = Math.max(table.header[column]?.longest ?? 0, ...table.rows.map((row) => row[column]?.longest ?? 0));
  return Math.max(1.2, longest / TABLE_CHARS_PER_CM + CELL_PADDING_CM);
}

/**
 * Column widths (cm) for a table width: columns the author sized keep their share; the others start at their
 * minimum and the rest of the width is handed out in small steps, each to the column where it shortens the
 * estimated table most (the header row counted twice: it repeats on each page). Columns of "-" stay narrow; the
 * long text column gets the room.
 */
export function columnWidthsCm(table: TableMeasure, widthCm: number, fixedPercent: (number | undefined)[]): number[] {
  const count = table.header.length;
  const widths = Array.from({ length: count }, (_, c) => (fixedPercent[c] !== undefined ? (widthCm * fixedPercent[c]!) / 100 : minimumWidthCm(table, c)));
  const free = Array.from({ length: count }, (_, c) => fixedPercent[c] === undefined);
  if (!free.some(Boolean)) return widths;
  const used = widths.reduce((a, b) => a + b, 0);
  let left = widthCm - used;
  if (left <= 0) {
    // Even the minimums do not fit: share what there is in proportion to them.
    const freeTotal = widths.reduce((sum, w, c) => sum + (free[c] ? w : 0), 0);
    const room = widthCm - widths.reduce((sum, w, c) => sum + (free[c] ? 0 : w), 0);
    return widths.map((w, c) => (free[c] ? (w / freeTotal) * Math.max(room, 0) : w));
  }
  // Lines of every cell at the current widths; trying a little more width for column c changes only column c's cells,
  // so each row's new height is the larger of its other cells' tallest and column c's new count.
  const all = [table.header, ...table.rows];
  const weight = all.map((_, r) => (r === 0 ? 2 : 1));
  const lines = all.map((row) => row.map((cell, c) => smoothLines(cell, widths[c])));
  const step = widthCm / 200;
  while (left > 1e-9) {
    const give = Math.min(step, left);
    let best = -1;
    let bestGain = -Infinity;
    for (let c = 0; c < count; c++) {
      if (!free[c]) continue;
      let gain = 0;
      for (let r = 0; r < all.length; r++) {
        const row = lines[r];
        let others = 1;
        for (let k = 0; k < count; k++) if (k !== c && row[k] > others) others = row[k];
        const before = Math.max(others, row[c]);
        const after = Math.max(others, smoothLines(all[r][c], widths[c] + give));
        gain += (before - after) * weight[r];
      }
      if (gain > bestGain + 1e-9) {
        bestGain = gain;
        best = c;
      }
    }
    if (bestGain <= 1e-9) {
      // Nothing wraps any more: the rest goes to the free columns in proportion to their text, as Word's autofit
      // does (otherwise the first column, a year say, would take it all).
      const natural = widths.map((_, c) => (free[c] ? Math.max(...all.map((row) => Math.max(0, ...(row[c]?.blocks ?? [0])))) / TABLE_CHARS_PER_CM + CELL_PADDING_CM : 0));
      const total = natural.reduce((a, b) => a + b, 0);
      return widths.map((w, c) => (free[c] ? w + (left * natural[c]) / total : w));
    }
    widths[best] += give;
    for (let r = 0; r < all.length; r++) lines[r][best] = smoothLines(all[r][best], widths[best]);
    left -= give;
  }
  return widths;
}

/** A row's cell padding (0.05 cm above and below) and border, beyond its lines. */
const ROW_EXTRA_CM = 0.126;
/** Space between paragraphs in a cell (print.css `.measures td p + p`). */
const PARAGRAPH_GAP_CM = 0.1;

/** A row's height in cm: its tallest cell's lines, and the space between that cell's paragraphs. */
function rowHeightCm(cells: CellMeasure[], widthsCm: number[]): number {
  const tallest = Math.max(0, ...cells.map((cell, i) => cellLines(cell, widthsCm[i]) * TABLE_LINE_CM + Math.max(0, cell.blocks.length - 1) * PARAGRAPH_GAP_CM));
  return Math.max(TABLE_LINE_CM, tallest) + ROW_EXTRA_CM;
}

/** Estimated height of the table in cm at these widths, its header repeated on every page. */
export function tableHeightCm(table: TableMeasure, widthsCm: number[], pageHeightCm: number): number {
  const rows = table.rows.reduce((sum, row) => sum + rowHeightCm(row, widthsCm), 0) + table.spanning.length * (TABLE_LINE_CM + ROW_EXTRA_CM);
  const header = rowHeightCm(table.header, widthsCm);
  const pages = Math.max(1, Math.ceil(rows / Math.max(pageHeightCm - header, 1)));
  return rows + header * pages;
}

export interface TableLayout {
  orientation: Orientation;
  /** Percent of the table width, per column. */
  widths: number[];
  /** Estimated lines per row at those widths. */
  rowLines: number[];
  /** Estimated height in pages of the chosen orientation. */
  pages: number;
}

/**
 * Widths and orientation for a table: each orientation is tried, and landscape is chosen when it prints the table
 * on clearly fewer pages (a tenth fewer, and fewer whole pages) or when the columns' minimums do not fit a portrait
 * page. An orientation the author set is kept.
 */
export function layoutTable(table: TableMeasure, fixedPercent: (number | undefined)[], orientation: Orientation | 'auto' = 'auto'): TableLayout {
  const tryOn = (o: Orientation) => {
    const widthsCm = columnWidthsCm(table, PAGE_AREA[o].width, fixedPercent);
    const fits = table.header.every((_, c) => fixedPercent[c] !== undefined || widthsCm[c] + 1e-6 >= minimumWidthCm(table, c));
    return { orientation: o, widthsCm, fits, pages: tableHeightCm(table, widthsCm, PAGE_AREA[o].height) / PAGE_AREA[o].height };
  };
  let chosen;
  if (orientation !== 'auto') chosen = tryOn(orientation);
  else {
    const portrait = tryOn('portrait');
    const landscape = tryOn('landscape');
    // Clearly fewer pages, counted whole too: a table of about three pages either way stays upright.
    const fewer = landscape.pages < portrait.pages * 0.9 && Math.ceil(landscape.pages - 0.05) < Math.ceil(portrait.pages - 0.05);
    chosen = !portrait.fits || fewer ? landscape : portrait;
  }
  const total = chosen.widthsCm.reduce((a, b) => a + b, 0);
  return {
    orientation: chosen.orientation,
    widths: chosen.widthsCm.map((w) => (w / total) * 100),
    rowLines: table.rows.map((row) => rowLines(row, chosen.widthsCm)),
    pages: chosen.pages,
  };
}
