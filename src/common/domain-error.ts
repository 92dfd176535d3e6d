/**
 * Every error a service may raise on purpose. Services throw `DomainError`s, never HTTP exceptions;
 * `DomainErrorFilter` maps each code to an HTTP status in one exhaustive switch.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  CsrfFailed = 'CSRF_FAILED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  InvalidTransition = 'INVALID_TRANSITION',
  Gone = 'GONE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  Unavailable = 'SERVICE_UNAVAILABLE',
  /** The database cannot be reached or did not answer in time (503, Retry-After). */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** The data folder is full or read-only (507). */
  StorageUnavailable = 'STORAGE_UNAVAILABLE',
}

/** A message for people, Thai first. */
export interface BilingualMessage {
  th: string;
  en: string;
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `sections.2.rows.0.cells.1`. */
  field: string;
  /** The rule that failed (`maxLength`, `required`, `unknownField`, …). */
  rule: string;
  message: BilingualMessage;
  /** What people call the field, where its path alone would not tell them (e.g. "ส่วนที่ 2 › คอลัมน์ที่ 6 › หัวคอลัมน์"). */
  label?: BilingualMessage;
}

/** A field problem as the API answers it (in `fields` of an error, or of a saved draft). */
export function fieldProblemBody(f: FieldProblem) {
  return {
    field: f.field,
    rule: f.rule,
    message: f.message.th,
    messageEn: f.message.en,
    ...(f.label ? { label: f.label.th, labelEn: f.label.en } : {}),
  };
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: BilingualMessage,
    readonly fields: FieldProblem[] = [],
    /** Extra machine-readable details (e.g. `retryAfterSeconds`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage.en}`);
    this.name = 'DomainError';
  }

  static notFound(what: BilingualMessage = { th: 'ไม่พบข้อมูลที่ต้องการ', en: 'Not found' }): DomainError {
    return new DomainError(ErrorCode.NotFound, what);
  }

  static forbidden(
    why: BilingualMessage = { th: 'คุณไม่มีสิทธิ์ทำรายการนี้', en: 'You are not allowed to do this' },
  ): DomainError {
    return new DomainError(ErrorCode.Forbidden, why);
  }

  static validation(fields: FieldProblem[]): DomainError {
    return new DomainError(
      ErrorCode.ValidationFailed,
      { th: 'ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบช่องที่ระบุ', en: 'Invalid input: check the fields listed' },
      fields,
    );
  }

  static field(field: string, rule: string, th: string, en: string): DomainError {
    return DomainError.validation([{ field, rule, message: { th, en } }]);
  }

  static conflict(why: BilingualMessage): DomainError {
    return new DomainError(ErrorCode.Conflict, why);
  }
}
