import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { isIP } from 'node:net';
import type { AuthContext, RequestOrigin } from './auth-context';

export const IS_PUBLIC = 'kasian:public';
/** The route needs no sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const IS_WEB_PAGE = 'kasian:web-page';
/** A page people open in a browser: without a session it redirects to the sign-in page instead of answering 401. */
export const WebPage = () => SetMetadata(IS_WEB_PAGE, true);

export const FOR_OPERATORS = 'kasian:for-operators';
/**
 * Platform operators may use the route. Every other route answers an operator 404, as if it did not exist: an
 * operator belongs to no organisation and never reads an organisation's documents.
 */
export const ForOperators = () => SetMetadata(FOR_OPERATORS, true);

export type AuthenticatedRequest = Request & { auth?: AuthContext };

/** The signed-in actor (set by `AuthGuard`). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('Auth() used on a public route');
  return auth;
});

/** The width of the `ip` columns of sessions and audit events. */
const IP_COLUMN_LENGTH = 64;

/**
 * Behind a trusted proxy Express takes the address from X-Forwarded-For, which may hold anything the client wrote
 * before the proxy appended its own entry. Only an IP address that fits the columns is recorded (Node counts an IPv6
 * address with a zone of any length, `fe80::1%…`, as one); otherwise the peer's (the proxy's) address stands in, so
 * that made-up values neither overflow the audit and session columns nor give each made-up value a login-limit
 * counter of its own.
 */
export function originOf(request: Request): RequestOrigin {
  const given = request.ip;
  const ip = given && given.length <= IP_COLUMN_LENGTH && isIP(given) ? given : (request.socket?.remoteAddress ?? null);
  return { ip, userAgent: request.get('user-agent') ?? null };
}

/** The caller's IP and user agent, for audit rows and rate limits. */
export const Origin = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestOrigin =>
  originOf(ctx.switchToHttp().getRequest<Request>()),
);
