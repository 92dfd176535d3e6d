import { Column, Entity, Index, PrimaryColumn, CreateDateColumn, UpdateDateColumn } from 'typeorm';
import { portable } from '../database/columns';
import { jsonText } from '../database/json-column';
import type { MemoContent } from '../reports/document-format';
import type { MemoStatus } from './memo-status';

/** The covering memo (บันทึกข้อความ) of one report; its id is the report's id. */
@Entity('memos')
@Index(['organizationId', 'status'])
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

  /** ที่: assigned by the workflow at first submission, never reused. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'varchar', length: 250 })
  subject: string;

  /** The memo as written; `documentNumber` lives in its own column, not here. */
  @Column({ ...portable.text, transformer: jsonText })
  content: Omit<MemoContent, 'documentNumber'>;

  @CreateDateColumn(portable.datetime)
  createdAt: Date;

  @UpdateDateColumn(portable.datetime)
  updatedAt: Date;
}
