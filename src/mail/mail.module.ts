import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** The mail transport: SMTP, or the log when no server is configured. Account links (auth) and the outbox's notices (notifications) send through it. */
@Module({
  providers: [Mailer],
  exports: [Mailer],
})
export class MailModule {}
