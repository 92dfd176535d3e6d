import { Column, Entity, Index } from 'typeorm';
import { portable } from '../database/columns';
import { StoredPdf } from '../storage/stored-pdf';
import { jsonText } from '../database/json-column';

export type PublicationStatus = 'current' | 'superseded' | 'withdrawn';

export interface ApprovalTrailEntry {
  heading: string;
  action: string;
  comment: string;
  name: string;
  position: string;
  actingFor: string | null;
  at: string;
}

/** A sealed PDF on the public site, at /p/{organisation}/{fiscalYear}/{slug}. */
@Entity('publications')
@Index(['organizationId', 'fiscalYear', 'slug'], { unique: true })
@Index(['sha256'])
export class Publication extends StoredPdf {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  memoId: string;

  @Column({ type: 'int' })
  fiscalYear: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  itaItemCode: string | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 80 })
  slug: string;

  @Column({ type: 'varchar', length: 12 })
  status: PublicationStatus;

  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  /** The register year of `documentNumber` (พ.ศ.): numbers restart every calendar year. */
  @Column({ type: 'int', nullable: true })
  registerYear: number | null;

  @Column({ ...portable.datetime, nullable: true })
  approvedAt: Date | null;

  @Column({ ...portable.text, transformer: jsonText })
  approvalTrail: ApprovalTrailEntry[];

  @Column(portable.datetime)
  publishedAt: Date;

  @Column({ type: 'varchar', length: 36 })
  publishedBy: string;

  @Column({ ...portable.datetime, nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  supersededById: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  supersedesId: string | null;
}
