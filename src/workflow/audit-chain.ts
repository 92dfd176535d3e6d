import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers, in a fixed order. */
export interface ChainedFields {
  memoId: string;
  seq: number;
  actorId: string;
  actingFor: string | null;
  event: string;
  fromState: string;
  toState: string;
  fromStep: number | null;
  toStep: number | null;
  outcome: 'applied' | 'refused';
  comment: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(prevHash: string, row: ChainedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    row.memoId,
    row.seq,
    row.actorId,
    row.actingFor,
    row.event,
    row.fromState,
    row.toState,
    row.fromStep,
    row.toStep,
    row.outcome,
    row.comment,
    row.ip,
    row.userAgent,
    row.createdAt.toISOString(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainCheck {
  intact: boolean;
  rows: number;
  /** The first row whose hash or link does not match, or a missing sequence number. */
  brokenAt: number | null;
}

/** Recomputes a memo's chain, rows ordered by `seq`. */
export function verifyChain(rows: (ChainedFields & { prevHash: string; hash: string })[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1 || row.prevHash !== prev || auditHash(prev, row) !== row.hash) {
      return { intact: false, rows: rows.length, brokenAt: row.seq };
    }
    prev = row.hash;
  }
  return { intact: true, rows: rows.length, brokenAt: null };
}
