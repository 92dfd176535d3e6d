import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { MemoContent } from '../reports/document-format';
import { MemoRepository } from './memo.repository';
import { Memo } from './memo.entity';
import { EDITABLE_STATUSES, MEMO_STATUS_LABELS } from './memo-status';

/**
 * Creating, changing and deleting the covering memo. Each runs in the caller's transaction, beside the write of the
 * report it covers, so that a document's two halves commit together. State changes go through the workflow instead.
 */
@Injectable()
export class MemosService {
  constructor(private readonly memos: MemoRepository) {}

  /** A new document's memo: a draft with no number yet, sharing the report's id. */
  async createDraft(manager: EntityManager, memo: { id: string; organizationId: string; authorId: string; content: MemoContent }): Promise<void> {
    await manager.insert(Memo, {
      ...memo,
      status: 'draft',
      version: 1,
      documentNumber: null,
      registerYear: null,
      subject: memo.content.subject,
    });
  }

  /**
   * Takes the next version while the memo is editable and still at `version` (refused with the reason otherwise);
   * with `content`, also replaces its text (without, the typing is kept as the report's working copy).
   */
  async updateText(manager: EntityManager, id: string, version: number, content: MemoContent | null): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Memo)
      .set({ version: () => 'version + 1', ...(content ? { subject: content.subject, content: content as Memo['content'] } : {}) })
      .where('id = :id AND version = :version AND status IN (:...editable)', { id, version, editable: EDITABLE_STATUSES })
      .execute();
    if (!result.affected) await this.explainRefusedEdit(manager, id, version);
  }

  /** Only a draft that was never submitted can be deleted (a submitted memo has a number in the register). */
  async removeDraft(manager: EntityManager, id: string): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(Memo)
      .where("id = :id AND status = 'draft' AND document_number IS NULL", { id })
      .execute();
    if (!result.affected) {
      throw new DomainError(ErrorCode.InvalidTransition, {
        th: 'ลบได้เฉพาะร่างที่ยังไม่เคยเสนอ เอกสารที่เสนอแล้วให้ใช้การยกเลิก',
        en: 'Only a draft that was never submitted can be deleted; cancel a submitted memo instead',
      });
    }
  }

  private async explainRefusedEdit(manager: EntityManager, id: string, version: number): Promise<never> {
    const current = await this.memos.current(manager, id);
    if (!EDITABLE_STATUSES.includes(current.status)) {
      throw new DomainError(ErrorCode.InvalidTransition, {
        th: `แก้ไขไม่ได้ เพราะเอกสารอยู่ในสถานะ "${MEMO_STATUS_LABELS[current.status]}"`,
        en: `The document cannot be edited in status ${current.status}`,
      });
    }
    throw new DomainError(
      ErrorCode.VersionConflict,
      { th: 'มีผู้แก้ไขเอกสารนี้ไปแล้ว กรุณาโหลดฉบับล่าสุดก่อนแก้ไข', en: 'The document was changed meanwhile: reload it before editing' },
      [],
      { currentVersion: current.version, yourVersion: version },
    );
  }
}
