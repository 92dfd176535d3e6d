import { Column, Entity, Index } from 'typeorm';
import { Identified, portable } from '../database/columns';

export const LINK_PURPOSES = ['invitation', 'password_reset'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** How long each kind of link works. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  invitation: 72 * 3600_000,
  password_reset: 30 * 60_000,
};

/**
 * A one-time link to choose a password: an invitation (a new person, or an operator created from the command line)
 * or a password reset. The token is in the link only; Kasian keeps its SHA-256. Used, revoked or past `expiresAt`, it
 * no longer works, and says which.
 */
@Entity('account_links')
@Index(['organizationId', 'purpose'])
export class AccountLink extends Identified {
  @Column({ type: 'varchar', length: 20 })
  purpose: LinkPurpose;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, select: false })
  tokenHash: string;

  /** NULL once a revoked invitation's person has been removed. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  /** The person's organisation; NULL for an operator's links. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  /** The address it was mailed to; NULL when it was handed over instead. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  sentTo: string | null;

  /** Who issued it; NULL for the command line and for a person asking for their own reset. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdById: string | null;

  @Column(portable.datetime)
  createdAt: Date;

  @Column(portable.datetime)
  expiresAt: Date;

  @Column({ ...portable.datetime, nullable: true })
  usedAt: Date | null;

  @Column({ ...portable.datetime, nullable: true })
  revokedAt: Date | null;
}

export type LinkState = 'valid' | 'used' | 'revoked' | 'expired';

export function linkState(link: Pick<AccountLink, 'usedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): LinkState {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid';
}
