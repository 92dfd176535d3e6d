import type { Role } from '../identity/role';

/**
 * The `organizationId` of a platform operator's context. Organisation ids are UUIDs, so no organisation has this one:
 * every per-organisation check (`requireSameOrganization`, a query `WHERE organization_id = :auth.organizationId`)
 * finds nothing for an operator, and with no roles no `requireRole` passes either.
 */
export const NO_ORGANIZATION = 'no-organization';

/** Who is acting, resolved once per request by `AuthGuard`. Services receive it explicitly. */
export interface AuthContext {
  userId: string;
  /** The person's organisation; `NO_ORGANIZATION` for a platform operator. */
  organizationId: string;
  /** An organisation's roles; none for a platform operator. */
  roles: Role[];
  /** A platform operator (ผู้ดูแลแพลตฟอร์ม): belongs to no organisation, reaches only routes marked `@ForOperators()`. */
  operator?: boolean;
  positionId: string | null;
  via: 'session' | 'token';
  /** Present when `via === 'session'`. */
  sessionTokenHash?: string;
  csrfToken?: string;
}

/** What a transition or an audit row records about the request that caused it. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}
