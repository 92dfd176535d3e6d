import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';
import { jsonText } from '../database/json-column';

export type OutboxJobKind = 'notify' | 'render' | 'scheduled';
export type OutboxJobStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * Follow-up work written in the same transaction as the state change that causes it, and run after commit by the
 * outbox worker (at least once; `dedupeKey` makes a second insert of the same job a no-op).
 */
@Entity('outbox_jobs')
@Index(['status', 'runAfter'])
export class OutboxJob extends Identified {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: OutboxJobKind;

  @Column({ type: 'text', transformer: jsonText })
  payload: Record<string, unknown>;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: OutboxJobStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column(portable.datetime)
  runAfter: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ ...portable.datetime, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column(portable.datetime)
  createdAt: Date;

  @Column({ ...portable.datetime, nullable: true })
  doneAt: Date | null;
}
