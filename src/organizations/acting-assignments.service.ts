import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole, requireSameOrganization } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { keysetPage, type Keyset, type Page } from '../common/pagination';
import { gregorianDateProblem, thaiDate } from '../common/thai-calendar';
import { Position } from '../identity/position.entity';
import { User } from '../identity/user.entity';
import { ActingAssignment } from './acting-assignment.entity';
import type { ActingAssignmentDto } from './acting-assignment.dto';
import { ACTING_KINDS } from './acting-assignment.entity';
import { enqueue } from '../outbox/outbox';
import { inTransaction } from '../database/transactions';
import { securityEvent } from '../common/security-log';
import { peopleNotice } from '../outbox/people-notice';

/** The latest start first. */
const ACTING_ORDER: Keyset<ActingAssignment> = {
  name: 'acting',
  columns: [
    { sql: 'acting.starts_on', direction: 'DESC', kind: 'string', of: (a) => a.startsOn },
    { sql: 'acting.id', direction: 'DESC', kind: 'string', of: (a) => a.id },
  ],
};

/** Acting orders (คำสั่งให้รักษาราชการแทน / ปฏิบัติราชการแทน), managed by the organisation's admins. */
@Injectable()
export class ActingAssignmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each order with the names a reader needs: who, and for which position. */
  async list(auth: AuthContext, page: { limit?: number; cursor?: string } = {}): Promise<Page<Omit<ActingAssignment, 'assignId'> & { personName: string; positionTitle: string }>> {
    const qb = this.dataSource.getRepository(ActingAssignment).createQueryBuilder('acting').where('acting.organization_id = :organizationId', { organizationId: auth.organizationId });
    const { rows, next, previous } = await keysetPage(qb, ACTING_ORDER, page, (q) => q.getMany() as Promise<ActingAssignment[]>);
    const [people, positions] = rows.length
      ? await Promise.all([
          this.dataSource.getRepository(User).find({ where: { id: In(rows.map((r) => r.userId)) }, select: { id: true, honorific: true, fullName: true } }),
          this.dataSource.getRepository(Position).find({ where: { id: In(rows.map((r) => r.positionId)) }, select: { id: true, title: true } }),
        ])
      : [[], []];
    const items = rows.map((row) => {
      const person = people.find((p) => p.id === row.userId);
      return { ...row, personName: person ? `${person.honorific}${person.fullName}` : '', positionTitle: positions.find((p) => p.id === row.positionId)?.title ?? '' };
    });
    return { items, next, previous };
  }

  async create(auth: AuthContext, dto: ActingAssignmentDto): Promise<ActingAssignment> {
    requireRole(auth, 'admin');
    const position = await this.dataSource.getRepository(Position).findOneBy({ id: dto.positionId });
    if (!position || position.organizationId !== auth.organizationId) throw DomainError.field('positionId', 'exists', 'ไม่พบตำแหน่งนี้', 'No such position');
    const user = await this.dataSource.getRepository(User).findOneBy({ id: dto.userId });
    if (!user || user.organizationId !== auth.organizationId) throw DomainError.field('userId', 'exists', 'ไม่พบบุคคลนี้', 'No such person');
    const problems = (['startsOn', 'endsOn'] as const).flatMap((field) => {
      const problem = gregorianDateProblem(dto[field]);
      return problem ? [{ field, ...problem }] : [];
    });
    if (problems.length > 0) throw DomainError.validation(problems);
    if (dto.endsOn < dto.startsOn) throw DomainError.field('endsOn', 'order', 'วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น', 'The end date must not be before the start date');
    const admin = await this.dataSource.getRepository(User).findOneByOrFail({ id: auth.userId });
    const holders = await this.dataSource.getRepository(User).findBy({ positionId: position.id, active: true });
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(ActingAssignment);
      const order = await repository.save(repository.create({ ...dto, orderNumber: dto.orderNumber.trim(), organizationId: auth.organizationId }));
      // Whoever holds the position, and whoever the order names, learn that someone signs for it — most of all when an
      // admin names themselves.
      const told = [...holders.map((h) => h.id), user.id].filter((id) => id !== auth.userId);
      if (told.length) await enqueue(manager, [peopleNotice(auth.organizationId, told, `คำสั่งให้${ACTING_KINDS[order.kind]}ตำแหน่ง ${position.title}`, actingNoticeText(admin, user, position, order))]);
      return order;
    });
    securityEvent('admin.acting_order', {
      actingAssignmentId: saved.id,
      positionId: position.id,
      actingUserId: user.id,
      selfAssigned: user.id === auth.userId,
      positionHolderIds: holders.map((h) => h.id),
      startsOn: saved.startsOn,
      endsOn: saved.endsOn,
    });
    return saved;
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    requireRole(auth, 'admin');
    requireSameOrganization(auth, await this.dataSource.getRepository(ActingAssignment).findOneBy({ id }));
    await this.dataSource.getRepository(ActingAssignment).delete({ id });
  }
}


function actingNoticeText(admin: User, person: User, position: Position, order: ActingAssignment): string {
  return [
    `ผู้ดูแลระบบ ${admin.displayName} ได้บันทึกคำสั่ง ${order.orderNumber} ในระบบเกษียน`,
    `ให้ ${person.displayName} ${ACTING_KINDS[order.kind]} ${position.title}`,
    `ตั้งแต่ ${thaiDate(order.startsOn)} ถึง ${thaiDate(order.endsOn)}`,
    '',
    `ระหว่างนี้ ${person.displayName} พิจารณาและลงนามบันทึกข้อความในนามตำแหน่งนี้ได้`,
    'หากท่านไม่ทราบเรื่องคำสั่งนี้ หรือคำสั่งไม่ถูกต้อง กรุณาแจ้งผู้บังคับบัญชาหรือผู้ดูแลระบบโดยเร็ว',
  ].join('\n');
}
