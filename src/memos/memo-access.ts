import type { AuthContext } from '../auth/auth-context';

/** Drafts are private to their author (and admins); everything else is seen by the whole organisation. */
export function canSeeMemo(auth: AuthContext, memo: { organizationId: string; status: string; authorId: string }): boolean {
  if (memo.organizationId !== auth.organizationId) return false;
  return memo.status !== 'draft' || memo.authorId === auth.userId || auth.roles.includes('admin');
}

export const MEMO_NOT_FOUND = { th: 'ไม่พบบันทึกข้อความนี้', en: 'Memo not found' };
