import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { randomToken, sha256Hex } from '../common/tokens';
import { appConfig, type AppConfig } from '../config/configuration';
import { inTransaction } from '../database/transactions';
import { LinkMailer, type LinkDelivery } from './link-mail';
import { Organization } from '../identity/organization.entity';
import { Session } from './session.entity';
import { User } from '../identity/user.entity';
import { AccountLink, LINK_LIFETIME_MS, linkState, type LinkPurpose, type LinkState } from './account-link.entity';
import type { RequestOrigin } from './auth-context';
import { accountKey, AuthService, organizationSuspended, type StartedSession } from './auth.service';
import { hashPassword } from './passwords';
import { passwordProblem } from './password-policy';
import { RequestLimiter } from './request-limiter';

/** base64url of 32 random bytes. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const GONE: Record<Exclude<LinkState, 'valid'>, { th: string; en: string }> = {
  used: {
    th: 'ลิงก์นี้ถูกใช้ไปแล้ว ลิงก์ตั้งรหัสผ่านใช้ได้เพียงครั้งเดียว หากลืมรหัสผ่าน ให้ขอลิงก์ใหม่ที่หน้า "ลืมรหัสผ่าน" หรือติดต่อผู้ดูแลระบบของหน่วยงาน',
    en: 'This link has been used: it works once. If you forgot your password, ask for a new link ("forgot password") or ask your admin',
  },
  revoked: {
    th: 'ลิงก์นี้ถูกยกเลิกแล้ว กรุณาติดต่อผู้ดูแลระบบของหน่วยงานเพื่อขอลิงก์ใหม่',
    en: 'This link has been revoked: ask your admin for a new one',
  },
  expired: {
    th: 'ลิงก์นี้หมดอายุแล้ว (คำเชิญใช้ได้ ๗๒ ชั่วโมง ลิงก์ตั้งรหัสผ่านใหม่ใช้ได้ ๓๐ นาที) กรุณาขอลิงก์ใหม่จากผู้ดูแลระบบ หรือที่หน้า "ลืมรหัสผ่าน"',
    en: 'This link has expired (invitations last 72 hours, reset links 30 minutes): ask for a new one',
  },
};

const unknownLink = () =>
  DomainError.notFound({ th: 'ไม่พบลิงก์นี้ กรุณาตรวจสอบว่าคัดลอกลิงก์มาครบถ้วน', en: 'No such link: check that it was copied whole' });

export interface OpenLink {
  link: AccountLink;
  user: User;
  organization: Organization | null;
}

/**
 * One-time links to choose a password: issued (an invitation, a reset), opened (the page that asks for the
 * password), used once. Only the token's SHA-256 is stored; a person's newer link revokes their older unused ones.
 */
@Injectable()
export class AccountLinksService {
  private readonly logger = new Logger('Accounts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authService: AuthService,
    private readonly limiter: RequestLimiter,
    private readonly mailer: LinkMailer,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** A new link for the person, in the caller's transaction; their earlier unused links of any purpose stop working. */
  async issue(manager: EntityManager, user: Pick<User, 'id' | 'organizationId' | 'email'>, purpose: LinkPurpose, issuedById: string | null): Promise<{ url: string; link: AccountLink }> {
    const token = randomToken(32);
    const now = new Date();
    await manager.update(AccountLink, { userId: user.id, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now });
    const link = manager.create(AccountLink, {
      id: randomUUID(),
      purpose,
      tokenHash: sha256Hex(token),
      userId: user.id,
      organizationId: user.organizationId,
      sentTo: null,
      createdById: issuedById,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose]),
      usedAt: null,
      revokedAt: null,
    });
    await manager.insert(AccountLink, link);
    return { url: `${this.config.publicUrl}/set-password/${token}`, link };
  }

  /** Mails the link (after the transaction that issued it has committed), or hands it back to be shown once. */
  async deliver(user: User, organization: Organization | null, purpose: LinkPurpose, issued: { url: string; link: AccountLink }): Promise<LinkDelivery> {
    const delivery = await this.mailer.deliver({
      purpose,
      to: user.email,
      displayName: user.displayName || user.username,
      username: user.username,
      organizationName: organization?.name ?? null,
      url: issued.url,
    });
    if (delivery.mailed) await this.dataSource.getRepository(AccountLink).update({ id: issued.link.id }, { sentTo: user.email });
    return delivery;
  }

  /** Issues and delivers in one go, for a person who exists already (a reset, a new link for an operator). */
  async issueAndDeliver(user: User, purpose: LinkPurpose, issuedById: string | null): Promise<LinkDelivery> {
    const issued = await inTransaction(this.dataSource, (manager) => this.issue(manager, user, purpose, issuedById));
    const organization = user.organizationId ? await this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }) : null;
    return this.deliver(user, organization, purpose, issued);
  }

  /**
   * "Forgot password": by username or e-mail (and organisation). The caller answers the same whether or not the
   * account exists: the lookup and the mail happen after this returns, so neither the answer nor its timing tells.
   * Counted like sign-ins, per account and per IP.
   */
  async requestReset(identifier: string, organization: string | undefined, origin: RequestOrigin): Promise<void> {
    await this.limiter.resetRequest(accountKey(identifier, organization), origin.ip ?? 'unknown');
    this.pendingResets = this.sendReset(identifier, organization).catch((error: unknown) => this.logger.warn({ err: error }, 'password reset mail failed'));
  }

  /** The last reset's background work, for tests and an orderly shutdown. */
  pendingResets: Promise<void> = Promise.resolve();

  private async sendReset(identifier: string, organization: string | undefined): Promise<void> {
    const user = await this.authService.findAccount(identifier, organization);
    if (!user || !user.active || user.organization?.suspendedAt) return;
    if (!this.mailer.configured || !user.email) {
      // Never the link itself: whoever reads the log must not be able to use it. The admin can issue one.
      this.logger.log({ userId: user.id }, 'password reset asked, not mailed (no SMTP_URL or no e-mail): an admin can issue a link');
      return;
    }
    const delivery = await this.issueAndDeliver(user, 'password_reset', null);
    if (!delivery.mailed) this.logger.warn({ userId: user.id, reason: delivery.notMailedReason }, 'password reset mail not sent');
  }

  /** The link behind a token, still usable; otherwise 404 (no such link) or 410 saying what became of it. */
  async open(token: string, origin: RequestOrigin): Promise<OpenLink> {
    await this.limiter.linkRequest(origin.ip ?? 'unknown');
    const link = TOKEN.test(token)
      ? await this.dataSource.getRepository(AccountLink).findOne({ where: { tokenHash: sha256Hex(token) } })
      : null;
    if (!link) throw unknownLink();
    const state = linkState(link);
    if (state !== 'valid') throw new DomainError(ErrorCode.Gone, GONE[state], [], { linkState: state });
    const user = link.userId ? await this.dataSource.getRepository(User).findOne({ where: { id: link.userId }, relations: { organization: true } }) : null;
    // A person removed, or deactivated since the link was made (an admin's "has left"), is not brought back by it.
    if (!user || !user.active) throw new DomainError(ErrorCode.Gone, GONE.revoked, [], { linkState: 'revoked' });
    if (user.organization?.suspendedAt) throw organizationSuspended();
    return { link, user, organization: user.organization ?? null };
  }

  /**
   * Sets the person's chosen password through the link, once: the link is spent in the same transaction that sets
   * the password and ends every session of the person. Then signs them in.
   */
  async use(token: string, password: string, origin: RequestOrigin): Promise<StartedSession & { purpose: LinkPurpose; firstSignIn: boolean }> {
    const { link, user } = await this.open(token, origin);
    const problem = passwordProblem(password, user.username);
    if (problem) throw DomainError.validation([problem]);
    const passwordHash = await hashPassword(password);
    const firstSignIn = user.passwordSetAt === null;
    await inTransaction(this.dataSource, async (manager) => {
      const now = new Date();
      const spent = await manager
        .createQueryBuilder()
        .update(AccountLink)
        .set({ usedAt: now })
        .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { id: link.id, now })
        .execute();
      if (spent.affected !== 1) throw new DomainError(ErrorCode.Gone, GONE.used, [], { linkState: 'used' });
      await manager.update(User, { id: user.id }, { passwordHash, passwordSetAt: now });
      await manager.delete(Session, { userId: user.id });
    });
    const session = await this.authService.startSessionFor(user.id, origin);
    return { ...session, purpose: link.purpose, firstSignIn };
  }

  /** An admin's or operator's "revoke": the link stops working. */
  async revoke(linkId: string): Promise<void> {
    await this.dataSource.getRepository(AccountLink).update({ id: linkId, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
