import type { WordTrie } from './thai-words';

/**
 * Where a line of Thai may break: between words of the word list, never inside one, never inside a grapheme
 * cluster. Chromium's own breaking (ICU's dictionary) splits compounds (หน่วย|งาน, ดำเนิน|การ); Kasian's documents
 * are laid out with `text-wrap-mode: nowrap` and a `<wbr>` at every place a line may break, which Chromium 156
 * honours as the only break opportunities (`word-break: keep-all` does not stop it breaking Thai; a zero-width
 * space would, but it ends up in the PDF's text). docs/rendering.md, "Thai line breaking", has the measurements.
 */

/** An organisation's own words (place names …), looked up beside the shared list. */
export interface ExtraWords {
  words: ReadonlySet<string>;
  longest: number;
}

export function extraWords(words: readonly string[]): ExtraWords {
  const set = new Set(words.map((word) => word.trim()).filter((word) => word.length > 0));
  return { words: set, longest: Math.max(0, ...[...set].map((word) => word.length)) };
}

const NO_EXTRA: ExtraWords = { words: new Set(), longest: 0 };

/** Thai letters, vowels and marks: the characters the dictionary segments. Digits and signs are text of their own. */
const THAI_LETTER = /[\u0E01-\u0E4E]/;
/** Nothing may start a line: following vowels, vowels above and below, tone marks, ๆ and ฯ. */
const NEVER_FIRST = /[\u0E2F\u0E30-\u0E3A\u0E45-\u0E4E]/;
/** Leading vowels, which belong to the consonant after them. */
const NEVER_LAST = /[\u0E40-\u0E44]/;
/** Unknown text longer than this (no word of the list fits it) may break where ICU's segmenter would. */
const LONGEST_UNBROKEN_UNKNOWN = 18;
/** Spaces a line may break after; a no-break space is not one. */
const SPACE = /[ \t\n\r\f]/;
/** Stands for a kept element's text (a title's phrase, a leader) in the text around it. */
const KEPT = '\ufffc';
/** A Thai abbreviation's last letter and full stop (พ.ศ., ค.ศ., ม.), before a space. */
const ABBREVIATION_END = /[\u0E01-\u0E2E]\.$/;
const DIGIT = /[0-9\u0E50-\u0E59]/;

const icuWords = new Intl.Segmenter('th', { granularity: 'word' });

function canBreakBetween(text: string, at: number): boolean {
  return !NEVER_FIRST.test(text[at]) && !NEVER_LAST.test(text[at - 1]);
}

/**
 * Word boundaries inside one run of Thai letters, by maximal matching: of all ways to cover the run with words of
 * the list, the one with the fewest characters left unknown, then the fewest words, then the longest words (the
 * largest sum of squared lengths: ดำเนินการ|ตาม rather than ดำเนิน|การตาม). Unknown characters stay
 * together with their neighbours unknown; a boundary is only placed where a line may begin.
 */
export function thaiRunBoundaries(run: string, trie: WordTrie, extra: ExtraWords = NO_EXTRA): number[] {
  const n = run.length;
  const unknown = new Float64Array(n + 1).fill(Infinity);
  const words = new Float64Array(n + 1).fill(Infinity);
  /** How each position was reached: from `from[at]`, by a word (1) or by one unknown character (0). */
  const from = new Int32Array(n + 1).fill(-1);
  const squares = new Float64Array(n + 1);
  const byWord = new Uint8Array(n + 1);
  unknown[0] = 0;
  words[0] = 0;
  const better = (at: number, u: number, w: number, q: number) =>
    u < unknown[at] || (u === unknown[at] && (w < words[at] || (w === words[at] && q > squares[at])));
  for (let i = 0; i < n; i++) {
    if (unknown[i] === Infinity) continue;
    // A word may start here only where a line could begin (or at the run's start).
    if (i === 0 || canBreakBetween(run, i)) {
      const reach = (word: number) => {
        // ๆ (repeat the word) belongs to the word before it.
        const end = run[word] === '\u0E46' ? word + 1 : word;
        if (end < n && !canBreakBetween(run, end)) return;
        const q = squares[i] + (end - i) * (end - i);
        if (better(end, unknown[i], words[i] + 1, q)) {
          unknown[end] = unknown[i];
          words[end] = words[i] + 1;
          squares[end] = q;
          from[end] = i;
          byWord[end] = 1;
        }
      };
      trie.matches(run, i, n, reach);
      for (let length = 2; length <= Math.min(extra.longest, n - i); length++) {
        if (extra.words.has(run.slice(i, i + length))) reach(i + length);
      }
    }
    if (better(i + 1, unknown[i] + 1, words[i], squares[i])) {
      unknown[i + 1] = unknown[i] + 1;
      words[i + 1] = words[i];
      squares[i + 1] = squares[i];
      from[i + 1] = i;
      byWord[i + 1] = 0;
    }
  }
  // Walk back: a boundary at each end of a word, and at each start of a word that follows unknown text.
  const pieces: { start: number; end: number; known: boolean }[] = [];
  for (let at = n; at > 0; at = from[at]) {
    const known = byWord[at] === 1;
    const last = pieces[pieces.length - 1];
    if (!known && last && !last.known && last.start === at) last.start = from[at];
    else pieces.push({ start: from[at], end: at, known });
  }
  pieces.reverse();
  // Unknown text (a name, a typing slip) stays with the words on either side: สุจิ|น would split a name. Only a
  // stretch too long for a line gives way, at its own word ends and where ICU's segmenter would break.
  const boundaries: number[] = [];
  let stretch: number[] = [];
  let stretchStart = 0;
  const endStretch = (end: number) => {
    if (end - stretchStart > LONGEST_UNBROKEN_UNKNOWN) boundaries.push(...stretch.filter((at) => canBreakBetween(run, at)));
    stretch = [];
    stretchStart = end;
  };
  pieces.forEach((piece, i) => {
    const next = pieces[i + 1];
    if (!piece.known && piece.end - piece.start > LONGEST_UNBROKEN_UNKNOWN) {
      for (const { index } of icuWords.segment(run.slice(piece.start, piece.end))) {
        if (index > 0) stretch.push(piece.start + index);
      }
    }
    if (!next) return endStretch(piece.end);
    if (piece.known && next.known) {
      endStretch(piece.end);
      if (canBreakBetween(run, piece.end)) boundaries.push(piece.end);
    } else {
      stretch.push(piece.end);
    }
  });
  return boundaries;
}

/**
 * Every place a line may break in a block of text: between Thai words, after a run of spaces, after a slash
 * (มาตรการ/โครงการ) or a dash between words. Positions are offsets into `text`; nothing breaks at either end.
 */
export function lineBreakOpportunities(text: string, trie: WordTrie, extra: ExtraWords = NO_EXTRA): number[] {
  const breaks: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (THAI_LETTER.test(c)) {
      let end = i + 1;
      while (end < text.length && THAI_LETTER.test(text[end])) end++;
      for (const at of thaiRunBoundaries(text.slice(i, end), trie, extra)) breaks.push(i + at);
      i = end;
      continue;
    }
    if (SPACE.test(c)) {
      let end = i + 1;
      while (end < text.length && SPACE.test(text[end])) end++;
      // "พ.ศ. ๒๕๖๙", "ม. ๕": an abbreviation's full stop and the number it names stay on one line.
      const numberAfterAbbreviation = ABBREVIATION_END.test(text.slice(Math.max(0, i - 2), i)) && DIGIT.test(text[end] ?? '');
      if (i > 0 && end < text.length && !numberAfterAbbreviation) breaks.push(end);
      i = end;
      continue;
    }
    if ((c === '/' || c === '-' || c === '–') && i > 0 && i + 1 < text.length && !SPACE.test(text[i + 1]) && !SPACE.test(text[i - 1])) {
      if (canBreakBetween(text, i + 1) || !THAI_LETTER.test(text[i + 1])) breaks.push(i + 1);
    }
    i++;
  }
  return breaks;
}

/** Elements that end a run of text (a line cannot continue across them); any other tag is inline. */
const INLINE_TAGS = new Set(['span', 'strong', 'b', 'u', 'em', 'i', 'small', 'sup', 'sub', 'wbr']);
/**
 * Elements whose text is never broken by Kasian: titles' phrases are kept whole, leaders are spaces, and what the
 * print CSS keeps on one line (labels, numbers, scores, dotted lines, names under a signature).
 */
const KEEP_CLASS = /\bclass="(?:[^"]*\s)?(?:phrase|leader|nobreak|nowrap|label|number|score|dots)(?:\s[^"]*)?"/;
const ENTITY = /&(?:#x[0-9a-f]+|#\d+|[a-z]+);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntity(entity: string): string {
  const body = entity.slice(1, -1);
  if (body[0] === '#') return String.fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
  return NAMED[body.toLowerCase()] ?? '\ufffc';
}

interface TextPiece {
  /** Index of the token in the token list. */
  token: number;
  /** The decoded text, and for each decoded character, where it starts in the raw token. */
  text: string;
  rawStarts: number[] | null;
}

/**
 * Adds `<wbr>` at every line-break opportunity of an HTML document's body (Kasian's own template output, so tags
 * are well formed and attribute values quoted). Text is taken block by block, across inline tags such as <strong>,
 * so a word in two styles is still one word. Inside <style>, <title> and elements of class phrase/leader/nobreak
 * nothing is added. Returns the document and how many opportunities were marked.
 */
export function markLineBreaks(html: string, trie: WordTrie, extra: ExtraWords = NO_EXTRA): { html: string; marked: number } {
  const bodyStart = html.indexOf('<body');
  if (bodyStart < 0) return { html, marked: 0 };
  const tokens = html.slice(bodyStart).match(/<[^>]*>|[^<]+/g) ?? [];
  const insertAfter = new Map<number, number[]>();
  let pieces: TextPiece[] = [];
  let keepDepth = 0;
  const keepStack: boolean[] = [];
  let skipUntil: string | null = null;
  let marked = 0;

  const flush = () => {
    if (pieces.length === 0) return;
    const text = pieces.map((p) => p.text).join('');
    if (/[\u0E01-\u0E4E \n/-]/.test(text)) {
      const offsets = lineBreakOpportunities(text, trie, extra);
      let pieceIndex = 0;
      let pieceStart = 0;
      for (const offset of offsets) {
        // A break at a piece's very end belongs to that piece (the break falls between it and the next tag).
        while (pieceIndex < pieces.length && offset > pieceStart + pieces[pieceIndex].text.length) {
          pieceStart += pieces[pieceIndex].text.length;
          pieceIndex++;
        }
        const piece = pieces[pieceIndex];
        if (!piece) break;
        if (piece.token < 0) continue;
        const local = offset - pieceStart;
        const raw = piece.rawStarts ? (piece.rawStarts[local] ?? tokens[piece.token].length) : local;
        const list = insertAfter.get(piece.token) ?? [];
        list.push(raw);
        insertAfter.set(piece.token, list);
        marked++;
      }
    }
    pieces = [];
  };

  tokens.forEach((token, index) => {
    if (token[0] === '<') {
      if (skipUntil) {
        if (token.toLowerCase().startsWith(skipUntil)) skipUntil = null;
        return;
      }
      const name = /^<\/?([a-z0-9]+)/i.exec(token)?.[1]?.toLowerCase() ?? '';
      if (name === 'style' || name === 'title' || name === 'script') {
        if (token[1] !== '/') skipUntil = `</${name}`;
        return;
      }
      const inline = INLINE_TAGS.has(name);
      if (!inline) flush();
      if (name === 'wbr' || name === 'br' || name === 'img' || name === 'col' || name === 'meta' || name === 'input' || name === 'hr') {
        if (name === 'br') flush();
        return;
      }
      if (token[1] === '/') {
        if (keepStack.pop()) keepDepth--;
      } else if (!token.endsWith('/>')) {
        const keep = KEEP_CLASS.test(token);
        keepStack.push(keep);
        if (keep) {
          if (keepDepth === 0) pieces.push({ token: -1, text: KEPT, rawStarts: null });
          keepDepth++;
        }
      }
      return;
    }
    if (skipUntil) return;
    // Kept text is one placeholder in the text around it: breaks may fall beside it, never inside.
    if (keepDepth > 0) return;
    if (token.includes('&')) {
      let text = '';
      const rawStarts: number[] = [];
      let last = 0;
      for (const match of token.matchAll(ENTITY)) {
        for (let i = last; i < match.index; i++) {
          rawStarts.push(i);
          text += token[i];
        }
        rawStarts.push(match.index);
        text += decodeEntity(match[0]);
        last = match.index + match[0].length;
      }
      for (let i = last; i < token.length; i++) {
        rawStarts.push(i);
        text += token[i];
      }
      pieces.push({ token: index, text, rawStarts });
    } else {
      pieces.push({ token: index, text: token, rawStarts: null });
    }
  });
  flush();

  for (const [index, offsets] of insertAfter) {
    const token = tokens[index];
    let out = '';
    let last = 0;
    for (const offset of offsets.sort((a, b) => a - b)) {
      out += `${token.slice(last, offset)}<wbr>`;
      last = offset;
    }
    tokens[index] = out + token.slice(last);
  }
  return { html: html.slice(0, bodyStart) + tokens.join(''), marked };
}
