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

/**
 * RFC 4180 CSV: fields separated by commas, lines by CRLF or LF, a field in double quotes may hold commas, line
 * breaks and doubled quotes. A UTF-8 byte order mark at the start (Excel's "CSV UTF-8") is dropped. Returns each
 * record with the line number it starts on (1 = the first line), so that problems can name the line a person sees.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  // Blank lines (a trailing newline, an empty line in between) are no records.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
}
