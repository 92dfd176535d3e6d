import { pageOf, type Keyset, type Page } from '../common/pagination';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { hashPassword } from '../auth/passwords';
import { requireRole, requireSameOrganization } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { requireSomethingToChange } from '../common/validation';
import { inTransaction } from '../database/transactions';
import type { UploadedImage } from '../common/image-upload';
import type { Role } from '../identity/role';
import { User } from '../identity/user.entity';
import { CreatePositionDto, UpdateOrganizationDto, UpdatePositionDto } from './organization.dto';
import { Organization } from '../identity/organization.entity';
import { Position } from '../identity/position.entity';
import { RouteStep } from './route-step.entity';
import { ItaItem } from './ita-item.entity';
import { DEFAULT_ITA_ITEMS } from './ita-defaults';

const POSITION_NOT_FOUND = { th: 'ไม่พบตำแหน่งนี้', en: 'Position not found' };

export type NewOrganization = Pick<
  Organization,
  'slug' | 'name' | 'shortName' | 'kind' | 'district' | 'province' | 'letterCode' | 'numerals' | 'phone' | 'website'
>;

export interface NewPerson {
  honorific: string;
  fullName: string;
  username: string;
  password: string;
  roles: Role[];
  email?: string;
  /** Index into the positions created with the organisation. */
  position?: number;
}

const POSITION_ORDER: Keyset<Position> = {
  name: 'positions',
  columns: [
    { sql: 'position.title', direction: 'ASC', kind: 'string', of: (p) => p.title },
    { sql: 'position.id', direction: 'ASC', kind: 'string', of: (p) => p.id },
  ],
};

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(Position) private readonly positions: Repository<Position>,
    @InjectRepository(RouteStep) private readonly routeSteps: Repository<RouteStep>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Creates an organisation with its positions and first people in one transaction (demo data, the CLI, tests). */
  async createWithPeople(
    data: NewOrganization,
    positions: Pick<Position, 'title' | 'shortTitle' | 'unit'>[],
    people: NewPerson[],
    /** Indices into `positions`, in route order (default route: ปลัด, then นายก). */
    route: number[] = [],
  ): Promise<{ organization: Organization; positions: Position[]; users: User[] }> {
    const hashes = await Promise.all(people.map((p) => hashPassword(p.password)));
    return inTransaction(this.dataSource, async (manager) => {
      if (await manager.existsBy(Organization, { slug: data.slug })) {
        throw DomainError.field('slug', 'unique', 'ชื่อย่อสำหรับเว็บไซต์นี้มีผู้ใช้แล้ว', 'This slug is taken');
      }
      const organization = await manager.save(manager.create(Organization, data));
      const savedPositions = [];
      for (const p of positions) {
        savedPositions.push(await manager.save(manager.create(Position, { ...p, organizationId: organization.id })));
      }
      const users = [];
      for (const [i, p] of people.entries()) {
        users.push(
          await manager.save(
            manager.create(User, {
              organizationId: organization.id,
              honorific: p.honorific,
              fullName: p.fullName,
              username: p.username,
              email: p.email?.toLowerCase() ?? null,
              passwordHash: hashes[i],
              passwordSetAt: new Date(),
              roles: p.roles,
              positionId: p.position === undefined ? null : savedPositions[p.position].id,
              active: true,
            }),
          ),
        );
      }
      for (const item of DEFAULT_ITA_ITEMS) {
        await manager.insert(ItaItem, { id: randomUUID(), organizationId: organization.id, ...item });
      }
      for (const [i, index] of route.entries()) {
        await manager.insert(RouteStep, { id: randomUUID(), organizationId: organization.id, ordinal: i + 1, positionId: savedPositions[index].id });
      }
      return { organization, positions: savedPositions, users };
    });
  }

  count(): Promise<number> {
    return this.organizations.count();
  }

  async get(auth: AuthContext, id: string = auth.organizationId): Promise<Organization> {
    const organization = id === auth.organizationId ? await this.organizations.findOneBy({ id }) : null;
    if (!organization) throw DomainError.notFound({ th: 'ไม่พบหน่วยงานนี้', en: 'Organisation not found' });
    return organization;
  }

  async update(auth: AuthContext, dto: UpdateOrganizationDto): Promise<Organization> {
    requireRole(auth, 'admin');
    requireSomethingToChange(dto);
    await this.organizations.update({ id: auth.organizationId }, dto);
    return this.get(auth);
  }

  async setEmblem(auth: AuthContext, image: UploadedImage): Promise<void> {
    requireRole(auth, 'admin');
    await this.organizations.update({ id: auth.organizationId }, { emblem: image.data, emblemType: image.type });
  }

  async getEmblem(auth: AuthContext): Promise<UploadedImage> {
    const row = await this.organizations.findOne({
      where: { id: auth.organizationId },
      select: { id: true, emblem: true, emblemType: true },
    });
    if (!row?.emblem || !row.emblemType) throw DomainError.notFound({ th: 'ยังไม่มีตราสัญลักษณ์', en: 'No emblem uploaded' });
    return { data: row.emblem, type: row.emblemType as UploadedImage['type'] };
  }

  /** The organisation's positions by title. */
  listPositions(auth: AuthContext, page: { limit?: number; cursor?: string } = {}): Promise<Page<Position>> {
    const qb = this.positions.createQueryBuilder('position').where('position.organization_id = :organizationId', { organizationId: auth.organizationId });
    return pageOf(qb, POSITION_ORDER, page, (q) => q.getMany() as Promise<Position[]>, (position) => position);
  }

  async getPosition(auth: AuthContext, id: string): Promise<Position> {
    return requireSameOrganization(auth, await this.positions.findOneBy({ id }), POSITION_NOT_FOUND);
  }

  async createPosition(auth: AuthContext, dto: CreatePositionDto): Promise<Position> {
    requireRole(auth, 'admin');
    await this.assertTitleFree(auth, dto.title, null);
    return this.positions.save(this.positions.create({ ...dto, unit: dto.unit ?? null, organizationId: auth.organizationId }));
  }

  async updatePosition(auth: AuthContext, id: string, dto: UpdatePositionDto): Promise<Position> {
    requireRole(auth, 'admin');
    await this.getPosition(auth, id);
    requireSomethingToChange(dto);
    if (dto.title) await this.assertTitleFree(auth, dto.title, id);
    await this.positions.update({ id }, dto);
    return this.getPosition(auth, id);
  }

  async deletePosition(auth: AuthContext, id: string): Promise<void> {
    requireRole(auth, 'admin');
    await this.getPosition(auth, id);
    if (await this.routeSteps.existsBy({ positionId: id })) {
      throw DomainError.conflict({ th: 'ตำแหน่งนี้อยู่ในเส้นทางการเสนอแฟ้ม ให้นำออกจากเส้นทางก่อน', en: 'The position is on the approval route; remove it from the route first' });
    }
    await this.positions.delete({ id });
  }

  /** The reviewing positions in order. */
  async getRoute(organizationId: string): Promise<Position[]> {
    const steps = await this.routeSteps.find({ where: { organizationId }, relations: { position: true }, order: { ordinal: 'ASC' } });
    return steps.map((step) => step.position as Position);
  }

  /** Replaces the route. Memos already in review keep the route they were submitted with. */
  async setRoute(auth: AuthContext, positionIds: string[]): Promise<Position[]> {
    requireRole(auth, 'admin');
    if (new Set(positionIds).size !== positionIds.length) {
      throw DomainError.field('positionIds', 'arrayUnique', 'ตำแหน่งในเส้นทางต้องไม่ซ้ำกัน', 'A position may appear once in the route');
    }
    for (const [i, id] of positionIds.entries()) {
      const position = await this.positions.findOneBy({ id });
      if (!position || position.organizationId !== auth.organizationId) {
        throw DomainError.field(`positionIds.${i}`, 'exists', 'ไม่พบตำแหน่งนี้', 'No such position');
      }
    }
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(RouteStep, { organizationId: auth.organizationId });
      for (const [i, positionId] of positionIds.entries()) {
        await manager.insert(RouteStep, { id: randomUUID(), organizationId: auth.organizationId, ordinal: i + 1, positionId });
      }
    });
    return this.getRoute(auth.organizationId);
  }

  private async assertTitleFree(auth: AuthContext, title: string, exceptId: string | null): Promise<void> {
    const existing = await this.positions.findOneBy({ organizationId: auth.organizationId, title });
    if (existing && existing.id !== exceptId) {
      throw DomainError.field('title', 'unique', 'มีตำแหน่งชื่อนี้อยู่แล้ว', 'A position with this title exists');
    }
  }
}
