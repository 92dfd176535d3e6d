import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForOperators, Public, WebPage, originOf } from '../auth/auth.decorators';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { appConfig, type AppConfig } from '../config/configuration';
import { INBOX_SECTIONS, MemoHistoryService, type InboxSection } from '../workflow/memo-history.service';
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
  loginForm(@Query('next') next: string | undefined, @Query('org') org: unknown, @Res() response: Response) {
    response.type('html').send(this.pages.render('login', { error: null, next: safeNext(next), username: '', ...organizationField(org) }));
  }

  @Public()
  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const organization = typeof body.organization === 'string' ? body.organization : '';
    const next = safeNext(body.next);
    try {
      const session = await this.authService.login(username, password, originOf(request), organization);
      response.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/', expires: session.expiresAt });
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === 'TOO_MANY_REQUESTS' ? 429 : 401;
      response.status(status).type('html').send(this.pages.render('login', { error: error.userMessage.th, next, username, ...organizationField(organization) }));
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
    response.type('html').send(this.pages.render('home', { ...context, inbox, pagers }));
  }
}
