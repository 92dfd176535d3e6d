import { OmitType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldProblem } from '../common/domain-error';
import { parseCsv } from '../common/csv';
import { fieldProblems } from '../common/validation';
import { ORGANIZATION_KINDS, type NumeralStyle, type OrganizationKind } from '../identity/organization.entity';
import { CreatePlatformOrganizationDto } from './platform-organization.dto';

/** One line of an import: the organisation it describes, as the single-organisation API takes it (no admin). */
export class ImportedOrganizationDto extends OmitType(CreatePlatformOrganizationDto, ['adminHonorific', 'adminFullName', 'adminEmail', 'adminUsername'] as const) {}

/** The columns, each with the headers it may go by (Thai or English; case, spaces, dots, "_" and "-" ignored). */
export const IMPORT_COLUMNS = {
  dlaCode: { required: true, th: 'รหัส อปท.', headers: ['dla_code', 'dla', 'รหัส อปท.', 'รหัส'] },
  name: { required: true, th: 'ชื่อ อปท.', headers: ['name', 'ชื่อ', 'ชื่อ อปท.', 'ชื่อหน่วยงาน'] },
  kind: { required: true, th: 'ประเภท', headers: ['kind', 'type', 'ประเภท'] },
  province: { required: true, th: 'จังหวัด', headers: ['province', 'จังหวัด'] },
  district: { required: true, th: 'อำเภอ', headers: ['district', 'อำเภอ'] },
  letterCode: { required: false, th: 'รหัสหนังสือ', headers: ['letter_code', 'รหัสหนังสือ', 'อักษรย่อหนังสือ'] },
  slug: { required: false, th: 'ชื่อในที่อยู่เว็บ', headers: ['slug', 'ชื่อในที่อยู่เว็บ', 'ชื่อย่อเว็บไซต์'] },
  numerals: { required: false, th: 'ตัวเลข', headers: ['numerals', 'ตัวเลข'] },
  shortName: { required: false, th: 'ชื่อย่อ', headers: ['short_name', 'ชื่อย่อ'] },
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export const MAX_IMPORT_LINES = 20_000;

const normalise = (text: string) => text.normalize('NFC').toLowerCase().replace(/[\s._-]+/g, '');

const KIND_WORDS: Record<string, OrganizationKind> = Object.fromEntries(
  (Object.entries(ORGANIZATION_KINDS) as [OrganizationKind, { th: string; short: string }][]).flatMap(([kind, names]) => [
    [normalise(kind), kind],
    [normalise(names.th), kind],
    [normalise(names.short), kind],
  ]),
);
const NUMERAL_WORDS: Record<string, NumeralStyle> = { thai: 'thai', ไทย: 'thai', เลขไทย: 'thai', arabic: 'arabic', อารบิก: 'arabic', เลขอารบิก: 'arabic' };

export interface ImportLine {
  line: number;
  organization: ImportedOrganizationDto;
}

export interface ParsedImport {
  lines: ImportLine[];
  problems: FieldProblem[];
}

/** `line`'s problem with `column`, in Thai and English, naming both. */
export function lineProblem(line: number, column: ImportColumn, rule: string, message: { th: string; en: string }): FieldProblem {
  return {
    field: `lines.${line}.${column}`,
    rule,
    message: { th: `บรรทัดที่ ${line} ช่อง ${IMPORT_COLUMNS[column].th} (${column}): ${message.th}`, en: `line ${line}, ${column}: ${message.en}` },
  };
}

/** Reads the file's lines into organisations, and what is wrong with each line (nothing is looked up here). */
export function parseOrganizationImport(text: string): ParsedImport {
  const records = parseCsv(text);
  const problems: FieldProblem[] = [];
  if (records.length < 2) {
    return { lines: [], problems: [{ field: 'file', rule: 'empty', message: { th: 'ไฟล์ไม่มีข้อมูล ต้องมีบรรทัดหัวตารางและอย่างน้อยหนึ่งบรรทัด', en: 'The file has no lines besides the header' } }] };
  }
  if (records.length - 1 > MAX_IMPORT_LINES) {
    return { lines: [], problems: [{ field: 'file', rule: 'maxLines', message: { th: `นำเข้าได้ครั้งละไม่เกิน ${MAX_IMPORT_LINES} บรรทัด`, en: `At most ${MAX_IMPORT_LINES} lines per import` } }] };
  }
  const header = records[0].fields.map(normalise);
  const index = {} as Record<ImportColumn, number>;
  for (const [column, spec] of Object.entries(IMPORT_COLUMNS) as [ImportColumn, (typeof IMPORT_COLUMNS)[ImportColumn]][]) {
    index[column] = header.findIndex((h) => spec.headers.some((name) => normalise(name) === h));
    if (index[column] < 0 && spec.required) {
      problems.push({ field: `header.${column}`, rule: 'required', message: { th: `หัวตารางไม่มีคอลัมน์ ${spec.th} (${column})`, en: `The header has no ${column} column` } });
    }
  }
  if (problems.length) return { lines: [], problems };

  const lines: ImportLine[] = [];
  const seen = { dlaCode: new Map<string, number>(), slug: new Map<string, number>() };
  for (const record of records.slice(1)) {
    const cell = (column: ImportColumn) => (index[column] >= 0 ? (record.fields[index[column]] ?? '').trim() : '');
    const kindText = cell('kind');
    const numeralsText = cell('numerals');
    const dlaCode = cell('dlaCode');
    const raw = {
      dlaCode,
      name: cell('name'),
      kind: KIND_WORDS[normalise(kindText)] ?? kindText,
      province: cell('province'),
      district: cell('district'),
      letterCode: cell('letterCode'),
      slug: cell('slug').toLowerCase() || dlaCode,
      ...(numeralsText ? { numerals: NUMERAL_WORDS[normalise(numeralsText)] ?? numeralsText } : {}),
      ...(cell('shortName') ? { shortName: cell('shortName') } : {}),
    };
    const dto = plainToInstance(ImportedOrganizationDto, raw);
    const found = fieldProblems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }))
      // The letter code may be left for the organisation's admin to fill in.
      .filter((p) => !(p.field === 'letterCode' && raw.letterCode === ''));
    for (const problem of found) problems.push(lineProblem(record.line, problem.field as ImportColumn, problem.rule, problem.message));
    for (const column of ['dlaCode', 'slug'] as const) {
      const earlier = seen[column].get(raw[column]);
      if (raw[column] && earlier !== undefined) {
        problems.push(lineProblem(record.line, column, 'unique', { th: `ซ้ำกับบรรทัดที่ ${earlier}`, en: `repeats line ${earlier}` }));
      } else seen[column].set(raw[column], record.line);
    }
    lines.push({ line: record.line, organization: dto });
  }
  return { lines, problems };
}
