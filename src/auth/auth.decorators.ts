import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { clientIp } from '../common/client-ip';
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

/** The caller's address (see `clientIp`) and user agent. */
export function originOf(request: Request): RequestOrigin {
  return { ip: clientIp(request), userAgent: request.get('user-agent') ?? null };
}

/** The caller's IP and user agent, for audit rows and rate limits. */
export const Origin = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestOrigin =>
  originOf(ctx.switchToHttp().getRequest<Request>()),
);
