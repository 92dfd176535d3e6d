import { Column, Entity, Index, PrimaryColumn, CreateDateColumn, UpdateDateColumn } from 'typeorm';
import { portable } from '../database/columns';
import { jsonText } from '../database/json-column';
import type { MemoContent } from '../reports/document-format';
import type { MemoStatus } from './memo-status';

export interface RouteSnapshot {
  positionId: string;
  title: string;
  shortTitle: string;
}

/** The covering memo (บันทึกข้อความ) of one report; its id is the report's id. */
@Entity('memos')
@Index(['organizationId', 'status'])
@Index('UQ_memos_organization_id_register_year_document_number', ['organizationId', 'registerYear', 'documentNumber'], { unique: true })
export class Memo {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: MemoStatus;

  /** Incremented by every change; writers check it (`UPDATE … WHERE version = ?`). */
  @Column({ type: 'int', default: 1 })
  version: number;

  /**
   * ที่: assigned by the workflow at first submission, never reused. The printed number carries no year and the
   * register restarts every calendar year, so a number is unique only together with `registerYear`.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  /** The calendar year (พ.ศ., Bangkok time) of the outgoing register `documentNumber` was taken from. */
  @Column({ type: 'int', nullable: true })
  registerYear: number | null;

  @Column({ type: 'varchar', length: 250 })
  subject: string;

  /** The memo as written; `documentNumber` lives in its own column, not here. */
  @Column({ ...portable.text, transformer: jsonText })
  content: Omit<MemoContent, 'documentNumber'>;

  /** The statechart's persisted snapshot (`{ value, context }`, read back by the workflow) and the chart version that wrote it. */
  @Column({ ...portable.text, transformer: jsonText, nullable: true })
  workflowSnapshot: { value: string; context: object } | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  machineVersion: string | null;

  /** The reviewing positions copied from the organisation's route at (re)submission. */
  @Column({ ...portable.text, transformer: jsonText, nullable: true })
  route: RouteSnapshot[] | null;

  /** 0-based step of `route` awaiting action while in review. */
  @Column({ type: 'int', nullable: true })
  currentStep: number | null;

  /** The position of `route[currentStep]`, kept in its own column so inboxes can be found by index. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  currentPositionId: string | null;

  /** Counts (re)submissions; reviews of earlier rounds stay in the history. */
  @Column({ type: 'int', default: 0 })
  round: number;

  /** When the memo arrived at its current step (or state): the inbox's "waiting since". */
  @Column({ ...portable.datetime, nullable: true })
  stepEnteredAt: Date | null;

  @Column({ ...portable.datetime, nullable: true })
  approvedAt: Date | null;

  @CreateDateColumn(portable.datetime)
  createdAt: Date;

  @UpdateDateColumn(portable.datetime)
  updatedAt: Date;
}
