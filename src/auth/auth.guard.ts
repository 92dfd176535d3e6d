import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '../common/domain-error';
import { currentRequest } from '../common/request-context';
import { sameSecret } from '../common/tokens';
import { isDatabaseUnavailable } from '../database/database-errors';
import { DatabaseOutage } from '../health/database-outage';
import type { AuthContext } from './auth-context';
import { AuthService } from './auth.service';
import { AuthenticatedRequest, FOR_OPERATORS, IS_PUBLIC, IS_WEB_PAGE } from './auth.decorators';

export const SESSION_COOKIE = 'kasian_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthenticated = () =>
  new DomainError(ErrorCode.Unauthenticated, { th: 'กรุณาเข้าสู่ระบบ', en: 'Please sign in' });

/**
 * Every route needs a signed-in person unless marked `@Public()`. A bearer token (`Authorization: Bearer kas_…`)
 * or the session cookie identifies them; cookie-authenticated state changes must also carry the session's CSRF
 * token in the `X-CSRF-Token` header, a `_csrf` form field, or (multipart forms) a `_csrf` query parameter.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authService: AuthService,
    private readonly outage: DatabaseOutage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);

    const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    const cookie: unknown = request.cookies?.[SESSION_COOKIE];
    if (bearer) {
      request.auth = await this.identify(() => this.authService.resolveApiToken(bearer), isPublic);
      if (!request.auth && !isPublic) throw unauthenticated();
    } else if (typeof cookie === 'string' && cookie) {
      request.auth = await this.identify(() => this.authService.resolveSession(cookie), isPublic);
      if (request.auth && !isPublic && !SAFE_METHODS.has(request.method)) this.checkCsrf(request);
    }
    if (!request.auth && !isPublic) {
      const webPage = this.reflector.getAllAndOverride<boolean>(IS_WEB_PAGE, [context.getHandler(), context.getClass()]);
      if (webPage) throw new DomainError(ErrorCode.Unauthenticated, { th: 'กรุณาเข้าสู่ระบบ', en: 'Please sign in' }, [], { redirect: `/login?next=${encodeURIComponent(request.originalUrl)}` });
      throw unauthenticated();
    }
    if (request.auth?.operator && !isPublic && !this.reflector.getAllAndOverride<boolean>(FOR_OPERATORS, [context.getHandler(), context.getClass()])) {
      throw DomainError.notFound();
    }
    return true;
  }

  /**
   * A public page needs nobody signed in: with the database out, a visitor who also has a staff session still gets
   * what can be served without it (a published PDF) instead of the outage.
   */
  private async identify(resolve: () => Promise<AuthContext | null>, isPublic: boolean): Promise<AuthContext | undefined> {
    if (isPublic && this.outage.down) return undefined;
    try {
      const auth = (await resolve()) ?? undefined;
      // The log lines written while answering name who asked (also a refusal of their CSRF token).
      const current = currentRequest();
      if (current && auth) current.actor = { userId: auth.userId, organizationId: auth.organizationId, via: auth.via };
      return auth;
    } catch (error) {
      if (isPublic && isDatabaseUnavailable(error)) {
        this.outage.report(error);
        return undefined;
      }
      throw error;
    }
  }

  private checkCsrf(request: AuthenticatedRequest): void {
    const expected = request.auth?.csrfToken;
    const body = request.body as Record<string, unknown> | undefined;
    // Multipart forms are parsed after this guard runs, so their pages put the token in the action URL instead.
    const query = request.query as Record<string, unknown> | undefined;
    const sent =
      request.get(CSRF_HEADER) ??
      (typeof body?._csrf === 'string' ? body._csrf : undefined) ??
      (typeof query?._csrf === 'string' ? query._csrf : undefined);
    if (!expected || !sent || !sameSecret(sent, expected)) {
      throw new DomainError(ErrorCode.CsrfFailed, {
        th: 'คำขอนี้ไม่มีรหัสป้องกันการปลอมแปลง (CSRF) ที่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง',
        en: 'Missing or wrong CSRF token: reload the page and try again',
      });
    }
    if (body && '_csrf' in body) delete body._csrf;
  }
}
