import { withNumerals } from '../common/thai-calendar';

export type Numerals = 'thai' | 'arabic';

const DATE = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });

/** "๔ เมษายน ๒๕๖๖" (Thai digits) or "4 เมษายน 2566": the Buddhist calendar from Intl, never hand-rolled. */
export function formatThaiDate(iso: string, numerals: Numerals): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+07:00` : iso);
  if (Number.isNaN(date.getTime())) return '';
  return withNumerals(DATE.format(date), numerals);
}

/** A score as printed in ITA tables: always two decimals ("๘๑.๐๐"). */
export function formatScore(score: number | undefined, numerals: Numerals): string {
  return score === undefined ? '' : withNumerals(score.toFixed(2), numerals);
}

export { withNumerals };
