import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountLinksService } from '../auth/account-links.service';
import { Public, originOf } from '../auth/auth.decorators';
import { RESET_ANSWER } from '../auth/auth.controller';
import { ForgotPasswordDto } from '../auth/auth.dto';
import { validateInput } from '../common/validation';
import { setSessionCookie } from '../auth/session-cookie';
import { DomainError, ErrorCode } from '../common/domain-error';
import { appConfig, type AppConfig } from '../config/configuration';
import { toUserView } from '../identity/user-view';
import { PAGE_HELPERS } from './page-helpers';
import { PageRenderer } from './page-renderer';

const GONE_HEADINGS: Record<string, string> = { used: 'ลิงก์นี้ถูกใช้ไปแล้ว', revoked: 'ลิงก์นี้ถูกยกเลิกแล้ว', expired: 'ลิงก์นี้หมดอายุแล้ว' };

/**
 * The pages a one-time link opens: choose a password (an invitation, a reset, an operator's first link), then be
 * signed in. The token in the address is the secret a forged cross-site post would lack, which is what a CSRF token
 * guards against on a signed-in person's forms.
 */
@ApiExcludeController()
@Public()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly links: AccountLinksService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  @Get('forgot-password')
  forgotForm(@Query('org') org: unknown, @Res() response: Response) {
    response.type('html').send(this.pages.render('staff/forgot-password', { sent: null, error: null, username: '', organization: typeof org === 'string' ? org.slice(0, 100) : '' }));
  }

  /** The same page whatever was typed, whether or not such an account exists (the mail goes out afterwards). */
  @Post('forgot-password')
  async forgot(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const username = typeof body.username === 'string' ? body.username.slice(0, 254) : '';
    const organization = typeof body.organization === 'string' ? body.organization.slice(0, 100) : '';
    try {
      const given = validateInput(ForgotPasswordDto, { username: body.username, ...(body.organization === '' || body.organization === undefined ? {} : { organization: body.organization }) });
      await this.links.requestReset(given.username, given.organization, originOf(request));
      response.type('html').send(this.pages.render('staff/forgot-password', { sent: RESET_ANSWER.message, error: null, username, organization }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const retryAfter = error.details['retryAfterSeconds'];
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      const problems = error.fields.map((f) => f.message.th).join(' · ');
      response.status(error.code === ErrorCode.TooManyRequests ? 429 : 400).type('html').send(this.pages.render('staff/forgot-password', { sent: null, error: problems ? `${error.userMessage.th}: ${problems}` : error.userMessage.th, username, organization }));
    }
  }

  @Get('set-password/:token')
  async setPasswordForm(@Param('token') token: string, @Req() request: Request, @Res() response: Response) {
    await this.page(response, async () => this.form(token, await this.links.open(token, originOf(request)), null));
  }

  @Post('set-password/:token')
  async setPassword(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const password = typeof body.password === 'string' ? body.password : '';
    await this.page(response, async () => {
      const opened = await this.links.open(token, originOf(request));
      if (password !== body.confirm) {
        response.status(400);
        return this.form(token, opened, DomainError.field('confirm', 'matches', 'รหัสผ่านที่พิมพ์สองครั้งไม่ตรงกัน', 'The two passwords differ'));
      }
      try {
        const session = await this.links.use(token, password, originOf(request));
        setSessionCookie(response, session, this.config.secureCookies);
        const user = session.user;
        const next = user.organizationId === null ? '/platform' : session.firstSignIn && user.roles.includes('admin') ? '/admin/checklist' : '/';
        response.redirect(303, next);
        return null;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.ValidationFailed) throw error;
        response.status(400);
        return this.form(token, opened, error);
      }
    });
  }

  private form(token: string, opened: Awaited<ReturnType<AccountLinksService['open']>>, error: DomainError | null): string {
    const reset = opened.link.purpose === 'password_reset';
    const heading = reset ? 'ตั้งรหัสผ่านใหม่' : 'ยินดีต้อนรับสู่เกษียน · ตั้งรหัสผ่าน';
    return this.pages.render('staff/set-password', {
      pageTitle: `${heading} · เกษียน`,
      heading,
      token,
      reset,
      person: toUserView(opened.user),
      organizationName: opened.organization?.name ?? null,
      expiresText: PAGE_HELPERS.thaiDateTime(opened.link.expiresAt),
      error: error?.userMessage.th ?? null,
      fieldErrors: error?.fields.length ? error.fields.map((f) => ({ message: f.message.th })) : null,
    });
  }

  /** Renders a page, or the page that says why a link no longer works (410), is unknown (404) or is refused. */
  private async page(response: Response, build: () => Promise<string | null>): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    try {
      const html = await build();
      if (html !== null) response.type('html').send(html);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.TooManyRequests) throw error;
      const state = typeof error.details['linkState'] === 'string' ? error.details['linkState'] : null;
      const status = error.code === ErrorCode.Gone ? 410 : error.code === ErrorCode.NotFound ? 404 : error.code === ErrorCode.Forbidden ? 403 : 400;
      response.status(status).type('html').send(
        this.pages.render('staff/link-gone', {
          heading: (state && GONE_HEADINGS[state]) ?? (status === 404 ? 'ไม่พบลิงก์นี้' : 'ใช้ลิงก์นี้ไม่ได้'),
          message: error.userMessage.th,
          messageEn: error.userMessage.en,
        }),
      );
    }
  }
}
