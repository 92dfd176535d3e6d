import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { projectRoot } from '../../src/common/project-root';
import type { KasianDocument, ReportSection } from '../../src/reports/document-format';
import { richTextToPlain } from '../../src/reports/rich-text';
import type { MemoRenderModel, ReportRenderModel } from '../../src/rendering/render-model';
import { extraWords, lineBreakOpportunities } from '../../src/rendering/thai-breaks';
import { sharedWordList } from '../../src/rendering/thai-words';

/**
 * The fidelity check's measurements of one rendered PDF (npm run check:fidelity, test/fidelity.int-spec.ts), all
 * read back with poppler: pages, how full each page is, breaks inside words of the Thai word list at line ends of
 * `pdftotext -raw`, fonts, pages holding nothing but a table's header, and how much of the fixture's text is there.
 */

/** From the project root, so the benchmark compiled into dist/ reads the same files. */
export const FIXTURES_DIR = join(projectRoot(), 'test', 'fixtures');

export interface FixtureInfo {
  /** File name in test/fixtures. */
  file: string;
  document: KasianDocument;
  /** From test/fixtures/originals.json: where the document was transcribed from, and its own page count. */
  source?: string;
  originalPages?: number;
  /** What the original's page count covers: the report alone, or the memo and the report. */
  originalCovers?: 'report' | 'memo+report';
  /** The organisation's own words (its profile's word list). */
  words?: string[];
  numerals?: 'thai' | 'arabic';
}

/** A fixture as an approved memo of its organisation, signed by people of the seed 003 organisation. */
export function fixtureMemoModel(fixture: FixtureInfo): MemoRenderModel {
  const document = structuredClone(fixture.document);
  document.memo.documentNumber ??= 'นธ ๗๗๒๐๑/๑๒๓';
  document.memo.date ??= '2023-04-04';
  const issuer = document.report.issuer?.split('\n')[0] ?? document.memo.issuingUnit;
  return {
    organization: { name: issuer, shortName: issuer, numerals: fixture.numerals ?? 'thai', emblem: null, words: fixture.words ?? [] },
    document,
    author: { displayName: document.memo.signer.name, position: document.memo.signer.position, signature: null },
    reviews: [
      { heading: 'ความเห็นปลัด', comment: 'ทราบ เห็นควรนำเสนอนายก พิจารณา', signerName: 'นางอรทัย ทองคุปต์', signerPosition: `ปลัด${issuer}`, actingFor: null, signature: null, date: '2023-04-05T03:00:00Z' },
      { heading: 'ความเห็นนายก', comment: 'ทราบ อนุมัติ ให้ประกาศบนเว็บไซต์', signerName: 'นายกาหลง แดงสุวรรณ', signerPosition: `นายก${issuer}`, actingFor: null, signature: null, date: '2023-04-07T03:00:00Z' },
    ],
    draft: false,
  };
}

export function fixtureReportModel(fixture: FixtureInfo): ReportRenderModel {
  const { organization } = fixtureMemoModel(fixture);
  return { organization, report: fixture.document.report, draft: false };
}

export function loadFixtures(dir = FIXTURES_DIR): FixtureInfo[] {
  const originals = JSON.parse(readFileSync(join(dir, 'originals.json'), 'utf8')) as Record<string, Omit<FixtureInfo, 'file' | 'document'>>;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'originals.json')
    .sort()
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(dir, file), 'utf8')) as KasianDocument, ...originals[file] }));
}

export interface PageMeasure {
  /** 1-based. */
  page: number;
  landscape: boolean;
  /** Share of the text area (inside the margins) from its top to the last text on the page, 0–1. */
  fill: number;
  /** Nothing on the page but a table's header row (and the page number). */
  headerOnly: boolean;
}

export interface FidelityMeasure {
  pages: number;
  perPage: PageMeasure[];
  /** Each break inside a word, as "ดำเนิน|การ" with its page. */
  wordBreaks: { page: number; at: string }[];
  fonts: string[];
  /** Share (0–1) of the fixture's words found in the PDF's text. */
  coverage: number;
  missing: string[];
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const squash = (text: string) => text.replace(/\s+/g, '');
const PAGE_NUMBER = /^-\s*[0-9๐-๙]+\s*-$/;

/** A4 in points, and Kasian's margins (print.css): top 2.5 cm, bottom 2 cm. */
const CM = 72 / 2.54;
const MARGIN_TOP = 2.5 * CM;
const MARGIN_BOTTOM = 2 * CM;

/**
 * The fixture's text as one string without white space, with a mark before each character where a line may break
 * there: between words of the word list, and where the author put a space.
 */
export interface BreakMap {
  text: string;
  allowed: Uint8Array;
}

export function breakMap(texts: string[], words: string[] = []): BreakMap {
  const trie = sharedWordList();
  const extra = extraWords(words);
  let text = '';
  const allowed: number[] = [];
  for (const block of texts) {
    const opportunities = new Set(lineBreakOpportunities(block, trie, extra));
    for (let i = 0; i < block.length; i++) {
      if (/\s/.test(block[i])) {
        if (text.length > 0) allowed[text.length] = 1;
        continue;
      }
      if (opportunities.has(i) || i === 0) allowed[text.length] = 1;
      text += block[i];
    }
    allowed[text.length] = 1;
  }
  return { text, allowed: Uint8Array.from({ length: text.length + 1 }, (_, i) => allowed[i] ?? 0) };
}

const THAI_LETTER = /[\u0E01-\u0E4E]/;
const CONTEXT = 14;

/**
 * Breaks inside words: every line end of `pdftotext -raw` (within a page) between two Thai letters is looked up in
 * the fixture's text; where the fixture has it, the line end must fall where the word list (or a space) allows a
 * break. Text the fixture does not have (labels Kasian prints) is segmented on its own.
 */
export function wordBreaks(rawPages: string[], map: BreakMap): { page: number; at: string }[] {
  const found: { page: number; at: string }[] = [];
  rawPages.forEach((pageText, p) => {
    const lines = pageText.split('\n').map(squash).filter((line) => line !== '');
    for (let i = 0; i + 1 < lines.length; i++) {
      const before = lines[i];
      const after = lines[i + 1];
      if (!THAI_LETTER.test(before[before.length - 1]) || !THAI_LETTER.test(after[0])) continue;
      const tail = before.slice(-CONTEXT);
      const head = after.slice(0, CONTEXT);
      let inside: boolean | null = null;
      for (let at = map.text.indexOf(tail + head); at >= 0; at = map.text.indexOf(tail + head, at + 1)) {
        inside = !map.allowed[at + tail.length];
        if (!inside) break;
      }
      // Not in the fixture: two cells' lines met in the reading order (or text Kasian prints), not a broken word.
      if (inside) found.push({ page: p + 1, at: `${tail}|${head}` });
    }
  });
  return found;
}

/** Every heading of every table in the document, squashed, longest first. */
function tableHeaders(document: KasianDocument): string[] {
  return document.report.sections
    .flatMap((section) => ('columns' in section && Array.isArray(section.columns) ? [section.columns.map((c) => c.heading).join('')] : []))
    .map(squash)
    .sort((a, b) => b.length - a.length);
}

function sectionTexts(section: ReportSection): string[] {
  const rich = (html: string | undefined) => (html ? [richTextToPlain(html)] : []);
  switch (section.type) {
    case 'narrative':
      return [section.heading ?? '', ...rich(section.body)];
    case 'ita_results':
      return [section.heading ?? '', ...(section.tools ?? []).map((t) => t.label), ...(section.indicators ?? []).map((i) => i.name), ...rich(section.note)];
    case 'ita_scores':
      return [section.heading ?? '', ...section.tools.flatMap((t) => [t.name, ...t.indicators.map((i) => i.name)]), ...rich(section.note)];
    case 'issue':
      return [section.title, ...rich(section.sourceQuestion), ...rich(section.facts), section.measure ?? '', section.responsible ?? '', ...(section.steps ?? []), section.period ?? ''];
    case 'measures_table':
      return [section.heading ?? '', ...section.columns.map((c) => c.heading), ...section.groups.flatMap((g) => [g.heading ?? '', ...g.rows.flatMap((r) => r.cells.map(richTextToPlain))])];
    default:
      return [];
  }
}

/** The text a reader should find: the report's and, with the memo, the memo's, block by block. */
export function fixtureTexts(document: KasianDocument, withMemo: boolean): string[] {
  const { report, memo } = document;
  const texts = [report.title, report.subtitle ?? '', ...(report.issuer ?? '').split('\n'), ...report.sections.flatMap(sectionTexts)];
  if (withMemo) texts.push(memo.issuingUnit, memo.subject, memo.addressee, ...memo.body);
  return texts.filter((text) => text.trim() !== '');
}

/** Found whole, or in two pieces (a cell continued on the next page has other cells' text between). */
function present(flat: string, word: string): boolean {
  if (flat.includes(word)) return true;
  for (let cut = 1; cut < word.length; cut++) {
    if (flat.includes(word.slice(0, cut)) && flat.includes(word.slice(cut))) return true;
  }
  return false;
}

export function measurePdf(pdf: Buffer, document: KasianDocument, options: { withMemo: boolean; words?: string[] }): FidelityMeasure {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-fidelity-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1] ?? 0);
    const raw = run('pdftotext', ['-raw', file, '-']);
    const rawPages = raw.split('\f').slice(0, pages);
    const bbox = run('pdftotext', ['-bbox', file, '-']);
    const headers = tableHeaders(document);
    const perPage = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((match, i) => {
      const width = Number(match[1]);
      const height = Number(match[2]);
      const words = [...match[3].matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
        yMin: Number(w[1]),
        yMax: Number(w[2]),
        text: w[3],
      }));
      // The page number sits in the top margin; the ร่าง watermark is not content.
      const content = words.filter((w) => w.yMin > MARGIN_TOP - 0.5 * CM && w.text !== 'ร่าง');
      const bottom = Math.max(MARGIN_TOP, ...content.map((w) => w.yMax));
      const fill = Math.min(1, (bottom - MARGIN_TOP) / (height - MARGIN_TOP - MARGIN_BOTTOM));
      let rest = squash(
        (rawPages[i] ?? '')
          .split('\n')
          .filter((line) => !PAGE_NUMBER.test(line.trim()) && line.trim() !== 'ร่าง')
          .join(''),
      );
      let hadHeader = false;
      for (const header of headers) {
        if (header && rest.includes(header)) {
          hadHeader = true;
          rest = rest.split(header).join('');
        }
      }
      return { page: i + 1, landscape: width > height, fill: Number(fill.toFixed(3)), headerOnly: hadHeader && rest.replace(/\(ต่อ\)/g, '').length === 0 };
    });
    const fonts = run('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(/\s+/)[0]);
    const flat = squash(raw);
    const texts = fixtureTexts(document, options.withMemo);
    const expected = texts.flatMap((text) => text.split(/\s+/)).map(squash).filter((word) => word.length > 0);
    const missing = expected.filter((word) => !present(flat, word));
    const total = expected.reduce((n, word) => n + word.length, 0);
    const lost = missing.reduce((n, word) => n + word.length, 0);
    return {
      pages,
      perPage,
      wordBreaks: wordBreaks(rawPages, breakMap(texts, options.words)),
      fonts: [...new Set(fonts)],
      coverage: total === 0 ? 1 : 1 - lost / total,
      missing,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fixtureName(file: string): string {
  return basename(file, '.json');
}

/** Least share of a page that must be used, except on a document's last page. */
export const LEAST_FILL = 1 / 3;
/** Most pages Kasian may take for a document whose original page count is known, as a multiple of it. */
export const MOST_PAGES_RATIO = 1.3;

/**
 * What keeps a document from meeting issue 15's targets: breaks inside words, a page under a third full (other
 * than the last one), a page with only a table header, more than 1.3× the original's pages, a font other than
 * Sarabun, text missing.
 */
export function fidelityProblems(fixture: FixtureInfo, memo: FidelityMeasure, report: FidelityMeasure): string[] {
  const problems: string[] = [];
  for (const [label, measure] of [['memo + report', memo], ['report', report]] as const) {
    if (measure.wordBreaks.length > 0) problems.push(`${label}: ${measure.wordBreaks.length} breaks inside words`);
    // The memo's last page is the one before the report starts: a memo of one page and a bit is not a layout fault.
    const memoEnd = label === 'memo + report' ? memo.pages - report.pages : 0;
    const sparse = measure.perPage.filter((p, i) => i < measure.perPage.length - 1 && p.page !== memoEnd && p.fill < LEAST_FILL);
    if (sparse.length > 0) problems.push(`${label}: pages under a third full: ${sparse.map((p) => `${p.page} (${Math.round(p.fill * 100)} %)`).join(', ')}`);
    const headerOnly = measure.perPage.filter((p) => p.headerOnly);
    if (headerOnly.length > 0) problems.push(`${label}: pages with only a table header: ${headerOnly.map((p) => p.page).join(', ')}`);
    const foreign = measure.fonts.filter((font) => !/^[A-Z]{6}\+Sarabun-(Regular|Bold)$/.test(font));
    if (foreign.length > 0) problems.push(`${label}: fonts other than Sarabun: ${foreign.join(', ')}`);
    if (measure.coverage < 0.995) problems.push(`${label}: text coverage ${(measure.coverage * 100).toFixed(1)} %`);
  }
  if (fixture.originalPages) {
    const pages = fixture.originalCovers === 'memo+report' ? memo.pages : report.pages;
    if (pages > fixture.originalPages * MOST_PAGES_RATIO) problems.push(`${pages} pages against the original's ${fixture.originalPages}`);
  }
  return problems;
}
