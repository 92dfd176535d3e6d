import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler tool (pdftotext, pdffonts, pdfinfo, pdfsig) on PDF bytes and returns its output. */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo' | 'pdfsig', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const argv = tool === 'pdftotext' ? [...args, file, '-'] : [...args, file];
    try {
      return execFileSync(tool, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
