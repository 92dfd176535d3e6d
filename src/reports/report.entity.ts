import { Column, Entity, Index } from 'typeorm';
import { portable, Timestamped } from '../database/columns';
import { jsonText, nullableJsonText } from '../database/json-column';
import type { ReportContent, ReportKind, ReportPeriod } from './document-format';

/**
 * A document as the editor last sent it: report and memo (memo defaults filled in), in any shape — a blank heading,
 * a score of 101, a number typed as "๒๕๖x" are kept as typed, so that saving never loses typing. The format's rules
 * are checked on every save (the problems go back to the editor) and enforced at SUBMIT.
 */
export interface WorkingCopy {
  report: unknown;
  memo: unknown;
}

/** A report (measures, implementation report, …); its covering memo shares its id. */
@Entity('reports')
@Index(['organizationId', 'fiscalYear'])
export class Report extends Timestamped {
  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ReportKind;

  @Column({ type: 'varchar', length: 250 })
  title: string;

  @Column({ type: 'int' })
  fiscalYear: number;

  @Column({ type: 'varchar', length: 20 })
  period: ReportPeriod;

  /** The measures report this implementation report reports on. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  planId: string | null;

  @Column({ ...portable.text, transformer: jsonText })
  content: ReportContent;

  /**
   * The editor's working copy while it breaks a rule of the format: kept as typed (see memos/drafts.ts), never rendered,
   * published or searched; NULL when `content` is the latest typing.
   */
  @Column({ ...portable.text, transformer: nullableJsonText, nullable: true, select: false })
  draft: WorkingCopy | null;

  /** Normalised text of title, subject and every cell, for Thai substring search (see search-text.ts). */
  @Column({ ...portable.text, select: false })
  searchText: string;

  /** Normalised title and subject (search-text.ts `searchHead`): a search ranks the documents holding its first term here first. */
  @Column({ type: 'varchar', length: 500, select: false })
  searchHead: string;
}
