import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';

/** The final PDF rendered when a memo was approved (before sealing and publication). */
@Entity('rendered_documents')
@Index(['memoId', 'round'], { unique: true })
export class RenderedDocument extends Identified {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  memoId: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'varchar', length: 250 })
  storageKey: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'int' })
  pages: number;

  @Column({ type: 'varchar', length: 40 })
  templateVersion: string;

  @Column(portable.datetime)
  createdAt: Date;
}
