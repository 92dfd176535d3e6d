import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { buildMessage, getMetadataStorage, ValidateBy, ValidateIf, validateSync, type ValidationOptions } from 'class-validator';
import { DomainError, FieldProblem } from './domain-error';

type Template = (arg: unknown) => { th: string; en: string };

/** Thai and English wording for each class-validator rule Kasian uses. */
const templates: Record<string, Template> = {
  whitelistValidation: () => ({ th: 'ไม่รู้จักช่องนี้', en: 'unknown field' }),
  isDefined: () => ({ th: 'ต้องระบุ', en: 'is required' }),
  isNotEmpty: () => ({ th: 'ต้องไม่เว้นว่าง', en: 'must not be empty' }),
  isString: () => ({ th: 'ต้องเป็นข้อความ', en: 'must be text' }),
  isInt: () => ({ th: 'ต้องเป็นจำนวนเต็ม', en: 'must be a whole number' }),
  isNumber: () => ({ th: 'ต้องเป็นตัวเลข', en: 'must be a number' }),
  isBoolean: () => ({ th: 'ต้องเป็นจริงหรือเท็จ', en: 'must be true or false' }),
  isArray: () => ({ th: 'ต้องเป็นรายการ', en: 'must be a list' }),
  isObject: () => ({ th: 'ต้องเป็นออบเจกต์', en: 'must be an object' }),
  isEmail: () => ({ th: 'ต้องเป็นอีเมลที่ถูกต้อง', en: 'must be a valid email address' }),
  isUrl: () => ({ th: 'ต้องเป็นที่อยู่เว็บ (URL) ที่ถูกต้อง', en: 'must be a valid URL' }),
  isUuid: () => ({ th: 'รหัสอ้างอิงไม่ถูกต้อง', en: 'must be a valid id' }),
  isDateString: () => ({ th: 'ต้องเป็นวันที่รูปแบบ ปปปป-ดด-วว', en: 'must be a date (YYYY-MM-DD)' }),
  isIso8601: () => ({ th: 'ต้องเป็นวันที่รูปแบบ ปปปป-ดด-วว', en: 'must be a date (YYYY-MM-DD)' }),
  isIn: (arg) => ({
    th: `ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: ${(arg as unknown[]).join(', ')}`,
    en: `must be one of: ${(arg as unknown[]).join(', ')}`,
  }),
  isEnum: (arg) => ({
    th: `ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: ${Object.values(arg as object).join(', ')}`,
    en: `must be one of: ${Object.values(arg as object).join(', ')}`,
  }),
  maxLength: (n) => ({ th: `ยาวได้ไม่เกิน ${n} ตัวอักษร`, en: `must be at most ${n} characters` }),
  minLength: (n) => ({ th: `ต้องยาวอย่างน้อย ${n} ตัวอักษร`, en: `must be at least ${n} characters` }),
  max: (n) => ({ th: `ต้องไม่เกิน ${n}`, en: `must not be greater than ${n}` }),
  min: (n) => ({ th: `ต้องไม่น้อยกว่า ${n}`, en: `must not be less than ${n}` }),
  arrayMaxSize: (n) => ({ th: `มีได้ไม่เกิน ${n} รายการ`, en: `must have at most ${n} items` }),
  arrayMinSize: (n) => ({ th: `ต้องมีอย่างน้อย ${n} รายการ`, en: `must have at least ${n} items` }),
  arrayUnique: () => ({ th: 'ต้องไม่มีค่าซ้ำกัน', en: 'must not contain duplicates' }),
  matches: () => ({ th: 'รูปแบบไม่ถูกต้อง', en: 'has the wrong format' }),
  nestedValidation: () => ({ th: 'ต้องเป็นออบเจกต์ที่ถูกต้อง', en: 'must be a valid object' }),
};

/**
 * Thai and English wording of a rule (class-validator's names); `arg` is the rule's argument, e.g. a length. A rule
 * that needs its argument and did not get it has no wording here: the caller falls back to class-validator's.
 */
export function ruleMessage(rule: string, arg?: unknown): { th: string; en: string } | undefined {
  const template = templates[rule];
  if (!template || (template.length > 0 && arg === undefined)) return undefined;
  return template(arg);
}

/** The length of a text as MySQL/MariaDB's utf8mb4 VARCHAR(n) and the document JSON Schema count it: in code points. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/**
 * At most `max` characters, counted as the database counts them (code points). class-validator's own `MaxLength`
 * does not count a variation selector (the second half of ❤️), so 200 such emoji passed a 200-character limit and
 * overflowed the column.
 */
export function MaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value) => typeof value === 'string' && codePointLength(value) <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be shorter than or equal to $constraint1 characters`, options),
      },
    },
    options,
  );
}

/**
 * The field may be left out; sent as null it is checked like any other value (so `@IsString()` refuses it). For
 * updates of columns that cannot be NULL, where `@IsOptional()` would let a null through to the database.
 */
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** An update that names no field changes nothing: it is refused, so that a body sent in a form Kasian does not read is not taken for "no change". */
export function requireSomethingToChange(update: object): void {
  if (Object.values(update).every((value) => value === undefined)) {
    throw DomainError.field('body', 'empty', 'ไม่มีข้อมูลที่จะแก้ไข กรุณาส่งอย่างน้อยหนึ่งช่อง', 'Nothing to change: send at least one field');
  }
}

/** Checks a form's values against a DTO (the same rules as the API) and returns the typed object; pages use it. */
export function validateInput<T extends object>(type: new () => T, input: Record<string, unknown>): T {
  const dto = plainToInstance(type, input);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw DomainError.validation(fieldProblems(errors));
  return dto;
}

/** The argument a rule was declared with (e.g. 250 for `@MaxLength(250)`), read from class-validator's metadata. */
function ruleArgument(error: ValidationError, rule: string): unknown {
  if (!error.target) return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(error.target.constructor, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === rule);
  return metadata?.constraints?.[0];
}

export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [rule, english] of Object.entries(error.constraints ?? {})) {
      const message = ruleMessage(rule, ruleArgument(error, rule)) ?? {
        th: 'ค่าไม่ถูกต้อง',
        en: english.replace(new RegExp(`^${error.property}\\s*`), ''),
      };
      problems.push({ field, rule, message });
    }
    if (error.children?.length) problems.push(...fieldProblems(error.children, field));
  }
  return problems;
}

/** The global pipe: unknown fields are refused, each problem is reported against its field in Thai and English. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => DomainError.validation(fieldProblems(errors)),
  });
}
