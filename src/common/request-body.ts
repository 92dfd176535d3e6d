import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from './domain-error';

/** The bodies Kasian reads: JSON for the API, forms for the pages, multipart for uploads (on their routes). */
const READABLE_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** Deeper than any document Kasian exchanges (about ten levels), far shallower than what overflows the stack. */
export const MAX_BODY_DEPTH = 32;

/** Keys that name an object's prototype machinery rather than data; Nest's pipe would drop them unseen. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const unsupportedMediaType = () =>
  new DomainError(
    ErrorCode.UnsupportedMediaType,
    { th: 'รูปแบบข้อมูลที่ส่งมาไม่รองรับ ใช้ JSON (application/json) หรือแบบฟอร์ม', en: 'Unsupported content type: send JSON (application/json) or a form' },
    [{ field: 'Content-Type', rule: 'contentType', message: { th: 'ต้องเป็น application/json, application/x-www-form-urlencoded หรือ multipart/form-data', en: 'must be application/json, application/x-www-form-urlencoded or multipart/form-data' } }],
  );

/**
 * A body in a type no parser reads would reach the handler as no body at all, and an update would then look like
 * "nothing sent": it is refused instead. Runs before the body parsers.
 */
export function refuseUnreadableBodies(request: Request, _response: Response, next: NextFunction): void {
  // `Content-Length: 0` is no body (type-is counts it as one): a POST without a body needs no content type.
  const empty = request.headers['content-length'] === '0' && request.headers['transfer-encoding'] === undefined;
  next(!empty && request.is(READABLE_TYPES) === false ? unsupportedMediaType() : undefined);
}

/** body-parser's errors (they carry `type`) as domain errors; other errors pass on unchanged. */
export function bodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  next(domainErrorOf(error as { type?: unknown; status?: unknown }) ?? error);
}

function domainErrorOf(error: { type?: unknown; status?: unknown }): DomainError | undefined {
  switch (error?.type) {
    case 'entity.parse.failed':
      return DomainError.field('body', 'json', 'ข้อมูลไม่ใช่ JSON ที่ถูกต้อง', 'The body is not valid JSON');
    case 'entity.too.large':
    case 'parameters.too.many':
      return new DomainError(ErrorCode.PayloadTooLarge, { th: 'ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด', en: 'The request body is too large' });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError(ErrorCode.UnsupportedMediaType, {
        th: 'ไม่รองรับการเข้ารหัสของข้อมูลที่ส่งมา ใช้ UTF-8',
        en: 'Unsupported charset or content encoding: send UTF-8',
      });
    default:
      if (typeof error?.type === 'string' && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return new DomainError(ErrorCode.ValidationFailed, { th: 'อ่านข้อมูลที่ส่งมาไม่ได้', en: 'The request body could not be read' });
      }
      return undefined;
  }
}

/**
 * A parsed JSON or form body must be an object, nested no deeper than `MAX_BODY_DEPTH`, without prototype keys.
 * Walked without recursion: a body nested thousands deep overflowed the stack of the validation pipe (500).
 */
export function refuseHostileBodies(request: Request, _response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  if (body === undefined || !request.is(['application/json', 'application/x-www-form-urlencoded'])) return next();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return next(DomainError.field('body', 'isObject', 'ข้อมูลที่ส่งมาต้องเป็นออบเจกต์ JSON', 'The body must be a JSON object'));
  }
  const pending: { value: object; path: string; depth: number }[] = [{ value: body, path: '', depth: 1 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (depth > MAX_BODY_DEPTH) {
      return next(DomainError.field(path || 'body', 'maxDepth', `ข้อมูลซ้อนกันได้ไม่เกิน ${MAX_BODY_DEPTH} ชั้น`, `must not be nested more than ${MAX_BODY_DEPTH} levels deep`));
    }
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return next(DomainError.field(at, 'unknownField', 'ไม่รู้จักช่องนี้', 'unknown field'));
      if (typeof child === 'object' && child !== null) pending.push({ value: child as object, path: at, depth: depth + 1 });
    }
  }
  next();
}
