import { Column, Entity, Index } from 'typeorm';
import { portable } from '../database/columns';
import { PrimaryColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @Column(portable.datetime)
  createdAt: Date;

  @Column(portable.datetime)
  expiresAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;
}
