import { Logger } from '@nestjs/common';
import { currentRequest } from './request-context';

/**
 * The security events an operator follows, one log line each. Fields name people by id and addresses by IP;
 * never a password, token, cookie or the text typed as a username (it may be a password typed in the wrong box).
 */
export type SecurityEvent =
  | 'auth.login_failed'
  | 'auth.lockout'
  | 'auth.login_refused'
  | 'auth.password_changed'
  | 'auth.password_reset'
  | 'admin.password_reset'
  | 'admin.acting_order'
  | 'csrf.refused'
  | 'access.forbidden'
  | 'rate_limited';

const logger = new Logger('Security');

/** Writes the event's line with the request it happened in (id, IP, method, path) and its actor, if known. */
export function securityEvent(event: SecurityEvent, fields: Record<string, unknown> = {}): void {
  const request = currentRequest();
  logger.warn(
    {
      event,
      requestId: request?.requestId ?? null,
      ip: request?.ip ?? null,
      method: request?.method,
      path: request?.path,
      actor: request?.actor ?? null,
      ...fields,
    },
    `security: ${event}`,
  );
}
