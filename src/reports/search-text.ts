import type { KasianDocument, ReportSection } from './document-format';
import { richTextToPlain } from './rich-text';

const THAI_DIGITS = /[๐-๙]/g;
const SPACES = /[\s\u200b\u200c\u200d\u2060\ufeff]+/g;

/**
 * Thai is written without spaces between words and with spaces placed freely (and by PDF extraction mid-word), so
 * search does not use a word index: text and query are both reduced to one string without spaces (Thai digits read
 * as Arabic, lower case, NFC) and matched as substrings. On MySQL and SQLite alike this is a `LIKE '%…%'` over one
 * column, scoped to one organisation.
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

/** Everything a person may search for in a document: title, subject, sections and every cell. */
export function documentSearchText(document: Pick<KasianDocument, 'report' | 'memo'>): string {
  const { report, memo } = document;
  return normalizeForSearch(
    [report.title, report.subtitle ?? '', memo.subject, ...memo.body, ...report.sections.flatMap(sectionText)].join(' '),
  );
}
