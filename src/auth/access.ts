import type { AuthContext } from './auth-context';
import type { Role } from '../identity/role';
import { DomainError } from '../common/domain-error';

/** Refuses with 403 unless the actor has at least one of the roles (an operator has none of an organisation's roles). */
export function requireRole(auth: AuthContext, ...roles: Role[]): void {
  if (!roles.some((role) => auth.roles.includes(role))) {
    throw DomainError.forbidden({
      th: 'บทบาทของคุณไม่มีสิทธิ์ทำรายการนี้',
      en: `This needs one of the roles: ${roles.join(', ')}`,
    });
  }
}

/**
 * Objects of another organisation do not exist for the actor: a missing object and a foreign one both answer 404,
 * so ids of other organisations cannot be probed. A platform operator's context names no organisation
 * (`NO_ORGANIZATION`), so nothing of any organisation passes this check for them.
 */
export function requireSameOrganization<T extends { organizationId: string | null }>(
  auth: AuthContext,
  object: T | null | undefined,
  what: { th: string; en: string } = { th: 'ไม่พบข้อมูลที่ต้องการ', en: 'Not found' },
): T {
  if (!object || object.organizationId !== auth.organizationId) throw DomainError.notFound(what);
  return object;
}

/** Refuses with 403 unless the actor is a platform operator. */
export function requireOperator(auth: AuthContext): void {
  if (!auth.operator) {
    throw DomainError.forbidden({ th: 'รายการนี้สำหรับผู้ดูแลแพลตฟอร์มเท่านั้น', en: 'Only platform operators may do this' });
  }
}
