import type { User } from './user.entity';

/** How a person is shown through the API: never the password hash or the signature bytes. */
export interface UserView {
  id: string;
  /** null for a platform operator. */
  organizationId: string | null;
  honorific: string;
  fullName: string;
  displayName: string;
  username: string;
  email: string | null;
  roles: User['roles'];
  position: { id: string; title: string; shortTitle: string; unit: string | null } | null;
  hasSignature: boolean;
  active: boolean;
  /** Invited (or created from the command line) and has not chosen a password yet. */
  pending: boolean;
  /** A platform operator: of no organisation. */
  operator: boolean;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    organizationId: user.organizationId,
    honorific: user.honorific,
    fullName: user.fullName,
    displayName: `${user.honorific}${user.fullName}`,
    username: user.username,
    email: user.email,
    roles: user.roles,
    position: user.position
      ? { id: user.position.id, title: user.position.title, shortTitle: user.position.shortTitle, unit: user.position.unit }
      : null,
    hasSignature: Boolean(user.signatureType),
    active: user.active,
    pending: user.passwordSetAt === null,
    operator: user.organizationId === null,
  };
}
