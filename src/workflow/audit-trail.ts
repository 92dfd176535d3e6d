import { EntityManager } from 'typeorm';
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
export async function appendAudit(manager: EntityManager, input: AuditInput): Promise<AuditEvent> {
  const last = await manager.findOne(AuditEvent, {
    where: { memoId: input.memoId },
    order: { seq: 'DESC' },
    select: { seq: true, hash: true },
  });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const createdAt = new Date(Math.floor((input.createdAt ?? new Date()).getTime()));
  const fields: ChainedFields = { ...input, seq, createdAt };
  const row = manager.create(AuditEvent, {
    ...fields,
    id: randomUUID(),
    organizationId: input.organizationId,
    prevHash,
    hash: auditHash(prevHash, fields),
  });
  await manager.insert(AuditEvent, row);
  return row;
}

export async function checkAuditChain(manager: EntityManager, memoId: string): Promise<ChainCheck> {
  const rows = await manager.find(AuditEvent, { where: { memoId }, order: { seq: 'ASC' } });
  return verifyChain(rows);
}
