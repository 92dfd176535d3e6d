import { documentReference } from '../memos/document-reference';
import { dateOf, thaiDate, thaiDateTime, withNumerals } from '../common/thai-calendar';

/** The helpers page templates may call (compiled with knownHelpersOnly). They format; they never fetch. */
export const PAGE_HELPERS = {
  thaiDate,
  thaiDateTime,
  numerals(value: unknown, style?: unknown): string {
    return withNumerals(String(value ?? ''), style === 'arabic' ? 'arabic' : 'thai');
  },
  fileSize(bytes: unknown): string {
    const n = Number(bytes);
    if (!Number.isFinite(n)) return '';
    return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
  },
  eq(a: unknown, b: unknown): boolean {
    return a === b;
  },
  /** นธ ๗๗๒๐๑/๑ (พ.ศ. ๒๕๖๙): a number with the year of its register, where several years are listed together. */
  documentReference(documentNumber: unknown, registerYear: unknown): string {
    return documentReference(typeof documentNumber === 'string' ? documentNumber : null, typeof registerYear === 'number' ? registerYear : null);
  },
  isoDate(value: unknown): string {
    const date = dateOf(value);
    return date ? date.toISOString() : '';
  },
};

export const PAGE_HELPER_NAMES = Object.keys(PAGE_HELPERS);
