import { Column, Entity, Index } from 'typeorm';
import { Timestamped } from '../database/columns';

export const ACTING_KINDS = { acting: 'รักษาราชการแทน', deputizing: 'ปฏิบัติราชการแทน' } as const;
export type ActingKind = keyof typeof ACTING_KINDS;

/** An order (คำสั่ง) that lets an official sign for a position between two dates, inclusive. */
@Entity('acting_assignments')
@Index(['organizationId', 'userId'])
@Index(['organizationId', 'positionId'])
export class ActingAssignment extends Timestamped {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  positionId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ActingKind;

  /** e.g. คำสั่ง อบต.พร่อน ที่ ๑๒/๒๕๖๘ */
  @Column({ type: 'varchar', length: 100 })
  orderNumber: string;

  /** ISO dates (Asia/Bangkok), inclusive. */
  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn: string;
}
