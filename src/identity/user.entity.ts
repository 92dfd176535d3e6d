import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { portable, Timestamped } from '../database/columns';
import { Organization } from './organization.entity';
import { Position } from './position.entity';
import type { Role } from './role';

/**
 * A person who signs in: a member of one organisation, or — with no organisation — a platform operator
 * (ผู้ดูแลแพลตฟอร์ม). A username is unique within its organisation (and among operators).
 */
@Entity('users')
@Index(['organizationId', 'username'], { unique: true })
export class User extends Timestamped {
  /** NULL only for platform operators. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** นาย / นาง / นางสาว / … written before the name without a space: (นางสุจิน สาศรีสุข) */
  @Column({ type: 'varchar', length: 50 })
  honorific: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** Kept in lower case: people may sign in with it. */
  @Index()
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Empty until the person has chosen a password (an invitation or an operator created from the command line). */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** NULL while an invited person has not chosen a password yet. */
  @Column({ ...portable.datetime, nullable: true })
  passwordSetAt: Date | null;

  @Column({ type: 'simple-array' })
  roles: Role[];

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36, nullable: true })
  positionId: string | null;

  @ManyToOne(() => Position, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'position_id' })
  position?: Position | null;

  @Column({ ...portable.blob, nullable: true, select: false })
  signature: Buffer | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  signatureType: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  get displayName(): string {
    return `${this.honorific}${this.fullName}`;
  }
}
