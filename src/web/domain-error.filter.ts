import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { appConfig, type AppConfig } from '../config/configuration';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DatabaseOutage } from '../database/database-outage';
import { storageProblemOf, storageUnavailable } from '../storage/storage-errors';
import { PageRenderer } from './page-renderer';
import { DomainError, ErrorCode, fieldProblemBody } from '../common/domain-error';
import { statusOf } from '../common/error-status';
import { securityEvent } from '../common/security-log';
import { answerUnavailable, DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, wantsPage } from '../common/unavailable';

/** What a refused page says at the top, by status; the error's own Thai message follows. */
const PAGE_HEADINGS: Record<number, string> = {
  400: 'ข้อมูลไม่ถูกต้อง',
  401: 'กรุณาเข้าสู่ระบบ',
  403: 'คุณไม่มีสิทธิ์ทำรายการนี้',
  404: 'ไม่พบหน้าที่ต้องการ',
  409: 'ทำรายการนี้ไม่ได้ในขณะนี้',
  410: 'หน้านี้ไม่มีให้บริการแล้ว',
  413: 'ข้อมูลมีขนาดใหญ่เกินกำหนด',
  415: 'รูปแบบข้อมูลไม่ถูกต้อง',
  429: 'มีคำขอมากเกินไป',
  503: 'ระบบไม่พร้อมให้บริการชั่วคราว',
};

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

export function databaseUnavailable(): DomainError {
  return new DomainError(ErrorCode.DatabaseUnavailable, DATABASE_UNAVAILABLE.message, [], { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/**
 * Every refusal, mapped once: the status from `statusOf`, the body JSON for the API (and scripts) and a Thai page for
 * people's browsers, with the same message, request id and Retry-After.
 */
@Catch()
@Injectable()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly pages: PageRenderer,
    private readonly outage: DatabaseOutage,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    // Answered already: by the request deadline (the handler finished too late), or mid-stream.
    if (response.headersSent) {
      if (!response.writableEnded) response.destroy();
      return;
    }
    const error = this.domainErrorOf(exception);
    if (!error) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
      if (wantsPage(request)) {
        response.status(HttpStatus.INTERNAL_SERVER_ERROR).type('html').send(
          this.pages.render('staff/refused', { pageTitle: 'เกิดข้อผิดพลาด · เกษียน', heading: 'เกิดข้อผิดพลาดภายในระบบ', message: 'ระบบบันทึกข้อผิดพลาดไว้แล้ว กรุณาลองใหม่ หากยังไม่ได้ โปรดแจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิงด้านล่าง', retryAfter: null, requestId: request.id ?? '', status: 500 }),
        );
        return;
      }
      response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: 'เกิดข้อผิดพลาดภายในระบบ',
        messageEn: 'Internal error',
        requestId: request.id,
      });
      return;
    }
    if (error.code === ErrorCode.Forbidden) securityEvent('access.forbidden', { reason: error.userMessage.en });
    if (error.code === ErrorCode.CsrfFailed) securityEvent('csrf.refused');
    if (error.code === ErrorCode.StorageUnavailable) {
      this.logger.error({ event: 'storage.unavailable', requestId: request.id, ...error.details, err: exception }, `data folder ${String(error.details['problem'])}: ${String(error.details['path'])}`);
    }
    const redirect = error.details['redirect'];
    if (typeof redirect === 'string' && redirect.startsWith('/')) {
      response.redirect(303, redirect);
      return;
    }
    const status = statusOf(error.code);
    const retryAfter = error.details['retryAfterSeconds'];
    if (error.code === ErrorCode.DatabaseUnavailable) {
      answerUnavailable(request, response, DATABASE_UNAVAILABLE);
      return;
    }
    if ((status === 503 || status === 507) && wantsPage(request)) {
      answerUnavailable(request, response, {
        status,
        code: error.code,
        title: status === 507 ? 'บันทึกข้อมูลไม่ได้' : 'ระบบขัดข้องชั่วคราว',
        message: error.userMessage,
        retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : RETRY_AFTER_SECONDS,
      });
      return;
    }
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    if (wantsPage(request)) {
      response.status(status).type('html').send(
        this.pages.render('staff/refused', {
          pageTitle: `${PAGE_HEADINGS[status] ?? 'ทำรายการไม่สำเร็จ'} · เกษียน`,
          heading: PAGE_HEADINGS[status] ?? 'ทำรายการไม่สำเร็จ',
          message: error.userMessage.th,
          retryAfter: typeof retryAfter === 'number' ? retryAfter : null,
          requestId: request.id ?? '',
          status,
        }),
      );
      return;
    }
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

  /** The error as people are told it; null for a bug (500, logged with its stack). */
  private domainErrorOf(exception: unknown): DomainError | null {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isDatabaseUnavailable(exception)) {
      this.outage.report(exception);
      return databaseUnavailable();
    }
    // The embedded database's file on a full or read-only data folder.
    const problem = storageProblemOf(exception);
    return problem ? storageUnavailable(problem, this.config.dataDir) : null;
  }
}
