import type { Response } from 'express';
import { DomainError, ErrorCode } from '../common/domain-error';
import { statusOf } from '../common/error-status';

/**
 * The refusals a form shows on its own page again (bad input, a state that changed, a limit): anything else — not a
 * domain error, or a person who may not see or do this at all (403, 404) — goes on to the error filter and its page.
 */
export function formRefusal(error: unknown): DomainError {
  if (!(error instanceof DomainError) || error.code === ErrorCode.Forbidden || error.code === ErrorCode.NotFound) throw error;
  return error;
}

/** Sends a form's page again with the refusal on it, answered with the status and Retry-After the API would give. */
export function sendRefusedForm(response: Response, error: DomainError, html: string): void {
  const retryAfter = error.details['retryAfterSeconds'];
  if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
  response.status(statusOf(error.code)).type('html').send(html);
}
