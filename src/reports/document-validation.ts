import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import schema from '../../docs/document-format.schema.json';
import schemaV1 from '../../docs/document-format-v1.schema.json';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { gregorianDateProblem } from '../common/thai-calendar';
import { ruleMessage } from '../common/validation';
import { DOCUMENT_FORMAT, type DocumentFormatVersion, type KasianDocument, type ReportSection } from './document-format';
import { sanitizeRichText, visibleLength } from './rich-text';

/** Limits beyond what the JSON Schema can say. */
export const MAX_ROWS_PER_TABLE = 300;
/** Characters a reader sees in one rich-text field (tags and entities are not counted). */
export const MAX_RICH_TEXT_CHARACTERS = 10000;

const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: false });
addFormats(ajv);
const validateDocumentSchema = ajv.compile<KasianDocument>(schema);
const validateVersion1 = ajv.compile<KasianDocument>(schemaV1);

/** The schema a document is checked against: version 1 as it always was, anything else as the current version. */
function schemaFor(input: unknown) {
  return input && typeof input === 'object' && (input as { version?: unknown }).version === 1 ? validateVersion1 : validateDocumentSchema;
}

/**
 * The lowest format version that can say what a (valid) document says: 1 when it uses nothing of version 2, so a
 * version 1 document exports exactly as it was imported.
 */
export function lowestFormatVersion(document: Pick<KasianDocument, 'report' | 'memo'>): DocumentFormatVersion {
  return validateVersion1({ format: DOCUMENT_FORMAT, version: 1, report: document.report, memo: document.memo }) ? 1 : 2;
}

const TYPE_NAMES: Record<string, { th: string; en: string }> = {
  string: { th: 'ต้องเป็นข้อความ', en: 'must be text' },
  number: { th: 'ต้องเป็นตัวเลข', en: 'must be a number' },
  integer: { th: 'ต้องเป็นจำนวนเต็ม', en: 'must be a whole number' },
  array: { th: 'ต้องเป็นรายการ', en: 'must be a list' },
  object: { th: 'ต้องเป็นออบเจกต์', en: 'must be an object' },
  boolean: { th: 'ต้องเป็นจริงหรือเท็จ', en: 'must be true or false' },
};

function pathOf(instancePath: string, ...more: string[]): string {
  return [...instancePath.split('/').slice(1), ...more].filter(Boolean).join('.');
}

function problemOf(error: ErrorObject): FieldProblem | null {
  const p = error.params as Record<string, unknown>;
  const at = (rule: string, message: { th: string; en: string } | undefined, ...more: string[]): FieldProblem => ({
    field: pathOf(error.instancePath, ...more) || '(document)',
    rule,
    message: message ?? { th: 'ค่าไม่ถูกต้อง', en: error.message ?? 'is invalid' },
  });
  switch (error.keyword) {
    case 'required':
      return at('required', ruleMessage('isDefined'), String(p.missingProperty));
    case 'additionalProperties':
      return at('unknownField', ruleMessage('whitelistValidation'), String(p.additionalProperty));
    case 'maxLength':
      return at('maxLength', ruleMessage('maxLength', p.limit));
    case 'minLength':
      return at('minLength', Number(p.limit) === 1 ? ruleMessage('isNotEmpty') : ruleMessage('minLength', p.limit));
    case 'maximum':
      return at('max', ruleMessage('max', p.limit));
    case 'minimum':
      return at('min', ruleMessage('min', p.limit));
    case 'maxItems':
      return at('maxItems', ruleMessage('arrayMaxSize', p.limit));
    case 'minItems':
      return at('minItems', ruleMessage('arrayMinSize', p.limit));
    case 'type':
      return at('type', TYPE_NAMES[String(p.type)]);
    case 'enum':
      return at('enum', ruleMessage('isIn', p.allowedValues));
    case 'const':
      return at('const', ruleMessage('isIn', [p.allowedValue]));
    case 'discriminator':
      return at('sectionType', { th: 'ชนิดของส่วนนี้ไม่ถูกต้อง (narrative, ita_results, ita_scores, issue หรือ measures_table)', en: 'unknown section type' }, 'type');
    case 'format':
    case 'pattern':
      return at('format', ruleMessage('matches'));
    case 'oneOf':
      return null;
    default:
      return at(error.keyword, undefined);
  }
}

type RichTextVisitor = (value: string, path: string) => string;

/** Calls `visit` on every rich-text field of the report and stores what it returns. */
function mapRichText(sections: ReportSection[], visit: RichTextVisitor): void {
  sections.forEach((section, i) => {
    const at = `report.sections.${i}`;
    switch (section.type) {
      case 'narrative':
        section.body = visit(section.body, `${at}.body`);
        break;
      case 'ita_results':
      case 'ita_scores':
        if (section.note !== undefined) section.note = visit(section.note, `${at}.note`);
        break;
      case 'issue':
        if (section.sourceQuestion !== undefined) section.sourceQuestion = visit(section.sourceQuestion, `${at}.sourceQuestion`);
        if (section.facts !== undefined) section.facts = visit(section.facts, `${at}.facts`);
        break;
      case 'measures_table':
        section.groups.forEach((group, g) =>
          group.rows.forEach((row, r) => {
            row.cells = row.cells.map((cell, c) => visit(cell, `${at}.groups.${g}.rows.${r}.cells.${c}`));
          }),
        );
        break;
    }
  });
}

function tableProblems(sections: ReportSection[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  sections.forEach((section, i) => {
    if (section.type !== 'measures_table') return;
    const rows = section.groups.reduce((n, g) => n + g.rows.length, 0);
    if (rows > MAX_ROWS_PER_TABLE) {
      problems.push({
        field: `report.sections.${i}.groups`,
        rule: 'maxRows',
        message: { th: `ตารางหนึ่งมีได้ไม่เกิน ${MAX_ROWS_PER_TABLE} แถว (มี ${rows} แถว)`, en: `a table may have at most ${MAX_ROWS_PER_TABLE} rows (it has ${rows})` },
      });
    }
    section.groups.forEach((group, g) =>
      group.rows.forEach((row, r) => {
        if (row.cells.length !== section.columns.length) {
          problems.push({
            field: `report.sections.${i}.groups.${g}.rows.${r}.cells`,
            rule: 'cellCount',
            message: {
              th: `จำนวนช่องต้องเท่ากับจำนวนคอลัมน์ (${section.columns.length})`,
              en: `must have one cell per column (${section.columns.length})`,
            },
          });
        }
      }),
    );
  });
  return problems;
}

/**
 * Checks a document against the format and Kasian's limits and returns it with every rich-text field sanitized.
 * Throws a 400 `DomainError` naming each offending field; the input is not modified.
 */
export function validateDocument(input: unknown): KasianDocument {
  const validate = schemaFor(input);
  if (!validate(input)) {
    const problems = (validate.errors ?? []).map(problemOf).filter((p): p is FieldProblem => p !== null);
    throw DomainError.validation(problems);
  }
  const document = structuredClone(input);
  const problems = tableProblems(document.report.sections);
  const dated = document.memo.date === undefined ? null : gregorianDateProblem(document.memo.date);
  if (dated) problems.push({ field: 'memo.date', ...dated });
  mapRichText(document.report.sections, (value, path) => {
    const { html, refused } = sanitizeRichText(value);
    const seen = visibleLength(html);
    if (seen > MAX_RICH_TEXT_CHARACTERS) {
      problems.push({
        field: path,
        rule: 'maxLength',
        message: ruleMessage('maxLength', MAX_RICH_TEXT_CHARACTERS) ?? { th: `ยาวได้ไม่เกิน ${MAX_RICH_TEXT_CHARACTERS} ตัวอักษร`, en: `must be at most ${MAX_RICH_TEXT_CHARACTERS} characters` },
      });
    }
    if (refused) {
      problems.push({
        field: path,
        rule: 'unsafeHtml',
        message: {
          th: `มีเนื้อหาที่ไม่อนุญาต (${refused}) ใช้ได้เฉพาะย่อหน้า รายการ ตัวหนา และขีดเส้นใต้`,
          en: `contains content that is not allowed (${refused}); only paragraphs, lists, bold and underline`,
        },
      });
    }
    return html;
  });
  if (problems.length > 0) throw DomainError.validation(problems);
  return document;
}
