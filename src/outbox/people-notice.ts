import { randomUUID } from 'node:crypto';
import type { NewJob } from './outbox';

/** The payload of a `notify` job addressed to named people rather than to those concerned by a memo. */
export interface PeopleNotice {
  audience: 'people';
  userIds: string[];
  subject: string;
  /** The body after "เรียน <name>". */
  text: string;
}

/**
 * A notice to people about something done to their account or position (a password reset, an acting order naming
 * their position), enqueued in the same transaction as the change.
 */
export function peopleNotice(organizationId: string, userIds: string[], subject: string, text: string): NewJob {
  const payload: PeopleNotice = { audience: 'people', userIds: [...new Set(userIds)], subject, text };
  return { organizationId, kind: 'notify', payload: payload as unknown as Record<string, unknown>, dedupeKey: `people:${randomUUID()}` };
}

export function isPeopleNotice(payload: Record<string, unknown>): payload is Record<string, unknown> & PeopleNotice {
  return payload.audience === 'people' && Array.isArray(payload.userIds);
}
