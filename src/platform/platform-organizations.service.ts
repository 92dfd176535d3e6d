import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { AccountLinksService } from '../auth/account-links.service';
import { Session } from '../auth/session.entity';
import { requireOperator } from '../auth/access';
import { DomainError, type FieldProblem } from '../common/domain-error';
import { keysetPage, type Keyset, type Page } from '../common/pagination';
import { requireSomethingToChange } from '../common/validation';
import { inTransaction } from '../database/transactions';
import type { LinkDelivery } from '../auth/link-mail';
import { Memo } from '../memos/memo.entity';
import { ORGANIZATION_KINDS, Organization, type OrganizationKind } from '../identity/organization.entity';
import { ItaItem } from '../organizations/ita-item.entity';
import { DEFAULT_ITA_ITEMS } from '../organizations/ita-defaults';
import { Publication } from '../publication/publication.entity';
import { InvitationsService, type InvitationResult } from '../users/invitations.service';
import { User } from '../identity/user.entity';
import { toUserView, type UserView } from '../identity/user-view';
import { lineProblem, parseOrganizationImport, type ImportedOrganizationDto } from './organization-import';
import { CreatePlatformOrganizationDto, InviteAdminDto, UpdatePlatformOrganizationDto } from './platform-organization.dto';

const NOT_FOUND = { th: 'ไม่พบหน่วยงานนี้', en: 'Organisation not found' };
/** What a summary shows of an organisation: not its words, emblem or contact details. */
const SUMMARY_COLUMNS = ['id', 'name', 'shortName', 'kind', 'province', 'district', 'dlaCode', 'letterCode', 'slug', 'numerals', 'suspendedAt', 'createdAt'] as const;

/** The operator's list: by province, district and name (as the DLA lists them), then id. */
const ORGANIZATION_ORDER: Keyset<Organization> = {
  name: 'organizations',
  columns: [
    { sql: 'organization.province', direction: 'ASC', kind: 'string', of: (o) => o.province },
    { sql: 'organization.district', direction: 'ASC', kind: 'string', of: (o) => o.district },
    { sql: 'organization.name', direction: 'ASC', kind: 'string', of: (o) => o.name },
    { sql: 'organization.id', direction: 'ASC', kind: 'string', of: (o) => o.id },
  ],
};
/** Rows per INSERT of a bulk import: well under MySQL's 65,535 placeholders and SQLite's 32,766 variables. */
const CHUNK = 500;

/** What the operator sees of an organisation: its profile and counts, never its documents. */
export interface OrganizationSummary {
  id: string;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  province: string;
  district: string;
  dlaCode: string | null;
  letterCode: string;
  slug: string;
  numerals: string;
  suspended: boolean;
  suspendedAt: Date | null;
  createdAt: Date;
  counts: { people: number; memos: number; publications: number };
}

export interface ImportLineResult {
  line: number;
  dlaCode: string;
  name: string;
  slug: string;
  action: 'create' | 'exists' | 'refused';
  problems?: { field: string; message: string; messageEn: string }[];
}

export interface ImportResult {
  dryRun: boolean;
  valid: boolean;
  created: number;
  existing: number;
  refused: number;
  lines: ImportLineResult[];
}

/** The short name a new organisation goes by when none is given: อบต.พร่อน for องค์การบริหารส่วนตำบลพร่อน. */
export function shortNameOf(name: string, kind: OrganizationKind): string {
  const { th, short } = ORGANIZATION_KINDS[kind];
  const rest = name.startsWith(th) ? name.slice(th.length).trim() : name;
  return `${short}${rest}`.slice(0, 100);
}

/**
 * The platform operator's organisations: create (with a first admin, invited), edit, suspend, import in bulk, list
 * with counts. Every method starts with `requireOperator`. Nothing here reads an organisation's documents.
 */
@Injectable()
export class PlatformOrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly links: AccountLinksService,
  ) {}

  /** A page of organisations by province, district and name; `q` matches part of the name, or the DLA code, slug or province. */
  async list(auth: AuthContext, query: { q?: string; limit?: number; cursor?: string } = {}): Promise<Page<OrganizationSummary>> {
    requireOperator(auth);
    const qb = this.matching(query.q).select(SUMMARY_COLUMNS.map((column) => `organization.${column}`));
    const { rows, next, previous } = await keysetPage(qb, ORGANIZATION_ORDER, query, (q) => q.getMany() as Promise<Organization[]>);
    return { items: await this.summaries(rows), next, previous };
  }

  /** How many organisations `list` pages through. */
  async count(auth: AuthContext, q?: string): Promise<number> {
    requireOperator(auth);
    return this.matching(q).getCount();
  }

  private matching(q: string | undefined) {
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('organization');
    const term = q?.trim();
    if (term) {
      qb.where(
        new Brackets((w) =>
          w
            .where('organization.name LIKE :like', { like: `%${term}%` })
            .orWhere('organization.dla_code = :term', { term })
            .orWhere('organization.slug = :slug', { slug: term.toLowerCase() })
            .orWhere('organization.province = :term', { term }),
        ),
      );
    }
    return qb;
  }

  async get(auth: AuthContext, id: string): Promise<OrganizationSummary & { admins: UserView[] }> {
    requireOperator(auth);
    const organization = await this.organization(id);
    const admins = (await this.dataSource.getRepository(User).find({ where: { organizationId: id }, order: { fullName: 'ASC' } })).filter((u) => u.roles.includes('admin'));
    return { ...(await this.summaries([organization]))[0], admins: admins.map(toUserView) };
  }

  /** The organisation (with the default ITA items) and its first admin, invited, in one transaction; then the mail. */
  async create(auth: AuthContext, dto: CreatePlatformOrganizationDto): Promise<{ organization: OrganizationSummary; admin: InvitationResult }> {
    requireOperator(auth);
    const { organization, invited } = await inTransaction(this.dataSource, async (manager) => {
      await this.assertFree(manager, { dlaCode: dto.dlaCode, slug: dto.slug }, null);
      const [organization] = await this.insertOrganizations(manager, [dto]);
      const invited = await this.invitations.createInvited(
        manager,
        organization.id,
        { honorific: dto.adminHonorific, fullName: dto.adminFullName, email: dto.adminEmail, username: dto.adminUsername, roles: ['admin'] },
        auth.userId,
      );
      return { organization, invited };
    });
    const admin = await this.invitations.delivered(invited.user, invited.issued);
    return { organization: (await this.summaries([organization]))[0], admin };
  }

  async update(auth: AuthContext, id: string, dto: UpdatePlatformOrganizationDto): Promise<OrganizationSummary> {
    requireOperator(auth);
    requireSomethingToChange(dto);
    await inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.findOneBy(Organization, { id });
      if (!organization) throw DomainError.notFound(NOT_FOUND);
      await this.assertFree(manager, { dlaCode: dto.dlaCode, slug: dto.slug }, id);
      await manager.update(Organization, { id }, dto);
    });
    return (await this.summaries([await this.organization(id)]))[0];
  }

  /** Nobody of it can sign in and its sessions end; its public pages answer 410. Nothing is deleted. */
  async suspend(auth: AuthContext, id: string): Promise<OrganizationSummary> {
    requireOperator(auth);
    await inTransaction(this.dataSource, async (manager) => {
      if (!(await manager.existsBy(Organization, { id }))) throw DomainError.notFound(NOT_FOUND);
      await manager.createQueryBuilder().update(Organization).set({ suspendedAt: new Date() }).where('id = :id AND suspended_at IS NULL', { id }).execute();
      await manager
        .createQueryBuilder()
        .delete()
        .from(Session)
        .where('user_id IN (SELECT id FROM users WHERE organization_id = :id)', { id })
        .execute();
    });
    return (await this.summaries([await this.organization(id)]))[0];
  }

  async unsuspend(auth: AuthContext, id: string): Promise<OrganizationSummary> {
    requireOperator(auth);
    await this.organization(id);
    await this.dataSource.getRepository(Organization).update({ id }, { suspendedAt: null });
    return (await this.summaries([await this.organization(id)]))[0];
  }

  /** Invites an admin into the organisation (mailed, or the link handed back once). */
  async inviteAdmin(auth: AuthContext, organizationId: string, dto: InviteAdminDto): Promise<InvitationResult> {
    requireOperator(auth);
    await this.organization(organizationId);
    return this.invitations.inviteInto(organizationId, { ...dto, roles: ['admin'] }, auth.userId);
  }

  /** A reset link for one of the organisation's admins (mailed, or shown once to the operator). */
  async resetAdminPassword(auth: AuthContext, organizationId: string, userId: string): Promise<LinkDelivery> {
    requireOperator(auth);
    const admin = await this.dataSource.getRepository(User).findOneBy({ id: userId, organizationId });
    if (!admin || !admin.roles.includes('admin')) throw DomainError.notFound({ th: 'ไม่พบผู้ดูแลระบบนี้ในหน่วยงาน', en: 'No such admin in the organisation' });
    return this.links.issueAndDeliver(admin, admin.passwordSetAt ? 'password_reset' : 'invitation', auth.userId);
  }

  /**
   * Bulk import from CSV. Lines whose DLA code exists already are left as they are (so running a file again changes
   * nothing); the others are created, all in one transaction or none. Any bad line refuses the whole file, each
   * problem named by line and field. `dryRun` answers what would happen per line, and changes nothing.
   */
  async import(auth: AuthContext, csv: Buffer, dryRun: boolean): Promise<ImportResult> {
    requireOperator(auth);
    const text = decodeUtf8(csv);
    const parsed = parseOrganizationImport(text);
    if (parsed.lines.length === 0) throw DomainError.validation(parsed.problems);
    const run = async (manager: EntityManager) => {
      const problems = [...parsed.problems];
      const existing = await this.existingByDlaCode(manager, parsed.lines.map((l) => l.organization.dlaCode));
      const fresh = parsed.lines.filter((l) => !existing.has(l.organization.dlaCode));
      const takenSlugs = await this.takenSlugs(manager, fresh.map((l) => l.organization.slug));
      for (const l of fresh) {
        if (takenSlugs.has(l.organization.slug)) {
          problems.push(lineProblem(l.line, 'slug', 'unique', { th: 'มีหน่วยงานอื่นใช้ชื่อนี้แล้ว', en: 'another organisation uses it' }));
        }
      }
      const byLine = new Map<number, FieldProblem[]>();
      for (const p of problems) {
        const line = Number(p.field.split('.')[1]);
        byLine.set(line, [...(byLine.get(line) ?? []), p]);
      }
      const lines: ImportLineResult[] = parsed.lines.map((l) => ({
        line: l.line,
        dlaCode: l.organization.dlaCode,
        name: l.organization.name,
        slug: l.organization.slug,
        action: byLine.has(l.line) ? 'refused' : existing.has(l.organization.dlaCode) ? 'exists' : 'create',
        ...(byLine.has(l.line) ? { problems: byLine.get(l.line)!.map((p) => ({ field: p.field, message: p.message.th, messageEn: p.message.en })) } : {}),
      }));
      const result = {
        dryRun,
        valid: problems.length === 0,
        created: dryRun || problems.length ? 0 : fresh.length,
        existing: lines.filter((l) => l.action === 'exists').length,
        refused: lines.filter((l) => l.action === 'refused').length,
        lines,
      };
      if (dryRun) return result;
      if (problems.length) throw DomainError.validation(problems);
      await this.insertOrganizations(manager, fresh.map((l) => l.organization));
      return result;
    };
    return dryRun ? run(this.dataSource.manager) : inTransaction(this.dataSource, run, 1);
  }

  /** New organisations and their default ITA items, a few hundred rows per statement. */
  private async insertOrganizations(manager: EntityManager, rows: (ImportedOrganizationDto | CreatePlatformOrganizationDto)[]): Promise<Organization[]> {
    const now = new Date();
    const organizations = rows.map((dto) =>
      manager.create(Organization, {
        id: randomUUID(),
        slug: dto.slug,
        name: dto.name.trim(),
        shortName: dto.shortName?.trim() || shortNameOf(dto.name.trim(), dto.kind),
        kind: dto.kind,
        district: dto.district.trim(),
        province: dto.province.trim(),
        dlaCode: dto.dlaCode,
        letterCode: dto.letterCode?.trim() ?? '',
        numerals: dto.numerals ?? 'thai',
        phone: null,
        website: null,
        overdueDays: 3,
        suspendedAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    for (let i = 0; i < organizations.length; i += CHUNK) {
      await manager.createQueryBuilder().insert().into(Organization).values(organizations.slice(i, i + CHUNK)).updateEntity(false).execute();
    }
    const items = organizations.flatMap((o) => DEFAULT_ITA_ITEMS.map((item) => ({ id: randomUUID(), organizationId: o.id, ...item })));
    for (let i = 0; i < items.length; i += CHUNK * 2) {
      await manager.createQueryBuilder().insert().into(ItaItem).values(items.slice(i, i + CHUNK * 2)).updateEntity(false).execute();
    }
    return organizations;
  }

  private async existingByDlaCode(manager: EntityManager, codes: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < codes.length; i += CHUNK) {
      const rows = await manager.find(Organization, { where: { dlaCode: In(codes.slice(i, i + CHUNK)) }, select: { id: true, dlaCode: true } });
      for (const row of rows) found.add(row.dlaCode!);
    }
    return found;
  }

  private async takenSlugs(manager: EntityManager, slugs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < slugs.length; i += CHUNK) {
      const rows = await manager.find(Organization, { where: { slug: In(slugs.slice(i, i + CHUNK)) }, select: { id: true, slug: true } });
      for (const row of rows) found.add(row.slug);
    }
    return found;
  }

  private async assertFree(manager: EntityManager, given: { dlaCode?: string; slug?: string }, exceptId: string | null): Promise<void> {
    const problems: FieldProblem[] = [];
    if (given.dlaCode) {
      const other = await manager.findOneBy(Organization, { dlaCode: given.dlaCode });
      if (other && other.id !== exceptId) problems.push({ field: 'dlaCode', rule: 'unique', message: { th: `รหัส อปท. นี้เป็นของ${other.name}แล้ว`, en: 'Another organisation has this DLA code' } });
    }
    if (given.slug) {
      const other = await manager.findOneBy(Organization, { slug: given.slug });
      if (other && other.id !== exceptId) problems.push({ field: 'slug', rule: 'unique', message: { th: 'มีหน่วยงานอื่นใช้ชื่อนี้ในที่อยู่เว็บแล้ว', en: 'Another organisation uses this slug' } });
    }
    if (problems.length) throw DomainError.validation(problems);
  }

  private async organization(id: string): Promise<Organization> {
    const organization = await this.dataSource.getRepository(Organization).findOneBy({ id });
    if (!organization) throw DomainError.notFound(NOT_FOUND);
    return organization;
  }

  /** Profiles with how many people, memos and publications each has: counts only, in three grouped queries. */
  private async summaries(organizations: Pick<Organization, (typeof SUMMARY_COLUMNS)[number]>[]): Promise<OrganizationSummary[]> {
    const ids = organizations.map((o) => o.id);
    const count = async (entity: typeof User | typeof Memo | typeof Publication): Promise<Map<string, number>> => {
      if (ids.length === 0) return new Map();
      const rows: { id: string; n: string | number }[] = await this.dataSource
        .createQueryBuilder(entity, 'row')
        .select('row.organization_id', 'id')
        .addSelect('COUNT(*)', 'n')
        .where('row.organization_id IN (:...ids)', { ids })
        .groupBy('row.organization_id')
        .getRawMany();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    };
    const [people, memos, publications] = await Promise.all([count(User), count(Memo), count(Publication)]);
    return organizations.map((o) => ({
      id: o.id,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      province: o.province,
      district: o.district,
      dlaCode: o.dlaCode,
      letterCode: o.letterCode,
      slug: o.slug,
      numerals: o.numerals,
      suspended: o.suspendedAt !== null,
      suspendedAt: o.suspendedAt,
      createdAt: o.createdAt,
      counts: { people: people.get(o.id) ?? 0, memos: memos.get(o.id) ?? 0, publications: publications.get(o.id) ?? 0 },
    }));
  }
}

/** The file's text: UTF-8 (a BOM is dropped by the CSV reader); anything else is refused rather than misread. */
function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw DomainError.field('file', 'encoding', 'ไฟล์ต้องเข้ารหัสแบบ UTF-8 (ใน Excel ให้บันทึกเป็น "CSV UTF-8")', 'The file must be UTF-8 (in Excel: save as "CSV UTF-8")');
  }
}
