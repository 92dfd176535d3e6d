import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
import { appConfig, type AppConfig } from '../config/configuration';
import type { AuthContext } from './auth-context';
import { Auth, ForOperators, Public, originOf } from './auth.decorators';
import { ChangePasswordDto, CreateApiTokenDto, ForgotPasswordDto, LoginDto, SetPasswordDto } from './auth.dto';
import { AccountLinksService } from './account-links.service';
import { setSessionCookie } from './session-cookie';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

/** Signing in and out, one's own password and tokens: for everyone, platform operators included. */
/** The one answer to every password-reset request. */
export const RESET_ANSWER = {
  message: 'หากมีบัญชีนี้และบัญชีมีอีเมล ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปที่อีเมลนั้นแล้ว ลิงก์ใช้ได้ครั้งเดียวภายใน ๓๐ นาที หากไม่ได้รับ กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน',
  messageEn: 'If this account exists and has an e-mail address, a link to set a new password has been sent to it (one use, 30 minutes). If none arrives, ask your admin.',
};

@ApiTags('auth')
@ForOperators()
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly authService: AuthService,
    private readonly links: AccountLinksService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /**
   * ลืมรหัสผ่าน: mails a 30-minute one-time link to the account's e-mail, if there is such an account. The answer is
   * the same (202) whether or not there is; limited like sign-ins (429).
   */
  @Public()
  @Post('password-reset')
  @HttpCode(202)
  async forgotPassword(@Body() body: ForgotPasswordDto, @Req() request: Request) {
    await this.links.requestReset(body.username, body.organization, originOf(request));
    return RESET_ANSWER;
  }

  /**
   * Chooses a password through a one-time link (an invitation or a reset) and starts a session, as signing in does.
   * The link is spent, and every earlier session of the person ends. A used, revoked or expired link answers 410.
   */
  @Public()
  @Post('set-password')
  @HttpCode(200)
  async setPassword(@Body() body: SetPasswordDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const session = await this.links.use(body.token, body.password, originOf(request));
    setSessionCookie(response, session, this.config.secureCookies);
    return { user: await this.authService.me(session.user.id), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  /**
   * Starts a browser session (cookie) and returns the CSRF token that state-changing requests must send. JSON only:
   * another site's form cannot send JSON, so it cannot sign a visitor in as someone else here.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    if (!request.is('application/json')) {
      throw new DomainError(
        ErrorCode.UnsupportedMediaType,
        { th: 'การเข้าสู่ระบบผ่าน API ต้องส่งเป็น JSON (application/json)', en: 'Sign in through the API with a JSON body (application/json)' },
        [{ field: 'Content-Type', rule: 'contentType', message: { th: 'ต้องเป็น application/json', en: 'must be application/json' } }],
      );
    }
    const session = await this.authService.login(body.username, body.password, originOf(request), body.organization);
    response.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
    return { user: await this.authService.me(session.user.id), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Auth() auth: AuthContext, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.authService.logout(auth);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  async me(@Auth() auth: AuthContext) {
    return { user: await this.authService.me(auth.userId), csrfToken: auth.csrfToken ?? null };
  }

  /** Ends the person's other sessions. */
  @Post('password')
  @HttpCode(204)
  async changePassword(@Auth() auth: AuthContext, @Body() body: ChangePasswordDto): Promise<void> {
    await this.authService.changePassword(auth, body.currentPassword, body.newPassword);
  }

  /** The signed-in person's own tokens, newest first (never the tokens themselves). */
  @Get('tokens')
  @ApiPage()
  listTokens(@Auth() auth: AuthContext, @Query() page: PageQuery) {
    return this.authService.listApiTokens(auth, page);
  }

  /** The token is in this answer only; Kasian keeps its hash. */
  @Post('tokens')
  async createToken(@Auth() auth: AuthContext, @Body() body: CreateApiTokenDto) {
    const { token, record } = await this.authService.createApiToken(auth, body.name, body.expiresAt ? new Date(body.expiresAt) : null);
    return { ...record, token };
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  revokeToken(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.authService.revokeApiToken(auth, id);
  }
}
