import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, fieldProblemBody } from './domain-error';

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.CsrfFailed:
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.VersionConflict:
    case ErrorCode.InvalidTransition:
      return HttpStatus.CONFLICT;
    case ErrorCode.Gone:
      return HttpStatus.GONE;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

/** Framework errors that reach the filter without being domain errors (unknown routes, upload limits …); body-parser's are mapped by `bodyParserErrors`. */
function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return DomainError.notFound();
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return new DomainError(ErrorCode.PayloadTooLarge, {
        th: 'ข้อมูลที่ส่งมามีขนาดใหญ่เกินกำหนด',
        en: 'The request body is too large',
      });
    case HttpStatus.UNAUTHORIZED:
      return new DomainError(ErrorCode.Unauthenticated, { th: 'กรุณาเข้าสู่ระบบ', en: 'Please sign in' });
    case HttpStatus.FORBIDDEN:
      return DomainError.forbidden();
    case HttpStatus.TOO_MANY_REQUESTS:
      return new DomainError(ErrorCode.TooManyRequests, {
        th: 'มีคำขอมากเกินไป กรุณาลองใหม่ภายหลัง',
        en: 'Too many requests, try again later',
      });
    case HttpStatus.SERVICE_UNAVAILABLE:
      return new DomainError(
        ErrorCode.Unavailable,
        { th: 'ระบบไม่พร้อมให้บริการชั่วคราว', en: 'Service unavailable' },
        [],
        { response: exception.getResponse() },
      );
    default:
      return new DomainError(ErrorCode.ValidationFailed, {
        th: 'คำขอไม่ถูกต้อง',
        en: exception.message || 'Bad request',
      });
  }
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    let error: DomainError;
    if (exception instanceof DomainError) {
      error = exception;
    } else if (exception instanceof HttpException) {
      error = fromHttpException(exception);
    } else {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
      response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: 'เกิดข้อผิดพลาดภายในระบบ',
        messageEn: 'Internal error',
        requestId: request.id,
      });
      return;
    }
    const redirect = error.details['redirect'];
    if (typeof redirect === 'string' && redirect.startsWith('/')) {
      response.redirect(303, redirect);
      return;
    }
    const status = statusOf(error.code);
    const retryAfter = error.details['retryAfterSeconds'];
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json({
      statusCode: status,
      code: error.code,
      message: error.userMessage.th,
      messageEn: error.userMessage.en,
      ...(error.fields.length > 0
        ? {
            fields: error.fields.map(fieldProblemBody),
          }
        : {}),
      ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
      requestId: request.id,
    });
  }
}
