import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { portable, Timestamped } from '../database/columns';
import { Organization } from '../organizations/organization.entity';
import { Position } from '../organizations/position.entity';
import type { Role } from './role';

/** A person who signs in. */
@Entity('users')
export class User extends Timestamped {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  /** นาย / นาง / นางสาว / … written before the name without a space: (นางสุจิน สาศรีสุข) */
  @Column({ type: 'varchar', length: 50 })
  honorific: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

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
