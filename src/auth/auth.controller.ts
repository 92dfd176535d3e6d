import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ParseIdPipe } from '../common/id.pipe';
import { appConfig, type AppConfig } from '../config/configuration';
import type { AuthContext } from './auth-context';
import { Auth, Public, originOf } from './auth.decorators';
import { ChangePasswordDto, CreateApiTokenDto, LoginDto } from './auth.dto';
import { SESSION_COOKIE } from './auth.guard';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly authService: AuthService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

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
    const session = await this.authService.login(body.username, body.password, originOf(request));
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

  @Get('tokens')
  listTokens(@Auth() auth: AuthContext) {
    return this.authService.listApiTokens(auth);
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
