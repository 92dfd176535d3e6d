import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../identity/user.entity';
import { MailModule } from '../mail/mail.module';
import { AccountLink } from './account-link.entity';
import { AccountLinksService } from './account-links.service';
import { ApiToken } from './api-token.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LinkMailer } from './link-mail';
import { LoginLimiter } from './login-limiter';
import { RequestLimiter } from './request-limiter';
import { Session } from './session.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, ApiToken, AccountLink]), MailModule],
  controllers: [AuthController],
  providers: [AuthService, LoginLimiter, RequestLimiter, AccountLinksService, LinkMailer, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AccountLinksService, RequestLimiter],
})
export class AuthModule {}
