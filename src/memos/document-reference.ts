import { withNumerals } from '../common/thai-calendar';

/**
 * A document number as a reader can tell it apart: "นธ ๗๗๒๐๑/๑ (พ.ศ. ๒๕๖๙)". The printed ที่ carries no year and the
 * register restarts every calendar year, so wherever documents of several years are listed together the number is
 * shown with its register year, in the number's own digits.
 */
export function documentReference(documentNumber: string | null | undefined, registerYear: number | null | undefined): string {
  if (!documentNumber) return '';
  if (!registerYear) return documentNumber;
  const digits = /[๐-๙]/.test(documentNumber) ? 'thai' : 'arabic';
  return `${documentNumber} (พ.ศ. ${withNumerals(registerYear, digits)})`;
}
