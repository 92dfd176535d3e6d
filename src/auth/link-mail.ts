import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LinkPurpose } from './account-link.entity';
import { Mailer } from '../mail/mailer';

export interface LinkMailInput {
  purpose: LinkPurpose;
  to: string;
  displayName: string;
  username: string;
  /** The organisation's name; null for a platform operator. */
  organizationName: string | null;
  url: string;
}

/** What became of a link that should reach its person: mailed, or to be handed over by whoever issued it. */
export interface LinkDelivery {
  mailed: boolean;
  /** Set when the link was not mailed (no SMTP_URL, no address, or sending failed): shown once to the issuer. */
  link: string | null;
  /** Why it was not mailed, in Thai, for the issuer. */
  notMailedReason: string | null;
}

const LIFETIME_TEXT: Record<LinkPurpose, { th: string; en: string }> = {
  invitation: { th: '๗๒ ชั่วโมง', en: '72 hours' },
  password_reset: { th: '๓๐ นาที', en: '30 minutes' },
};

/** The mails that carry a one-time link, Thai first. */
export function linkMail(input: LinkMailInput): { subject: string; text: string } {
  const where = input.organizationName ?? 'ผู้ดูแลแพลตฟอร์มเกษียน';
  const lifetime = LIFETIME_TEXT[input.purpose];
  if (input.purpose === 'invitation') {
    return {
      subject: `[เกษียน] คำเชิญเข้าใช้งานระบบเสนอแฟ้มออนไลน์ · ${where}`,
      text: [
        `เรียน ${input.displayName}`,
        '',
        `ท่านได้รับเชิญให้เข้าใช้งานเกษียน ระบบเสนอแฟ้มออนไลน์ ในนาม${input.organizationName ? ` ${input.organizationName}` : 'ผู้ดูแลแพลตฟอร์ม'}`,
        `ชื่อผู้ใช้ของท่าน: ${input.username}`,
        '',
        `กรุณาตั้งรหัสผ่านที่ลิงก์นี้ (ใช้ได้ครั้งเดียว ภายใน ${lifetime.th}):`,
        input.url,
        '',
        'หากท่านไม่ได้คาดว่าจะได้รับอีเมลนี้ ไม่ต้องดำเนินการใด ๆ',
        '',
        '—',
        `You have been invited to Kasian (${where}). Username: ${input.username}. Choose your password here (one use, within ${lifetime.en}):`,
        input.url,
      ].join('\n'),
    };
  }
  return {
    subject: `[เกษียน] ตั้งรหัสผ่านใหม่ · ${where}`,
    text: [
      `เรียน ${input.displayName}`,
      '',
      'มีคำขอตั้งรหัสผ่านใหม่สำหรับบัญชีของท่านในเกษียน',
      `ชื่อผู้ใช้ของท่าน: ${input.username}`,
      '',
      `ตั้งรหัสผ่านใหม่ที่ลิงก์นี้ (ใช้ได้ครั้งเดียว ภายใน ${lifetime.th}); เมื่อตั้งแล้ว ทุกเครื่องที่เข้าสู่ระบบไว้จะออกจากระบบ:`,
      input.url,
      '',
      'หากท่านไม่ได้ขอ ไม่ต้องดำเนินการใด ๆ รหัสผ่านเดิมยังใช้ได้',
      '',
      '—',
      `A password reset was asked for your Kasian account (${input.username}). Choose a new password here (one use, within ${lifetime.en}); it signs you out everywhere:`,
      input.url,
    ].join('\n'),
  };
}

/**
 * Sends a link by mail when SMTP is configured. Otherwise — common in a small organisation — the link comes back to
 * be shown once to whoever issued it, to hand over (LINE, paper): it is never written to the log.
 */
@Injectable()
export class LinkMailer {
  private readonly logger = new Logger('Mail');

  constructor(private readonly mailer: Mailer) {}

  get configured(): boolean {
    return this.mailer.configured;
  }

  async deliver(input: Omit<LinkMailInput, 'to'> & { to: string | null }): Promise<LinkDelivery> {
    if (!this.mailer.configured) return { mailed: false, link: input.url, notMailedReason: 'ระบบยังไม่ได้ตั้งค่าการส่งอีเมล (SMTP_URL)' };
    if (!input.to) return { mailed: false, link: input.url, notMailedReason: 'บุคคลนี้ไม่มีอีเมล' };
    const { subject, text } = linkMail({ ...input, to: input.to });
    try {
      await this.mailer.send({ to: input.to, subject, text, messageId: `<${randomUUID()}@kasian>` });
      return { mailed: true, link: null, notMailedReason: null };
    } catch (error) {
      this.logger.warn({ err: error, purpose: input.purpose, username: input.username }, 'link mail not sent');
      return { mailed: false, link: input.url, notMailedReason: 'ส่งอีเมลไม่สำเร็จ' };
    }
  }
}
