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
