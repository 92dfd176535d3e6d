import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { projectRoot } from './project-root';
import { requestIdOf } from './request-id';
import { ErrorCode, type BilingualMessage } from './domain-error';

/** What a refusal to answer right now says: why, and when to come back. */
export interface Unavailability {
  status: 503 | 507;
  code: ErrorCode;
  title: string;
  message: BilingualMessage;
  retryAfterSeconds: number;
}

export const RETRY_AFTER_SECONDS = 10;

export const DATABASE_UNAVAILABLE: Unavailability = {
  status: 503,
  code: ErrorCode.DatabaseUnavailable,
  title: 'ระบบขัดข้องชั่วคราว',
  message: {
    th: 'ขณะนี้ระบบติดต่อฐานข้อมูลไม่ได้ จึงยังให้บริการไม่ได้ ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย',
    en: 'The database cannot be reached right now; nothing already saved is lost. Try again shortly.',
  },
  retryAfterSeconds: RETRY_AFTER_SECONDS,
};

export const DEADLINE_PASSED: Unavailability = {
  status: 503,
  code: ErrorCode.Unavailable,
  title: 'ระบบตอบช้าเกินกำหนด',
  message: {
    th: 'ระบบใช้เวลาทำรายการนี้นานเกินกำหนด จึงหยุดรอไว้ก่อน',
    en: 'Kasian took too long to answer this request and stopped waiting. Try again shortly.',
  },
  retryAfterSeconds: RETRY_AFTER_SECONDS,
};

/** Standalone (no partials, no database): it must render whatever else is broken. */
let page: Handlebars.TemplateDelegate | undefined;

function unavailablePage(): Handlebars.TemplateDelegate {
  page ??= Handlebars.create().compile(readFileSync(join(projectRoot(), 'templates/pages/standalone/unavailable.hbs'), 'utf8'), { strict: true, knownHelpersOnly: true });
  return page;
}

/** A page people open in a browser (not the API, not the health check), which gets an HTML answer. */
export function wantsPage(request: Request): boolean {
  return !request.path.startsWith('/api/') && !request.path.startsWith('/health') && request.accepts(['json', 'html']) === 'html';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Answers 503/507 with Retry-After: a Thai page for a browser page, Thai + English JSON for the API. */
export function answerUnavailable(request: Request, response: Response, what: Unavailability): void {
  const requestId = requestIdOf(request);
  response.status(what.status);
  response.setHeader('Retry-After', String(what.retryAfterSeconds));
  response.setHeader('Cache-Control', 'no-store');
  // A state change cut off by a timeout or a lost connection may have committed all the same.
  const mayHaveSaved = !SAFE_METHODS.has(request.method) && (what === DEADLINE_PASSED || what === DATABASE_UNAVAILABLE);
  if (wantsPage(request)) {
    response.type('html').send(
      unavailablePage()({
        title: what.title,
        message: what.message.th,
        messageEn: what.message.en,
        mayHaveSaved,
        retryAfterSeconds: what.retryAfterSeconds,
        retryHref: SAFE_METHODS.has(request.method) ? request.originalUrl : '/',
        requestId,
      }),
    );
    return;
  }
  response.json({
    statusCode: what.status,
    code: what.code,
    message: what.message.th + (mayHaveSaved ? ' รายการที่ส่งอาจบันทึกแล้วหรือยังไม่ได้บันทึก กรุณาตรวจสอบก่อนส่งซ้ำ' : ''),
    messageEn: what.message.en + (mayHaveSaved ? ' What you sent may or may not have been saved: check before sending it again.' : ''),
    details: { retryAfterSeconds: what.retryAfterSeconds },
    requestId,
  });
}
