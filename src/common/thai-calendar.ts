/** Dates as the organisations live them: in Thailand's time zone, years in the Buddhist era. */
export const THAI_TIME_ZONE = 'Asia/Bangkok';

const parts = new Intl.DateTimeFormat('en-CA', { timeZone: THAI_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const buddhistYear = new Intl.DateTimeFormat('en-US-u-ca-buddhist', { timeZone: THAI_TIME_ZONE, year: 'numeric' });

/** `YYYY-MM-DD` (Gregorian) of the instant in Bangkok. */
export function bangkokDate(at: Date = new Date()): string {
  return parts.format(at);
}

/** The Buddhist-era calendar year (พ.ศ.) of the instant in Bangkok, e.g. 2569. */
export function buddhistCalendarYear(at: Date = new Date()): number {
  return Number.parseInt(buddhistYear.format(at), 10);
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Writes the digits of a generated number or text in the organisation's numerals. */
export function withNumerals(text: string | number, style: 'thai' | 'arabic'): string {
  const value = String(text);
  return style === 'thai' ? value.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]) : value.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

/** The Gregorian years a memo or an acting order may be dated in; outside them a date is a slip of the keyboard. */
export const DATE_YEARS = { first: 1900, last: 2199 } as const;

/** Where Buddhist-era years of the living lie (พ.ศ. 2443–2742 = ค.ศ. 1900–2199). */
const BUDDHIST_ERA_OFFSET = 543;

export interface DateProblem {
  rule: 'date' | 'buddhistYear' | 'dateRange';
  message: { th: string; en: string };
}

/**
 * Why an ISO `YYYY-MM-DD` (Gregorian) cannot be a Kasian date, or null when it can. A year that is a Buddhist-era
 * year of these times (2443–2742) is the usual slip — พ.ศ. typed where ค.ศ. belongs — and is named as such.
 */
export function gregorianDateProblem(value: string): DateProblem | null {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || !date.toISOString().startsWith(value)) {
    return { rule: 'date', message: { th: 'วันที่ไม่ถูกต้อง', en: 'Not a valid date' } };
  }
  const year = date.getUTCFullYear();
  if (year >= DATE_YEARS.first + BUDDHIST_ERA_OFFSET && year <= DATE_YEARS.last + BUDDHIST_ERA_OFFSET) {
    const gregorian = year - BUDDHIST_ERA_OFFSET;
    return {
      rule: 'buddhistYear',
      message: {
        th: `ปี ${year} เป็นปี พ.ศ. วันที่ต้องใช้ปี ค.ศ. (${gregorian})`,
        en: `${year} is a Buddhist-era year; dates take the Gregorian year (${gregorian})`,
      },
    };
  }
  if (year < DATE_YEARS.first || year > DATE_YEARS.last) {
    return {
      rule: 'dateRange',
      message: { th: `ปีต้องอยู่ระหว่าง ค.ศ. ${DATE_YEARS.first} ถึง ${DATE_YEARS.last}`, en: `The year must be between ${DATE_YEARS.first} and ${DATE_YEARS.last}` },
    };
  }
  return null;
}

const THAI_DATE = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: THAI_TIME_ZONE });
const THAI_DATE_TIME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: THAI_TIME_ZONE,
});

/** A Date, an ISO timestamp, or a YYYY-MM-DD date (read as noon in Bangkok); null for anything else. */
export function dateOf(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const date = new Date(value.length === 10 ? `${value}T12:00:00+07:00` : value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** ๔ เมษายน ๒๕๖๖ (Thai digits) — pass "arabic" for Arabic digits. */
export function thaiDate(value: unknown, numerals?: unknown): string {
  const date = dateOf(value);
  if (!date) return '';
  return withNumerals(THAI_DATE.format(date), numerals === 'arabic' ? 'arabic' : 'thai');
}

/** Day, short month, Buddhist year and time, in Bangkok time. */
export function thaiDateTime(value: unknown): string {
  const date = dateOf(value);
  return date ? THAI_DATE_TIME.format(date) : '';
}
