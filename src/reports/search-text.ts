import type { KasianDocument, ReportSection } from './document-format';
import { richTextToPlain } from './rich-text';

const THAI_DIGITS = /[๐-๙]/g;
const SPACES = /[\s\u200b\u200c\u200d\u2060\ufeff]+/g;

/**
 * Thai is written without spaces between words and with spaces placed freely (and by PDF extraction mid-word), so
 * search does not use a word index: text and query are both reduced to one string without spaces (Thai digits read
 * as Arabic, lower case, NFC) and matched as substrings, narrowed first by an n-gram index (report-search.ts).
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFC')
    .replace(THAI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0e50))
    .toLowerCase()
    .replace(SPACES, '');
}

/** The query's terms, each normalised; a document matches when it contains every term. */
export function searchTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .map(normalizeForSearch)
    .filter((term) => term.length > 0)
    .slice(0, 10);
}

/** Every distinct run of three characters (code points) of a normalised text: the keys of the MariaDB index. */
export function trigramsOf(text: string): string[] {
  const characters = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= characters.length; i++) grams.add(characters.slice(i, i + 3).join(''));
  return [...grams];
}

/**
 * The parts of `text` (as shown) with each place that matches one of the normalised `terms` marked, for
 * highlighting; matching ignores the spaces and digits' script as search does.
 */
export interface HighlightPart {
  text: string;
  match: boolean;
}

/**
 * Each code point's normalisation, remembered by its number: a page of search results normalises some 5,000
 * characters, few distinct, and a lookup by number makes no string for the character itself.
 */
const normalizedCodePoints = new Map<number, string>();

function normalizeCodePoint(codePoint: number): string {
  let n = normalizedCodePoints.get(codePoint);
  if (n === undefined) {
    n = normalizeForSearch(String.fromCodePoint(codePoint));
    if (normalizedCodePoints.size < 10_000) normalizedCodePoints.set(codePoint, n);
  }
  return n;
}

/** highlightParts' working memory, kept between calls (it runs to the end without yielding): the normalised text's
 * UTF-16 units and, for each, where in the shown text it came from. */
let units = new Uint16Array(4096);
let origins = new Uint32Array(4096);

export function highlightParts(text: string, terms: string[]): HighlightPart[] {
  // Normalise code point by code point, remembering where in `text` each normalised character came from, into the
  // kept arrays: a page of results allocates its strings and parts, not a string or array per character.
  let length = 0;
  for (let offset = 0; offset < text.length; ) {
    const codePoint = text.codePointAt(offset)!;
    const n = normalizeCodePoint(codePoint);
    if (length + n.length > units.length) {
      // Normalising seldom lengthens a character (İ); a text longer than the arrays grows them.
      const grownUnits = new Uint16Array((length + n.length) * 2);
      const grownOrigins = new Uint32Array((length + n.length) * 2);
      grownUnits.set(units);
      grownOrigins.set(origins);
      [units, origins] = [grownUnits, grownOrigins];
    }
    for (let k = 0; k < n.length; k++) {
      units[length] = n.charCodeAt(k);
      origins[length++] = offset;
    }
    offset += codePoint > 0xffff ? 2 : 1;
  }
  let normalized = '';
  for (let from = 0; from < length; from += 8192) {
    normalized += String.fromCharCode.apply(null, units.subarray(from, Math.min(length, from + 8192)) as unknown as number[]);
  }
  const kept = origins;
  // A long text's arrays are not kept for the short ones that follow.
  if (units.length > 65_536) [units, origins] = [new Uint16Array(4096), new Uint32Array(4096)];
  const endOf = (origin: number) => origin + (text.codePointAt(origin)! > 0xffff ? 2 : 1);
  const marked: [number, number][] = [];
  for (const term of terms.filter(Boolean)) {
    for (let at = normalized.indexOf(term); at >= 0; at = normalized.indexOf(term, at + term.length)) {
      marked.push([kept[at], endOf(kept[at + term.length - 1])]);
    }
  }
  marked.sort((a, b) => a[0] - b[0]);
  const parts: HighlightPart[] = [];
  let cursor = 0;
  for (const [start, end] of marked) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    if (from > cursor) parts.push({ text: text.slice(cursor, from), match: false });
    parts.push({ text: text.slice(from, end), match: true });
    cursor = end;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), match: false });
  return parts;
}

/** `LIKE` pattern for a term, with its own wildcards escaped (escape character `!`). */
export function likePattern(term: string): string {
  return `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function sectionText(section: ReportSection): string[] {
  switch (section.type) {
    case 'narrative':
      return [section.heading ?? '', richTextToPlain(section.body)];
    case 'ita_results':
      return [section.heading ?? '', ...(section.tools ?? []).map((t) => t.label), ...(section.indicators ?? []).map((i) => i.name), richTextToPlain(section.note ?? '')];
    case 'ita_scores':
      return [section.heading ?? '', ...section.tools.flatMap((t) => [t.name, ...t.indicators.map((i) => i.name)]), richTextToPlain(section.note ?? '')];
    case 'issue':
      return [
        section.title,
        richTextToPlain(section.sourceQuestion ?? ''),
        richTextToPlain(section.facts ?? ''),
        section.measure ?? '',
        section.responsible ?? '',
        ...(section.steps ?? []),
        section.period ?? '',
      ];
    case 'measures_table':
      return [
        section.heading ?? '',
        ...section.groups.flatMap((g) => [g.heading ?? '', ...g.rows.flatMap((r) => r.cells.map(richTextToPlain))]),
      ];
  }
}

/** Longest `reports.search_head` (code points): title and subject are 250 each; a longer head is cut. */
export const SEARCH_HEAD_LENGTH = 500;

/**
 * The normalised title and subject: what a search ranks first when it holds the first term (report-search.ts), kept
 * beside `search_text` as a short column so that the test need not read the whole text.
 */
export function searchHead(title: string, subject: string): string {
  return [...normalizeForSearch(`${title} ${subject}`)].slice(0, SEARCH_HEAD_LENGTH).join('');
}

/** Everything a person may search for in a document: title, subject, sections and every cell. */
export function documentSearchText(document: Pick<KasianDocument, 'report' | 'memo'>): string {
  const { report, memo } = document;
  return normalizeForSearch(
    [report.title, report.subtitle ?? '', memo.subject, ...memo.body, ...report.sections.flatMap(sectionText)].join(' '),
  );
}
