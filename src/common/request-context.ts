import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { clientIp } from './client-ip';
import { requestIdOf } from './request-id';

/** What a log line written while answering a request says about it: which request, from where, by whom. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  method: string;
  path: string;
  /** Set by the auth guard once the caller is known. */
  actor?: { userId: string; organizationId: string | null; via: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being answered, if any (outside a request — the outbox worker, start-up — none). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Opens the request's context for everything that runs while answering it. Registered after the body parsers:
 * a parser resumes in the socket's async context, which would lose a context opened before it.
 */
export function openRequestContext(request: Request, _response: Response, next: NextFunction): void {
  storage.run({ requestId: requestIdOf(request), ip: clientIp(request), method: request.method, path: request.path }, next);
}
