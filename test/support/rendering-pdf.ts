import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What poppler reads out of one PDF: text three ways, fonts, page sizes, images. */
export interface PdfReading {
  pages: number;
  /** pdftotext -layout, one string per page. */
  layoutPages: string[];
  /** pdftotext -raw (content-stream order), the whole document. */
  raw: string;
  /** The same, one string per page. */
  rawPages: string[];
  /** `pdffonts` rows: the font name column. */
  fonts: { name: string; type: string }[];
  /** Width × height in points, per page. */
  sizes: { width: number; height: number }[];
  /** Images drawn (soft masks not counted). */
  images: number;
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function readPdf(pdf: Buffer): PdfReading {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const info = run('pdfinfo', ['-f', '1', '-l', '999', file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
    const layout = run('pdftotext', ['-layout', file, '-']);
    const fonts = run('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => ({ name: line.split(/\s+/)[0], type: line.slice(37, 55).trim() }));
    const images = run('pdfimages', ['-list', file])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim().split(/\s+/)[2] === 'image').length;
    const raw = run('pdftotext', ['-raw', file, '-']);
    return { pages, layoutPages: layout.split('\f').slice(0, pages), raw, rawPages: raw.split('\f').slice(0, pages), fonts, sizes, images };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text with every kind of white space removed: Thai has none between words, and extraction adds some. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Strips the allowlisted HTML of a rich-text field to its text. */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Where each piece is found in `text`, each after the one before; -1 from the first piece missing or out of order.
 * Returns the pieces not found in order (empty when all are).
 */
export function outOfOrder(text: string, pieces: string[], options: { splitAcrossPages?: boolean } = {}): string[] {
  let at = -1;
  const missing: string[] = [];
  for (const piece of pieces) {
    const next = text.indexOf(piece, at + 1);
    // A table row continued on the next page: its cell's text is in two parts, with the other cells' and the
    // repeated header between them (the same text whole further on, in another table, is not this one).
    const split = options.splitAcrossPages ? splitAt(text, piece, at + 1) : -1;
    const found = [next, split].filter((i) => i >= 0);
    if (found.length === 0) missing.push(piece);
    else at = Math.min(...found);
  }
  return missing;
}

/** Where the second part of `piece` starts when it is found in two parts in order from `from` (the earliest), or -1. */
function splitAt(text: string, piece: string, from: number): number {
  let earliest = -1;
  for (let cut = piece.length - 1; cut > 0; cut--) {
    const head = text.indexOf(piece.slice(0, cut), from);
    if (head < 0) continue;
    const tail = text.indexOf(piece.slice(cut), head + cut);
    if (tail >= 0 && (earliest < 0 || tail < earliest)) earliest = tail;
  }
  return earliest;
}
