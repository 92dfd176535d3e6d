import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives: Kasian's mail goes through nodemailer to it, as to an
 * organisation's mail server. `SMTP_URL` for Kasian is `url`.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly server: SMTPServer, readonly url: string) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            sink!.received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: mail.subject ?? '', text: mail.text ?? '' });
            for (const wake of sink!.waiters.splice(0)) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    sink = new SmtpSink(server, `smtp://127.0.0.1:${port}`);
    return sink;
  }

  /** The first mail to `address` received after `after` earlier ones to it, waiting (up to a deadline) for it to come. */
  async mailTo(address: string, { after = 0, timeoutMs = 30_000 } = {}): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter((m) => m.to.includes(address.toLowerCase()));
      if (found.length > after) return found[after];
      if (Date.now() > deadline) throw new Error(`no mail to ${address} (received: ${this.received.map((m) => m.to.join(',')).join('; ')})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(address: string): number {
    return this.received.filter((m) => m.to.includes(address.toLowerCase())).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The one-time link in a mail's text; with `baseUrl`, pointed at it (a test's Kasian listens on a port chosen after
 * PUBLIC_URL was set).
 */
export function linkIn(mail: ReceivedMail, baseUrl?: string): string {
  const match = /https?:\/\/\S+(\/set-password\/[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no link in mail: ${mail.text}`);
  return baseUrl ? baseUrl + match[1] : match[0];
}
