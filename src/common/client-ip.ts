import type { Request } from 'express';
import { isIP } from 'node:net';

/** The width of the `ip` columns of sessions and audit events. */
const IP_COLUMN_LENGTH = 64;

/**
 * Behind a trusted proxy Express takes the address from X-Forwarded-For, which may hold anything the client wrote
 * before the proxy appended its own entry. Only an IP address that fits the columns is recorded (Node counts an IPv6
 * address with a zone of any length, `fe80::1%…`, as one); otherwise the peer's (the proxy's) address stands in, so
 * that made-up values neither overflow the audit and session columns nor give each made-up value a login-limit
 * counter of its own.
 */
export function clientIp(request: Request): string | null {
  const given = request.ip;
  return given && given.length <= IP_COLUMN_LENGTH && isIP(given) ? given : (request.socket?.remoteAddress ?? null);
}
