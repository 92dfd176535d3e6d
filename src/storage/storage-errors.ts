import { DomainError, ErrorCode } from '../common/domain-error';

export type StorageProblem = 'full' | 'read-only';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_READONLY_CANTINIT']);

/** Whether a failed write failed because the folder is full or cannot be written, rather than for a bug. */
export function storageProblemOf(error: unknown): StorageProblem | null {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code !== 'string') return null;
  if (FULL.has(code)) return 'full';
  if (READ_ONLY.has(code)) return 'read-only';
  return null;
}

/** 507, naming the folder, so that whoever reads it (the admin, then the operator) knows what to free or fix. */
export function storageUnavailable(problem: StorageProblem, folder: string): DomainError {
  return problem === 'full'
    ? new DomainError(ErrorCode.StorageUnavailable, {
        th: `พื้นที่จัดเก็บข้อมูลเต็ม (${folder}) จึงบันทึกไม่ได้ กรุณาแจ้งผู้ดูแลระบบให้เพิ่มพื้นที่ แล้วลองใหม่`,
        en: `The data folder is full (${folder}): nothing was saved. Ask the operator to free space, then try again.`,
      }, [], { path: folder, problem })
    : new DomainError(ErrorCode.StorageUnavailable, {
        th: `โฟลเดอร์จัดเก็บข้อมูลเขียนไม่ได้ (${folder}) จึงบันทึกไม่ได้ กรุณาแจ้งผู้ดูแลระบบ`,
        en: `The data folder cannot be written (${folder}): nothing was saved. Ask the operator to make it writable.`,
      }, [], { path: folder, problem });
}
