import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ParseIdPipe } from '../common/id.pipe';
import { ApiPage, PageQuery } from '../common/pagination';
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

  /** Starts a browser session (cookie) and returns the CSRF token that state-changing requests must send. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
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
