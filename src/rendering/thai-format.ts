import type { Numerals } from './render-model';

/**
 * Numbers and dates Kasian generates, written the organisation's way. Everything comes from Intl (ICU): the
 * Buddhist calendar, Thai month names and Thai digits are never hand-rolled. Text people typed is not passed here.
 */

const TIME_ZONE = 'Asia/Bangkok';

const dateFormats: Record<Numerals, Intl.DateTimeFormat> = {
  thai: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE, numberingSystem: 'thai' }),
  arabic: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE, numberingSystem: 'latn' }),
};

const integerFormats: Record<Numerals, Intl.NumberFormat> = {
  thai: new Intl.NumberFormat('th-TH', { numberingSystem: 'thai', useGrouping: false, maximumFractionDigits: 20 }),
  arabic: new Intl.NumberFormat('th-TH', { numberingSystem: 'latn', useGrouping: false, maximumFractionDigits: 20 }),
};

const scoreFormats: Record<Numerals, Intl.NumberFormat> = {
  thai: new Intl.NumberFormat('th-TH', { numberingSystem: 'thai', useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  arabic: new Intl.NumberFormat('th-TH', { numberingSystem: 'latn', useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** "0".."9" in each numbering system, as ICU writes them. */
const DIGITS: Record<Numerals, string[]> = {
  thai: Array.from({ length: 10 }, (_, d) => integerFormats.thai.format(d)),
  arabic: Array.from({ length: 10 }, (_, d) => integerFormats.arabic.format(d)),
};
const ANY_DIGIT = new RegExp(`[${DIGITS.arabic.join('')}${DIGITS.thai.join('')}]`, 'gu');

/**
 * A generated number, or generated text containing numbers ("1)", "ปี 2567"), in the given numerals.
 * Digits of the other system are converted too, so the result never mixes the two.
 */
export function toNumerals(value: string | number, style: Numerals): string {
  if (typeof value === 'number') return integerFormats[style].format(value);
  const target = DIGITS[style];
  return value.replace(ANY_DIGIT, (digit) => {
    const arabic = DIGITS.arabic.indexOf(digit);
    return target[arabic >= 0 ? arabic : DIGITS.thai.indexOf(digit)];
  });
}

/**
 * "๔ เมษายน ๒๕๖๖" or "4 เมษายน 2566". A date-only ISO string is that calendar day; a date-time is the day it was
 * in Thailand. Returns '' for a string that is not a date.
 */
export function formatThaiDate(iso: string, style: Numerals): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+07:00` : iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormats[style].format(date);
}

/** An ITA score as printed in score tables: always two decimals ("๘๑.๐๐", "97.50"). */
export function formatScore(score: number, style: Numerals): string {
  return scoreFormats[style].format(score);
}
