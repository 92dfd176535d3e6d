import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccountLink, linkState, type LinkState } from '../auth/account-link.entity';
import { AccountLinksService } from '../auth/account-links.service';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { keysetPage, type Keyset, type Page } from '../common/pagination';
import { inTransaction, isDuplicateKey } from '../database/transactions';
import type { LinkDelivery } from '../auth/link-mail';
import { Organization } from '../identity/organization.entity';
import { CreateInvitationDto } from './invitation.dto';
import { User } from '../identity/user.entity';
import { toUserView, type UserView } from '../identity/user-view';
import { assertPositionAssignable, usernameTaken } from './users.service';

const INVITATION_NOT_FOUND = { th: 'ไม่พบคำเชิญนี้', en: 'Invitation not found' };

const INVITATION_ORDER: Keyset<AccountLink> = {
  name: 'invitations',
  columns: [
    { sql: 'link.created_at', direction: 'DESC', kind: 'date', of: (l) => l.createdAt },
    { sql: 'link.id', direction: 'DESC', kind: 'string', of: (l) => l.id },
  ],
};

export interface InvitationView {
  id: string;
  person: UserView;
  state: LinkState;
  sentTo: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface InvitationResult {
  invitation: InvitationView;
  delivery: LinkDelivery;
}

/** The person an invitation creates: everything but the password, which they choose through the link. */
export type InvitedPerson = Pick<CreateInvitationDto, 'fullName' | 'email' | 'roles'> & { honorific?: string; positionId?: string | null; username?: string };

/**
 * Invitations: an admin (or, for an organisation's first admin, the platform operator) names a person; Kasian
 * creates them without a password and mails a 72-hour one-time link, or — with no SMTP — hands the link back once to
 * be passed on. Re-sending issues a new link (the old one stops working); revoking removes the person who never
 * accepted, and the link then says it was revoked.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: AccountLinksService,
  ) {}

  async invite(auth: AuthContext, dto: CreateInvitationDto): Promise<InvitationResult> {
    requireRole(auth, 'admin');
    return this.inviteInto(auth.organizationId, dto, auth.userId);
  }

  /** Creates the person and their link in one transaction, then mails it. */
  async inviteInto(organizationId: string, person: InvitedPerson, issuedById: string | null, manager?: EntityManager): Promise<InvitationResult> {
    const work = (m: EntityManager) => this.createInvited(m, organizationId, person, issuedById);
    const { user, issued } = manager ? await work(manager) : await inTransaction(this.dataSource, work);
    return this.delivered(user, issued);
  }

  /** In the caller's transaction: the person (no password yet) and their invitation link. */
  async createInvited(manager: EntityManager, organizationId: string, person: InvitedPerson, issuedById: string | null) {
    if (person.positionId) await assertPositionAssignable(manager, organizationId, person.positionId, null);
    const email = person.email.trim().toLowerCase();
    const username = person.username ?? (await this.freeUsername(manager, organizationId, email));
    if (person.username && (await manager.existsBy(User, { organizationId, username }))) throw usernameTaken();
    const user = manager.create(User, {
      organizationId,
      honorific: person.honorific?.trim() ?? '',
      fullName: person.fullName.trim(),
      username,
      email,
      passwordHash: '',
      passwordSetAt: null,
      roles: person.roles,
      positionId: person.positionId ?? null,
      active: true,
    });
    try {
      await manager.save(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw usernameTaken();
      throw error;
    }
    return { user, issued: await this.links.issue(manager, user, 'invitation', issuedById) };
  }

  /** After the transaction that issued it: mailed, or the link to show once. */
  async delivered(user: User, issued: { url: string; link: AccountLink }): Promise<InvitationResult> {
    const organization = user.organizationId ? await this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }) : null;
    const delivery = await this.links.deliver(user, organization, 'invitation', issued);
    const link = await this.dataSource.getRepository(AccountLink).findOneByOrFail({ id: issued.link.id });
    return { invitation: this.view(link, user), delivery };
  }

  /**
   * The organisation's invitations not accepted yet (also expired or revoked ones, until re-sent), newest first: one
   * line per person, their newest link (a re-send revokes the one before).
   */
  async list(auth: AuthContext, page: { limit?: number; cursor?: string } = {}): Promise<Page<InvitationView>> {
    requireRole(auth, 'admin');
    const qb = this.dataSource
      .getRepository(AccountLink)
      .createQueryBuilder('link')
      .innerJoin(User, 'person', 'person.id = link.user_id AND person.organization_id = link.organization_id AND person.password_set_at IS NULL')
      .where("link.organization_id = :organizationId AND link.purpose = 'invitation' AND link.used_at IS NULL", { organizationId: auth.organizationId })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM account_links newer WHERE newer.user_id = link.user_id AND newer.purpose = 'invitation' AND newer.used_at IS NULL
           AND (newer.created_at > link.created_at OR (newer.created_at = link.created_at AND newer.id > link.id)))`,
      );
    const { rows, next, previous } = await keysetPage(qb, INVITATION_ORDER, page, (q) => q.getMany() as Promise<AccountLink[]>);
    const userIds = rows.map((l) => l.userId).filter((id): id is string => id !== null);
    const people = userIds.length ? await this.dataSource.getRepository(User).find({ where: { id: In(userIds) }, relations: { position: true } }) : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const items = rows.flatMap((link) => {
      const person = link.userId ? byId.get(link.userId) : undefined;
      return person ? [this.view(link, person)] : [];
    });
    return { items, next, previous };
  }

  /** A new link (72 hours from now) for a person who has not accepted; the old link stops working. */
  async resend(auth: AuthContext, invitationId: string): Promise<InvitationResult> {
    requireRole(auth, 'admin');
    const { user } = await this.pending(auth, invitationId);
    const issued = await inTransaction(this.dataSource, (manager) => this.links.issue(manager, user, 'invitation', auth.userId));
    return this.delivered(user, issued);
  }

  /** The link stops working and the person, who never accepted, is removed (their position is free again). */
  async revoke(auth: AuthContext, invitationId: string): Promise<void> {
    requireRole(auth, 'admin');
    const { link, user } = await this.pending(auth, invitationId);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(AccountLink, { userId: user.id, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      await manager.update(AccountLink, { id: link.id }, { revokedAt: link.revokedAt ?? new Date() });
      await manager.delete(User, { id: user.id, passwordSetAt: IsNull() });
    });
  }

  private async pending(auth: AuthContext, invitationId: string): Promise<{ link: AccountLink; user: User }> {
    const link = await this.dataSource.getRepository(AccountLink).findOneBy({ id: invitationId, purpose: 'invitation' });
    if (!link || link.organizationId !== auth.organizationId || !link.userId) throw DomainError.notFound(INVITATION_NOT_FOUND);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: link.userId, organizationId: auth.organizationId });
    if (!user) throw DomainError.notFound(INVITATION_NOT_FOUND);
    if (user.passwordSetAt) throw DomainError.conflict({ th: 'บุคคลนี้ตอบรับคำเชิญแล้ว', en: 'This person has accepted the invitation' });
    return { link, user };
  }

  private view(link: AccountLink, person: User): InvitationView {
    return { id: link.id, person: toUserView(person), state: linkState(link), sentTo: link.sentTo, createdAt: link.createdAt, expiresAt: link.expiresAt };
  }

  /** A username from the e-mail's local part, free in the organisation (`orathai`, `orathai2`, …). */
  private async freeUsername(manager: EntityManager, organizationId: string, email: string): Promise<string> {
    let base = email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]+/g, '.').replace(/^[._-]+|[._-]+$/g, '').slice(0, 60);
    if (base.length < 3) base = `${base}user`.slice(0, 60);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}${n}`;
      if (!(await manager.existsBy(User, { organizationId, username: candidate }))) return candidate;
    }
  }
}
