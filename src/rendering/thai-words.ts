import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';

/**
 * The Thai word list that decides where a line may break: Debian's maintained dictionaries, read where the packages
 * install them, plus Kasian's own list of the civil-service compounds both lack, plus an organisation's own words.
 *
 * - LibThai's break dictionary (`libthai-data`, /usr/share/libthai/thbrk.tri, ~25,000 words with place names), read
 *   from its libdatrie double-array file. It is LibThai's own word-break data, but it holds base words only: LibThai
 *   itself breaks หน่วย|งาน and ดำเนิน|การ.
 * - The LibreOffice Thai spelling dictionary (`hunspell-th`, /usr/share/hunspell/th_TH.dic, ~51,000 entries, plain
 *   UTF-8, no affixes), which has most compounds (หน่วยงาน, ดำเนินการ, ผู้รับผิดชอบ, ผู้บริหาร, ข้อเสนอแนะ).
 * - templates/documents/thai-words.txt: what both still split and ITA documents are full of (ตัวชี้วัด, กำหนดเวลา,
 *   ความโปร่งใส, ผู้มีส่วนได้ส่วนเสีย …).
 *
 * Entries longer than MAX_WORD_LENGTH are left out: the spelling dictionary has whole names of ministries
 * (กระทรวงแรงงานและสวัสดิการสังคม), which kept in one piece would overflow a narrow table column; their parts are
 * words of their own. An organisation's own words are never left out.
 */

export interface WordListSource {
  path: string;
  format: 'datrie' | 'hunspell' | 'lines';
  /** The Debian package that installs it (named in the error when it is missing). */
  package?: string;
}

export const SYSTEM_WORD_LISTS: WordListSource[] = [
  { path: '/usr/share/libthai/thbrk.tri', format: 'datrie', package: 'libthai-data' },
  { path: '/usr/share/hunspell/th_TH.dic', format: 'hunspell', package: 'hunspell-th' },
];

export const KASIAN_WORD_LIST: WordListSource = { path: join(projectRoot(), 'templates', 'documents', 'thai-words.txt'), format: 'lines' };

export const MAX_WORD_LENGTH = 20;

/** Thai letters, vowels and marks (not digits or the rarely used signs after them). */
const THAI_WORD = /^[\u0E01-\u0E4E]+$/;

/**
 * Reads a libdatrie 0.2 trie file (big-endian: alpha map, double array, tails) and returns every key. Format as
 * written by libdatrie's trie_fwrite: alpha map (signature 0xD9FCD9FC, ranges of code points mapped in order onto
 * trie characters 1…n), double array (cell 0 holds signature 0xDAFCDAFC and the cell count, root at cell 2, a
 * negative base points into the tails) and tails (signature 0xDFFCDFFC, then per tail: next free, data, length,
 * suffix bytes).
 */
export function readDatrieKeys(bytes: Buffer): string[] {
  let at = 0;
  const int32 = () => {
    const value = bytes.readInt32BE(at);
    at += 4;
    return value;
  };
  const expect = (signature: number, what: string) => {
    if (int32() >>> 0 !== signature) throw new Error(`not a libdatrie file: bad ${what} signature`);
  };
  expect(0xd9fcd9fc, 'alpha map');
  const ranges = Array.from({ length: int32() }, () => [int32(), int32()] as const).sort((a, b) => a[0] - b[0]);
  const alphabet = [''];
  for (const [first, last] of ranges) for (let c = first; c <= last; c++) alphabet.push(String.fromCodePoint(c));
  expect(0xdafcdafc, 'double array');
  const cells = int32();
  const base = new Int32Array(cells);
  const check = new Int32Array(cells);
  for (let i = 1; i < cells; i++) {
    base[i] = int32();
    check[i] = int32();
  }
  expect(0xdffcdffc, 'tail');
  int32(); // first free tail
  const tails: Buffer[] = [];
  for (let i = int32(); i > 0; i--) {
    at += 8; // next free, data
    const length = bytes.readInt16BE(at);
    at += 2;
    tails.push(bytes.subarray(at, at + length));
    at += length;
  }
  const keys: string[] = [];
  const walk = (state: number, prefix: string): void => {
    if (base[state] < 0) {
      let key = prefix;
      for (const c of tails[-base[state] - 1]) {
        if (c === 0) break;
        key += alphabet[c];
      }
      keys.push(key);
      return;
    }
    for (let c = 0; c < alphabet.length; c++) {
      const next = base[state] + c;
      if (next > 0 && next < cells && check[next] === state) {
        if (c === 0) keys.push(prefix);
        else walk(next, prefix + alphabet[c]);
      }
    }
  };
  walk(2, '');
  return keys;
}

function readSource(source: WordListSource): string[] {
  if (source.format === 'datrie') return readDatrieKeys(readFileSync(source.path));
  const lines = readFileSync(source.path, 'utf8').split('\n');
  // A hunspell .dic starts with its entry count; an entry may carry /flags.
  const entries = source.format === 'hunspell' ? lines.slice(1).map((line) => line.split('/')[0]) : lines.filter((line) => !line.startsWith('#'));
  return entries.map((line) => line.trim());
}

/**
 * A trie over UTF-16 code units in flat arrays (first child, next sibling, unit, end of word), built from sorted
 * words so each new child is appended after its siblings: about 6 MB for 75,000 words, built in tens of ms.
 */
export class WordTrie {
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private unit: Uint16Array;
  private terminal: Uint8Array;
  private size = 1;
  readonly words: number;

  constructor(sortedWords: readonly string[]) {
    const capacity = sortedWords.reduce((n, word) => n + word.length, 1);
    this.firstChild = new Int32Array(capacity).fill(-1);
    this.nextSibling = new Int32Array(capacity).fill(-1);
    this.unit = new Uint16Array(capacity);
    this.terminal = new Uint8Array(capacity);
    const lastChild = new Int32Array(capacity).fill(-1);
    let path: number[] = [0];
    let previous = '';
    for (const word of sortedWords) {
      let common = 0;
      while (common < word.length && common < previous.length && word.charCodeAt(common) === previous.charCodeAt(common)) common++;
      path = path.slice(0, common + 1);
      for (let i = common; i < word.length; i++) {
        const parent = path[path.length - 1];
        const node = this.size++;
        this.unit[node] = word.charCodeAt(i);
        if (lastChild[parent] < 0) this.firstChild[parent] = node;
        else this.nextSibling[lastChild[parent]] = node;
        lastChild[parent] = node;
        path.push(node);
      }
      this.terminal[path[path.length - 1]] = 1;
      previous = word;
    }
    this.words = sortedWords.length;
  }

  /** Calls `found(end)` for every word that starts at `start` in `text`, shortest first, up to `limit`. */
  matches(text: string, start: number, limit: number, found: (end: number) => void): void {
    let node = 0;
    for (let i = start; i < limit; i++) {
      const c = text.charCodeAt(i);
      let child = this.firstChild[node];
      while (child >= 0 && this.unit[child] !== c) child = this.nextSibling[child];
      if (child < 0) return;
      node = child;
      if (this.terminal[node]) found(i + 1);
    }
  }
}

/** Sorted, deduplicated Thai words from any strings: anything else (spaces, Latin, digits, dots) is dropped. */
export function thaiWords(entries: Iterable<string>, maxLength = Infinity): string[] {
  const kept = new Set<string>();
  for (const entry of entries) {
    const word = entry.trim();
    if (word.length >= 2 && word.length <= maxLength && THAI_WORD.test(word)) kept.add(word);
  }
  return [...kept].sort();
}

export class MissingWordListError extends Error {}

let shared: WordTrie | undefined;

/**
 * The process's word list, read once on first use. A missing system dictionary is an error naming its package:
 * without it the renderer would quietly fall back to Chromium's own breaking, which splits compounds.
 */
export function sharedWordList(sources: WordListSource[] = [...SYSTEM_WORD_LISTS, KASIAN_WORD_LIST]): WordTrie {
  if (shared) return shared;
  const entries: string[] = [];
  for (const source of sources) {
    if (!existsSync(source.path)) {
      throw new MissingWordListError(
        `Thai word list ${source.path} not found${source.package ? `: install the Debian package ${source.package}` : ''}`,
      );
    }
    entries.push(...readSource(source));
  }
  shared = new WordTrie(thaiWords(entries, MAX_WORD_LENGTH));
  return shared;
}
