import type { Role } from '../users/role';

/** Who is acting, resolved once per request by `AuthGuard`. Services receive it explicitly. */
export interface AuthContext {
  userId: string;
  organizationId: string;
  roles: Role[];
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
