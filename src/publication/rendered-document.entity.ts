import { Column, Entity, Index } from 'typeorm';
import { portable } from '../database/columns';
import { StoredPdf } from '../storage/stored-pdf';

/** The final PDF rendered when a memo was approved (before sealing and publication). */
@Entity('rendered_documents')
@Index(['memoId', 'round'], { unique: true })
export class RenderedDocument extends StoredPdf {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  memoId: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'varchar', length: 40 })
  templateVersion: string;

  @Column(portable.datetime)
  createdAt: Date;
}
