import { Module } from '@nestjs/common';
import { LinkMailer } from './link-mail';
import { Mailer } from './mailer';

/** The mail transport alone, for the modules that send mail of their own (account links) besides the outbox's. */
@Module({
  providers: [Mailer, LinkMailer],
  exports: [Mailer, LinkMailer],
})
export class MailModule {}
