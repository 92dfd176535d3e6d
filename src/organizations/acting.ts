import { EntityManager, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { bangkokDate } from '../common/thai-calendar';
import { ACTING_KINDS, ActingAssignment } from './acting-assignment.entity';

/** The acting order that lets `userId` sign for `positionId` today (Bangkok date), if there is one. */
export function activeActingAssignment(
  manager: EntityManager,
  organizationId: string,
  userId: string,
  positionId: string,
  at: Date = new Date(),
): Promise<ActingAssignment | null> {
  const today = bangkokDate(at);
  return manager.findOne(ActingAssignment, {
    where: { organizationId, userId, positionId, startsOn: LessThanOrEqual(today), endsOn: MoreThanOrEqual(today) },
    order: { startsOn: 'DESC' },
  });
}

/** Positions `userId` may sign for today by acting orders. */
export async function actingPositionIds(manager: EntityManager, organizationId: string, userId: string, at: Date = new Date()): Promise<string[]> {
  const today = bangkokDate(at);
  const rows = await manager.find(ActingAssignment, {
    where: { organizationId, userId, startsOn: LessThanOrEqual(today), endsOn: MoreThanOrEqual(today) },
    select: { positionId: true },
  });
  return rows.map((r) => r.positionId);
}

/** The line under an acting signer's name: "รักษาราชการแทน ปลัด… (คำสั่ง … ที่ ๑๒/๒๕๖๘)". */
export function actingLine(assignment: Pick<ActingAssignment, 'kind' | 'orderNumber'>, positionTitle: string): string {
  return `${ACTING_KINDS[assignment.kind]} ${positionTitle} (${assignment.orderNumber})`;
}

/** Users with an acting order for the position today. */
export async function actingPositionHolders(manager: EntityManager, organizationId: string, positionId: string, at: Date = new Date()): Promise<string[]> {
  const today = bangkokDate(at);
  const rows = await manager.find(ActingAssignment, {
    where: { organizationId, positionId, startsOn: LessThanOrEqual(today), endsOn: MoreThanOrEqual(today) },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}
