import { pageOf, type Keyset, type Page } from '../common/pagination';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { AccountLinksService } from '../auth/account-links.service';
import { AuthService } from '../auth/auth.service';
import type { LinkDelivery } from '../auth/link-mail';
import { hashPassword } from '../auth/passwords';
import { requireRole, requireSameOrganization } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { requireSomethingToChange } from '../common/validation';
import { inTransaction, isDuplicateKey } from '../database/transactions';
import { securityEvent } from '../common/security-log';
import { peopleNotice } from '../outbox/people-notice';
import { enqueue } from '../outbox/outbox';
import type { UploadedImage } from '../common/image-upload';
import { Position } from '../identity/position.entity';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { User } from '../identity/user.entity';
import { toUserView, type UserView } from '../identity/user-view';

const PERSON_NOT_FOUND = { th: 'ไม่พบบุคคลนี้', en: 'Person not found' };

export const usernameTaken = () => DomainError.field('username', 'unique', 'ชื่อผู้ใช้นี้มีผู้ใช้แล้วในหน่วยงาน', 'This username is taken in the organisation');

const PEOPLE_ORDER: Keyset<User> = {
  name: 'people',
  columns: [
    { sql: 'user.full_name', direction: 'ASC', kind: 'string', of: (u) => u.fullName },
    { sql: 'user.id', direction: 'ASC', kind: 'string', of: (u) => u.id },
  ],
};

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly authService: AuthService,
    private readonly links: AccountLinksService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * An admin's reset link for a person of the organisation (30 minutes; for someone who never chose a password, a new
   * 72-hour invitation): mailed, or handed back once to pass on. The person's earlier links stop working.
   */
  async issuePasswordLink(auth: AuthContext, id: string): Promise<LinkDelivery> {
    requireRole(auth, 'admin');
    const user = requireSameOrganization(auth, await this.users.findOneBy({ id }), PERSON_NOT_FOUND);
    if (!user.active) throw DomainError.conflict({ th: 'บัญชีนี้ปิดการใช้งานอยู่ เปิดใช้งานก่อน', en: 'The account is deactivated: reactivate it first' });
    return this.links.issueAndDeliver(user, user.passwordSetAt ? 'password_reset' : 'invitation', auth.userId);
  }

  /** Who holds each of the positions (a position has one holder at most), by position id. */
  async holdersOf(auth: AuthContext, positionIds: string[]): Promise<Map<string, string>> {
    if (positionIds.length === 0) return new Map();
    const holders = await this.users.find({
      where: { organizationId: auth.organizationId, positionId: In(positionIds) },
      select: { id: true, honorific: true, fullName: true, positionId: true },
    });
    return new Map(holders.map((u) => [u.positionId!, `${u.honorific}${u.fullName}`]));
  }

  /** The organisation's people by name. */
  /** The organisation's people; `joinedOnly` leaves out those invited who have not chosen a password yet. */
  async list(auth: AuthContext, page: { limit?: number; cursor?: string } = {}, { joinedOnly = false } = {}): Promise<Page<UserView>> {
    const qb = this.users
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.position', 'position')
      .where('user.organization_id = :organizationId', { organizationId: auth.organizationId });
    // In the query, not after it: a page filtered afterwards would come out short.
    if (joinedOnly) qb.andWhere('user.password_set_at IS NOT NULL');
    return pageOf(qb, PEOPLE_ORDER, page, (q) => q.getMany() as Promise<User[]>, toUserView);
  }

  async get(auth: AuthContext, id: string): Promise<UserView> {
    const user = requireSameOrganization(auth, await this.users.findOne({ where: { id }, relations: { position: true } }), PERSON_NOT_FOUND);
    return toUserView(user);
  }

  /** The signed-in person's own record. */
  async view(id: string): Promise<UserView> {
    return toUserView(await this.users.findOneOrFail({ where: { id }, relations: { position: true } }));
  }

  async create(auth: AuthContext, dto: CreateUserDto): Promise<UserView> {
    requireRole(auth, 'admin');
    await this.assertUsernameFree(auth.organizationId, dto.username);
    if (dto.positionId) await this.assertPositionAssignable(auth, dto.positionId, null);
    const user = await this.saveNew(
      this.users.create({
        organizationId: auth.organizationId,
        honorific: dto.honorific.trim(),
        fullName: dto.fullName.trim(),
        username: dto.username,
        email: dto.email?.toLowerCase() ?? null,
        passwordHash: await hashPassword(dto.password),
        passwordSetAt: new Date(),
        roles: dto.roles,
        positionId: dto.positionId ?? null,
        active: true,
      }),
    );
    return this.view(user.id);
  }

  /** Two admins adding the same name at once: the second is told the name is taken, as it would be a moment later. */
  private async saveNew(user: User): Promise<User> {
    try {
      return await this.users.save(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw usernameTaken();
      throw error;
    }
  }

  /**
   * Admins only. A new password ends the person's sessions; deactivating ends them too and frees the person's
   * position for a successor (their past signatures and audit rows keep their own copy of name and position).
   */
  async update(auth: AuthContext, id: string, dto: UpdateUserDto): Promise<UserView> {
    requireRole(auth, 'admin');
    const user = requireSameOrganization(auth, await this.users.findOneBy({ id }), PERSON_NOT_FOUND);
    requireSomethingToChange(dto);
    if (id === auth.userId && dto.active === false) {
      throw DomainError.field('active', 'selfLockout', 'ไม่สามารถปิดการใช้งานบัญชีของตนเองได้ ให้ผู้ดูแลระบบคนอื่นเป็นผู้ปิด', 'You cannot deactivate yourself');
    }
    if (id === auth.userId && dto.roles && !dto.roles.includes('admin')) {
      throw DomainError.field('roles', 'selfLockout', 'ไม่สามารถถอดสิทธิ์ผู้ดูแลระบบของตนเองได้', 'You cannot remove your own admin role');
    }
    if (dto.username && dto.username !== user.username) await this.assertUsernameFree(auth.organizationId, dto.username);
    if (dto.positionId) await this.assertPositionAssignable(auth, dto.positionId, user.id);
    const { password, ...given } = dto;
    const fields: Partial<User> = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    if (fields.honorific !== undefined) fields.honorific = fields.honorific.trim();
    if (fields.fullName !== undefined) fields.fullName = fields.fullName.trim();
    if (typeof fields.email === 'string') fields.email = fields.email.toLowerCase();
    if (dto.active === false) fields.positionId = null;
    const removesAdmin = dto.active === false || (dto.roles !== undefined && !dto.roles.includes('admin'));
    if (removesAdmin) {
      await inTransaction(this.dataSource, async (manager) => {
        await manager.update(User, { id }, fields);
        await this.assertAnActiveAdminRemains(manager, auth.organizationId, dto.active === false ? 'active' : 'roles');
      });
    } else if (Object.keys(fields).length) {
      await this.users.update({ id }, fields);
    }
    if (password) await this.resetPassword(auth, user, password);
    if (dto.active === false) await this.authService.endSessions(id);
    return this.view(id);
  }

  /**
   * An admin setting someone's password could then sign in as them: the person is told (by mail, in the same
   * transaction as the change) and the operator's log has a line. An admin's own new password is a change, not a reset.
   */
  private async resetPassword(auth: AuthContext, person: User, password: string): Promise<void> {
    if (person.id === auth.userId) {
      await this.authService.setPassword(person.id, password);
      securityEvent('auth.password_changed', { userId: person.id });
      return;
    }
    const admin = await this.users.findOneByOrFail({ id: auth.userId });
    await inTransaction(this.dataSource, async (manager) => {
      await this.authService.setPassword(person.id, password, undefined, manager);
      await enqueue(manager, [
        peopleNotice(
          person.organizationId!,
          [person.id],
          'รหัสผ่านของท่านถูกตั้งใหม่โดยผู้ดูแลระบบ',
          [
            `ผู้ดูแลระบบ ${admin.displayName} ได้ตั้งรหัสผ่านใหม่ให้บัญชี ${person.username} ของท่านในระบบเกษียน และการเข้าสู่ระบบของท่านทุกเครื่องสิ้นสุดลงแล้ว`,
            'หากท่านไม่ได้ขอให้ตั้งรหัสผ่านใหม่ กรุณาแจ้งผู้บังคับบัญชาโดยเร็ว: ผู้ที่รู้รหัสผ่านใหม่เข้าสู่ระบบในนามของท่านได้',
          ].join('\n'),
        ),
      ]);
    });
    securityEvent('admin.password_reset', { userId: person.id });
  }

  async setSignature(auth: AuthContext, id: string, image: UploadedImage): Promise<void> {
    if (id !== auth.userId) requireRole(auth, 'admin');
    requireSameOrganization(auth, await this.users.findOneBy({ id }), PERSON_NOT_FOUND);
    await this.users.update({ id }, { signature: image.data, signatureType: image.type });
  }

  async getSignature(auth: AuthContext, id: string): Promise<UploadedImage> {
    const user = requireSameOrganization(
      auth,
      await this.users.findOne({ where: { id }, select: { id: true, organizationId: true, signature: true, signatureType: true } }),
      PERSON_NOT_FOUND,
    );
    if (!user.signature || !user.signatureType) throw DomainError.notFound({ th: 'ยังไม่มีลายมือชื่อ', en: 'No signature uploaded' });
    return { data: user.signature, type: user.signatureType as UploadedImage['type'] };
  }

  /**
   * An organisation always keeps an active admin: checked after the change, inside its transaction. On MariaDB the
   * read locks the organisation's active people, so two app processes' admins deactivating each other at once
   * deadlock and the retried loser sees the winner's change.
   */
  private async assertAnActiveAdminRemains(manager: EntityManager, organizationId: string, field: 'active' | 'roles'): Promise<void> {
    const query = manager
      .createQueryBuilder(User, 'user')
      .where('user.organization_id = :organizationId AND user.active = :active', { organizationId, active: true })
      .orderBy('user.id');
    if (manager.connection.options.type === 'mysql') query.setLock('pessimistic_write');
    if (!(await query.getMany()).some((person) => person.roles.includes('admin'))) {
      throw DomainError.field(field, 'lastAdmin', 'ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน เพิ่มหรือเปิดใช้งานผู้ดูแลระบบคนอื่นก่อน', 'The organisation needs at least one active admin');
    }
  }

  /** Within the organisation only: names in other organisations are theirs, and are not revealed. */
  private async assertUsernameFree(organizationId: string, username: string): Promise<void> {
    if (await this.users.existsBy({ organizationId, username })) {
      throw usernameTaken();
    }
  }

  private assertPositionAssignable(auth: AuthContext, positionId: string, userId: string | null): Promise<void> {
    return assertPositionAssignable(this.dataSource.manager, auth.organizationId, positionId, userId);
  }
}

/** The position exists in the organisation and nobody else holds it (one person per position). */
export async function assertPositionAssignable(manager: EntityManager, organizationId: string, positionId: string, userId: string | null): Promise<void> {
  const position = await manager.findOneBy(Position, { id: positionId });
  if (!position || position.organizationId !== organizationId) {
    throw DomainError.field('positionId', 'exists', 'ไม่พบตำแหน่งนี้', 'No such position');
  }
  const holder = await manager.findOneBy(User, { positionId });
  if (holder && holder.id !== userId) {
    throw DomainError.field('positionId', 'unique', `ตำแหน่งนี้มีผู้ดำรงตำแหน่งอยู่แล้ว (${holder.honorific}${holder.fullName})`, 'Someone already holds this position');
  }
}
