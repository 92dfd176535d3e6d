import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';

/** A personal token for programs. Shown once at creation; only its SHA-256 is stored. */
@Entity('api_tokens')
export class ApiToken extends Identified {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, select: false })
  tokenHash: string;

  /** The first characters, so a person can tell tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column(portable.datetime)
  createdAt: Date;

  @Column({ ...portable.datetime, nullable: true })
  lastUsedAt: Date | null;

  @Column({ ...portable.datetime, nullable: true })
  expiresAt: Date | null;
}
