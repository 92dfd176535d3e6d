/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), also after a tab or return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field as a spreadsheet will read it: quoted when it holds a quote, comma or line break, and, when it would
 * start a formula (=, +, -, @, tab, carriage return), written with a leading apostrophe so that Excel, LibreOffice and
 * Google Sheets show the text instead of running it.
 */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
