import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, type FieldProblem } from '../common/domain-error';
import { Memo } from './memo.entity';
import { DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION, type KasianDocument } from '../reports/document-format';
import { validateDocument } from '../reports/document-validation';
import { fieldLabel } from '../reports/field-labels';
import { Report, type WorkingCopy } from '../reports/report.entity';

export type { WorkingCopy };

export type CheckedCopy = { document: KasianDocument; problems: [] } | { document: null; problems: FieldProblem[] };

/** The working copy as a valid document (rich text sanitized), or its problems, each with the field's Thai name. */
export function checkWorkingCopy(copy: WorkingCopy): CheckedCopy {
  try {
    return { document: validateDocument({ format: DOCUMENT_FORMAT, version: DOCUMENT_FORMAT_VERSION, report: copy.report, memo: copy.memo }), problems: [] };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== ErrorCode.ValidationFailed) throw error;
    return { document: null, problems: error.fields.map((f) => ({ ...f, label: f.label ?? fieldLabel(f.field, copy) })) };
  }
}

/** The document's latest typing: the pending working copy if there is one, else the stored document. */
export async function latestWorkingCopy(manager: EntityManager, id: string): Promise<{ copy: WorkingCopy; pending: boolean } | null> {
  const report = await manager.getRepository(Report).createQueryBuilder('report').select(['report.id', 'report.content']).addSelect('report.draft').where('report.id = :id', { id }).getOne();
  const memo = report && (await manager.getRepository(Memo).findOne({ where: { id }, select: { id: true, content: true } }));
  if (!report || !memo) return null;
  return report.draft ? { copy: report.draft, pending: true } : { copy: { report: report.content, memo: memo.content }, pending: false };
}

/**
 * SUBMIT's check (also RESUBMIT's): the document as last typed must keep every rule of the format. Refuses with a
 * 400 naming each field (with its Thai name) otherwise; the editor shows each message beside its field.
 */
export async function assertSubmittable(manager: EntityManager, memoId: string): Promise<void> {
  const latest = await latestWorkingCopy(manager, memoId);
  if (!latest) return;
  const { problems } = checkWorkingCopy(latest.copy);
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      {
        th: `เสนอแฟ้มไม่ได้ เพราะเอกสารยังมีช่องที่ต้องแก้ไข ${problems.length} ช่อง กรุณาแก้ตามที่ระบุแล้วเสนออีกครั้ง`,
        en: `The document cannot be submitted: ${problems.length} field(s) break the format's rules`,
      },
      problems,
    );
  }
  if (latest.pending) {
    // Valid as typed but never stored as the document (the rules changed since it was saved): submitting now would
    // send the older stored version instead of what the clerk sees.
    throw new DomainError(ErrorCode.Conflict, {
      th: 'ฉบับที่พิมพ์ล่าสุดยังไม่ได้บันทึกเป็นเอกสาร กรุณาเปิดหน้าแก้ไขเอกสารเพื่อบันทึก แล้วเสนอแฟ้มอีกครั้ง',
      en: 'The latest typing is not stored as the document yet: open the editor to save it, then submit again',
    });
  }
}
