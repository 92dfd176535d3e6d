import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller's own `X-Request-Id` is kept when it is a plain token; otherwise Kasian makes one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The request's id, given once: by the first middleware, so that even a body refused before Kasian's modules run
 * (415, 413) answers with the id its log line carries; pino-http asks again and gets the same id.
 */
export function requestIdOf(request: IncomingMessage & { id?: unknown }): string {
  if (typeof request.id === 'string') return request.id;
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  request.id = id;
  return id;
}
