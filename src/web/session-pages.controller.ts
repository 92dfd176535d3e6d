import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForOperators, Public, WebPage, originOf } from '../auth/auth.decorators';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { securityEvent } from '../common/security-log';
import { randomToken, sameSecret } from '../common/tokens';
import { appConfig, type AppConfig } from '../config/configuration';
import { INBOX_SECTIONS, MemoHistoryService, type InboxSection } from '../workflow/memo-history.service';
import { statusOf } from '../common/error-status';
import { PageRenderer } from './page-renderer';
import { cursorParam, pagerLinks } from './pager';
import { safeNext, WebContext } from './web-context';

/**
 * The sign-in form's organisation: typed by the person, or given in the address (`/login?org=phron`, the link an
 * organisation hands its people), then kept out of the way. Shown as given: whether such an organisation exists is
 * not said.
 */
function organizationField(org: unknown): { organization: string; organizationGiven: boolean } {
  const organization = typeof org === 'string' ? org.trim().slice(0, 100) : '';
  return { organization, organizationGiven: organization !== '' };
}

/** Items per section of the home page. */
const HOME_SECTION_LENGTH = 20;
const SECTION_NAMES: Record<InboxSection, string> = {
  awaitingMe: 'รอการพิจารณาของท่าน',
  returnedToMe: 'ส่งคืนให้แก้ไข',
  myDrafts: 'ร่างของฉัน',
  recentlyApproved: 'อนุมัติล่าสุด',
  readyToPublish: 'พร้อมเผยแพร่',
};

/** The sign-in form's CSRF cookie (its token is also in the form). */
const SIGN_IN_COOKIE = 'kasian_signin';

/** Sign-in, sign-out and each person's home page. */
@ApiExcludeController()
@Controller()
export class SessionPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly authService: AuthService,
    private readonly history: MemoHistoryService,
    private readonly context: WebContext,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  loginForm(@Query('next') next: string | undefined, @Query('org') org: unknown, @Req() request: Request, @Res() response: Response) {
    this.sendLoginForm(request, response, 200, { error: null, next: safeNext(next), username: '', ...organizationField(org) });
  }

  /**
   * The form's CSRF token is checked against its cookie (double submit): there is no session yet to keep it in, and
   * without it another site could sign a visitor in as someone else.
   */
  @Public()
  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const organization = typeof body.organization === 'string' ? body.organization : '';
    const next = safeNext(body.next);
    const cookie: unknown = request.cookies?.[SIGN_IN_COOKIE];
    if (typeof body._csrf !== 'string' || typeof cookie !== 'string' || !sameSecret(body._csrf, cookie)) {
      securityEvent('csrf.refused', { form: 'login' });
      this.sendLoginForm(request, response, 403, { error: 'แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้าเข้าสู่ระบบของเกษียน กรุณากรอกแล้วส่งอีกครั้ง', next, username, ...organizationField(organization) });
      return;
    }
    try {
      const session = await this.authService.login(username, password, originOf(request), organization);
      response.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/', expires: session.expiresAt });
      response.clearCookie(SIGN_IN_COOKIE, { path: '/login' });
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== ErrorCode.TooManyRequests && error.code !== ErrorCode.InvalidCredentials && error.code !== ErrorCode.Forbidden)) throw error;
      const retryAfter = error.details['retryAfterSeconds'];
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      this.sendLoginForm(request, response, statusOf(error.code), { error: error.userMessage.th, next, username, ...organizationField(organization) });
    }
  }

  @WebPage()
  @ForOperators()
  @Post('logout')
  async logout(@Auth() auth: AuthContext, @Res() response: Response) {
    await this.authService.logout(auth);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/login');
  }

  private sendLoginForm(request: Request, response: Response, status: number, model: { error: string | null; next: string; username: string; organization: string; organizationGiven: boolean }): void {
    const given: unknown = request.cookies?.[SIGN_IN_COOKIE];
    const csrfToken = typeof given === 'string' && /^[A-Za-z0-9_-]{32}$/.test(given) ? given : randomToken(24);
    response.cookie(SIGN_IN_COOKIE, csrfToken, { httpOnly: true, sameSite: 'strict', secure: this.config.secureCookies, path: '/login' });
    response.status(status).type('html').send(this.pages.render('staff/login', { ...model, csrfToken }));
  }

  /** A platform operator's home is the list of organisations. */
  @WebPage()
  @ForOperators()
  @Get()
  async home(@Auth() auth: AuthContext, @Query() query: Record<string, unknown>, @Res() response: Response) {
    if (auth.operator) return response.redirect(303, '/platform');
    const cursors = Object.fromEntries(INBOX_SECTIONS.map((section) => [section, cursorParam(query[section])]));
    const [context, inbox] = await Promise.all([this.context.of(auth), this.history.inbox(auth, { limit: HOME_SECTION_LENGTH, cursors })]);
    // Each section pages on its own: its links keep the other sections where they are.
    const pagers = Object.fromEntries(
      INBOX_SECTIONS.map((section) => [section, pagerLinks(`หน้าของ ${SECTION_NAMES[section]}`, '/', { ...cursors, [section]: undefined }, inbox[section], { param: section, anchor: section })]),
    );
    response.type('html').send(this.pages.render('staff/home', { ...context, inbox, pagers }));
  }
}
