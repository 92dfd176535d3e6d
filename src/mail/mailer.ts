import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { workConfig, type WorkConfig } from '../config/configuration';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Lets the receiving side drop a duplicate of an at-least-once delivery. */
  messageId: string;
}

/** Sends through SMTP when `SMTP_URL` is set; otherwise writes the message to the log. */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(@Inject(workConfig.KEY) private readonly config: WorkConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 10_000, socketTimeout: 20_000 }) : null;
  }

  /** Whether mail leaves this machine (SMTP_URL is set); otherwise `send` only writes it to the log. */
  get configured(): boolean {
    return this.transport !== null;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log({ to: message.to, subject: message.subject, messageId: message.messageId, text: message.text }, 'mail (no SMTP_URL: logged, not sent)');
      return;
    }
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
    });
  }
}
