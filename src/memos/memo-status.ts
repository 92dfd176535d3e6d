/** Where a memo is in its journey (the workflow's statechart owns the transitions). */
export const MEMO_STATUSES = [
  'draft',
  'in_review',
  'returned',
  'approved',
  'ready',
  'published',
  'withdrawn',
  'rejected',
  'cancelled',
] as const;
export type MemoStatus = (typeof MEMO_STATUSES)[number];

/** Statuses in which the author may still change the memo and its report. */
export const EDITABLE_STATUSES: readonly MemoStatus[] = ['draft', 'returned'];

export const MEMO_STATUS_LABELS: Record<MemoStatus, string> = {
  draft: 'ร่าง',
  in_review: 'อยู่ระหว่างพิจารณา',
  returned: 'ส่งคืนแก้ไข',
  approved: 'อนุมัติแล้ว (กำลังจัดทำ PDF)',
  ready: 'พร้อมเผยแพร่',
  published: 'เผยแพร่แล้ว',
  withdrawn: 'ถอนการเผยแพร่',
  rejected: 'ไม่อนุมัติ',
  cancelled: 'ยกเลิก',
};
