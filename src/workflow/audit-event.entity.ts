import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';

/**
 * Append-only history of a memo: every event, applied or refused. Rows of one memo form a hash chain
 * (`hash` = SHA-256 of the previous row's hash and this row's fields), so a changed or removed row is detected.
 */
@Entity('audit_events')
@Index(['memoId', 'seq'], { unique: true })
export class AuditEvent extends Identified {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  memoId: string;

  /** 1-based position in the memo's chain. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 36 })
  actorId: string;

  /** Position title the actor acted for (as holder or acting), if any. Up to 320 characters (migration 1763830000000-ActingLineWidth). */
  @Column({ type: 'varchar', length: 400, nullable: true })
  actingFor: string | null;

  @Column({ type: 'varchar', length: 20 })
  event: string;

  @Column({ type: 'varchar', length: 20 })
  fromState: string;

  @Column({ type: 'varchar', length: 20 })
  toState: string;

  /** Step (0-based) before and after the event, for the timeline. */
  @Column({ type: 'int', nullable: true })
  fromStep: number | null;

  @Column({ type: 'int', nullable: true })
  toStep: number | null;

  @Column({ type: 'varchar', length: 10 })
  outcome: 'applied' | 'refused';

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Column(portable.datetime)
  createdAt: Date;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
