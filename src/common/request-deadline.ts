import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from './request-id';
import { answerUnavailable, DEADLINE_PASSED } from './unavailable';

export interface DeadlineSettings {
  requestTimeoutMs: number;
  healthTimeoutMs: number;
  importTimeoutMs: number;
}

/** The operator's bulk import of organisations, by the API and by the web form. */
const BULK_IMPORT = /^\/(api\/platform\/organizations|platform)\/import\/?$/;

export function deadlineOf(request: Request, settings: DeadlineSettings): number {
  if (request.path === '/health' || request.path.startsWith('/health/')) return settings.healthTimeoutMs;
  if (request.method === 'POST' && BULK_IMPORT.test(request.path)) return Math.max(settings.importTimeoutMs, settings.requestTimeoutMs);
  return settings.requestTimeoutMs;
}

const logger = new Logger('Deadline');

/**
 * Every request is answered within its deadline: what is still unanswered by then gets 503 with Retry-After, and
 * whatever the handler writes later is dropped (the exception filter sees the answer already sent). While the body is
 * still arriving and moving (a big upload on a slow line), the deadline waits; it counts Kasian's own time and a
 * stalled body, not a client's upload speed. Node's `requestTimeout` bounds an upload as a whole.
 *
 * Work still running is not cancelled (a query already sent may yet commit): the answer for a state change says so.
 */
export function requestDeadline(settings: DeadlineSettings) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const ms = deadlineOf(request, settings);
    const tick = Math.max(50, Math.min(1000, Math.floor(ms / 4)));
    let deadline = Date.now() + ms;
    let bytesRead = request.socket?.bytesRead ?? 0;
    const timer = setInterval(() => {
      const now = Date.now();
      const read = request.socket?.bytesRead ?? 0;
      if (!request.complete && read > bytesRead) deadline = now + ms;
      bytesRead = read;
      if (now < deadline) return;
      clearInterval(timer);
      if (response.headersSent) return;
      logger.warn({ event: 'request.deadline', requestId: requestIdOf(request), method: request.method, path: request.path, deadlineMs: ms }, 'request deadline passed: answered 503');
      answerUnavailable(request, response, DEADLINE_PASSED);
    }, tick);
    timer.unref();
    response.once('close', () => clearInterval(timer));
    next();
  };
}
