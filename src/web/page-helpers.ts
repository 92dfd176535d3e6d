import { documentReference } from '../memos/document-reference';
import { withNumerals } from '../common/thai-calendar';

const THAI_DATE = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });
const THAI_DATE_TIME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Bangkok',
});

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const date = new Date(value.length === 10 ? `${value}T12:00:00+07:00` : value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** The helpers page templates may call (compiled with knownHelpersOnly). They format; they never fetch. */
export const PAGE_HELPERS = {
  /** ๔ เมษายน ๒๕๖๖ (Thai digits) — pass "arabic" for Arabic digits. */
  thaiDate(value: unknown, numerals?: unknown): string {
    const date = toDate(value);
    if (!date) return '';
    return withNumerals(THAI_DATE.format(date), numerals === 'arabic' ? 'arabic' : 'thai');
  },
  thaiDateTime(value: unknown): string {
    const date = toDate(value);
    return date ? THAI_DATE_TIME.format(date) : '';
  },
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
    const date = toDate(value);
    return date ? date.toISOString() : '';
  },
};

export const PAGE_HELPER_NAMES = Object.keys(PAGE_HELPERS);
