import { EntityManager } from 'typeorm';
import { plainSql } from '../database/plain-sql';
import { randomUUID } from 'node:crypto';
import { AuditEvent } from './audit-event.entity';
import { auditHash, GENESIS_HASH, verifyChain, type ChainCheck, type ChainedFields } from './audit-chain';

export type AuditInput = Omit<ChainedFields, 'seq' | 'createdAt'> & { organizationId: string; createdAt?: Date };

/**
 * Appends a row to the memo's audit chain inside the caller's transaction. Transitions are already serialised per
 * memo by its version check, and read the tail after their UPDATE has locked the memo's row. A refused attempt's row
 * cannot slip in between: its foreign key needs that row too, so on MariaDB it waits for the transition's commit; if
 * it had read the tail before, the unique (memo_id, seq) index refuses it and the refusal is written again. SQLite
 * runs one transaction at a time.
 */
export async function appendAudit(manager: EntityManager, input: AuditInput): Promise<Pick<AuditEvent, 'seq' | 'hash'>> {
  const sql = plainSql(manager);
  const [last] = await sql.rows<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events WHERE memo_id = ? ORDER BY seq DESC LIMIT 1', [input.memoId]);
  const seq = (last ? Number(last.seq) : 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const createdAt = new Date(Math.floor((input.createdAt ?? new Date()).getTime()));
  const fields: ChainedFields = { ...input, seq, createdAt };
  const hash = auditHash(prevHash, fields);
  await sql.affected(
    `INSERT INTO audit_events (id, organization_id, memo_id, seq, actor_id, acting_for, event, from_state, to_state, from_step, to_step, outcome, comment, ip, user_agent, created_at, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), input.organizationId, input.memoId, seq, input.actorId, input.actingFor, input.event, input.fromState, input.toState, input.fromStep, input.toStep, input.outcome, input.comment, input.ip, input.userAgent, sql.date(createdAt), prevHash, hash],
  );
  return { seq, hash };
}

export async function checkAuditChain(manager: EntityManager, memoId: string): Promise<ChainCheck> {
  const rows = await manager.find(AuditEvent, { where: { memoId }, order: { seq: 'ASC' } });
  return verifyChain(rows);
}
