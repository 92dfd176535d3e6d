import { Column, Entity, Index } from 'typeorm';
import { Identified } from '../database/columns';
import type { ReportKind } from '../reports/document-format';

/**
 * One OIT item of the ITA framework for one fiscal year, as the organisation answers it (e.g. 2566 O42 =
 * มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน). The framework is renumbered between years: this is data.
 */
@Entity('ita_items')
@Index(['organizationId', 'fiscalYear', 'code'], { unique: true })
export class ItaItem extends Identified {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'int' })
  fiscalYear: number;

  /** e.g. O42 */
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** The kind of report that usually answers this item, to suggest it when publishing. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  reportKind: ReportKind | null;
}
