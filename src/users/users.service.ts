import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/passwords';
import { requireRole, requireSameOrganization } from '../common/access';
import { DomainError } from '../common/domain-error';
import type { UploadedImage } from '../common/image-upload';
import { Position } from '../organizations/position.entity';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { User } from './user.entity';
import { toUserView, type UserView } from './user-view';

const PERSON_NOT_FOUND = { th: 'ไม่พบบุคคลนี้', en: 'Person not found' };

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Position) private readonly positions: Repository<Position>,
    private readonly authService: AuthService,
  ) {}

  async list(auth: AuthContext): Promise<UserView[]> {
    const users = await this.users.find({
      where: { organizationId: auth.organizationId },
      relations: { position: true },
      order: { fullName: 'ASC' },
    });
    return users.map(toUserView);
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
    await this.assertUsernameFree(dto.username);
    if (dto.positionId) await this.assertPositionAssignable(auth, dto.positionId, null);
    const user = await this.users.save(
      this.users.create({
        organizationId: auth.organizationId,
        honorific: dto.honorific.trim(),
        fullName: dto.fullName.trim(),
        username: dto.username,
        email: dto.email ?? null,
        passwordHash: await hashPassword(dto.password),
        roles: dto.roles,
        positionId: dto.positionId ?? null,
        active: true,
      }),
    );
    return this.view(user.id);
  }

  async update(auth: AuthContext, id: string, dto: UpdateUserDto): Promise<UserView> {
    requireRole(auth, 'admin');
    const user = requireSameOrganization(auth, await this.users.findOneBy({ id }), PERSON_NOT_FOUND);
    if (dto.username && dto.username !== user.username) await this.assertUsernameFree(dto.username);
    if (dto.positionId) await this.assertPositionAssignable(auth, dto.positionId, user.id);
    if (id === auth.userId && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
      throw DomainError.field('roles', 'selfLockout', 'ไม่สามารถถอดสิทธิ์ผู้ดูแลระบบหรือปิดบัญชีของตนเองได้', 'You cannot remove your own admin role or deactivate yourself');
    }
    const { password, ...fields } = dto;
    await this.users.update({ id }, { ...fields });
    if (password) await this.authService.setPassword(id, password);
    if (dto.active === false) await this.authService.endSessions(id);
    return this.view(id);
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

  private async assertUsernameFree(username: string): Promise<void> {
    if (await this.users.existsBy({ username })) {
      throw DomainError.field('username', 'unique', 'ชื่อผู้ใช้นี้มีผู้ใช้แล้ว', 'This username is taken');
    }
  }

  private async assertPositionAssignable(auth: AuthContext, positionId: string, userId: string | null): Promise<void> {
    const position = await this.positions.findOneBy({ id: positionId });
    if (!position || position.organizationId !== auth.organizationId) {
      throw DomainError.field('positionId', 'exists', 'ไม่พบตำแหน่งนี้', 'No such position');
    }
    const holder = await this.users.findOneBy({ positionId });
    if (holder && holder.id !== userId) {
      throw DomainError.field(
        'positionId',
        'unique',
        `ตำแหน่งนี้มีผู้ดำรงตำแหน่งอยู่แล้ว (${holder.honorific}${holder.fullName})`,
        'Someone already holds this position',
      );
    }
  }
}
