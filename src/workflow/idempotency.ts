import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { isDuplicateKey } from '../database/transactions';
import { IdempotencyRecord } from './idempotency-record.entity';

/** A request sent with an `Idempotency-Key`: the key is the person's own, the hash says what was asked. */
export interface IdempotentRequest {
  userId: string;
  key: string;
  /** SHA-256 of what the request asks (endpoint, object, body): the same key with another request is refused. */
  hash: string;
}

/** Writes the answer inside the work's own transaction, so the answer and the change it reports commit together. */
export type CompleteRequest<T> = (manager: EntityManager, answer: T) => Promise<void>;

/** `status` of a key whose first request is still running: no answer yet. */
const IN_PROGRESS = 0;
/** A reservation older than this belongs to a request that died (its process was killed): another may take it over. */
const ABANDONED_AFTER_MS = 120_000;
/** How long a retry waits for the first request to finish before answering 409 (try again). */
const MAX_WAIT_MS = 30_000;

export function requestHash(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Idempotency-Key done the one way for every POST that takes it: the key is reserved before anything else happens
 * (no check, no file, no transaction has run yet); a retry after success gets the first answer; a concurrent
 * duplicate waits for the first request and gets its answer; a request that failed gives its key back, so a retry
 * runs afresh. The answer is written in the work's transaction (`complete`), so it exists exactly when the change does.
 */
@Injectable()
export class Idempotency {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async once<T>(request: IdempotentRequest | undefined, work: (complete: CompleteRequest<T>) => Promise<T>): Promise<T> {
    if (!request) return work(async () => undefined);
    const earlier = await this.reserve(request);
    if (earlier.answered) return earlier.answer as T;
    try {
      return await work((manager, answer) => this.complete(manager, request, answer));
    } catch (error) {
      await this.dataSource.getRepository(IdempotencyRecord).delete({ userId: request.userId, key: request.key, status: IN_PROGRESS });
      throw error;
    }
  }

  /** Reserves the key for this request, or returns the answer of the request that holds it (waiting for it if need be). */
  private async reserve(request: IdempotentRequest): Promise<{ answered: false } | { answered: true; answer: unknown }> {
    const repository = this.dataSource.getRepository(IdempotencyRecord);
    const until = Date.now() + MAX_WAIT_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      try {
        await repository.insert({ userId: request.userId, key: request.key, requestHash: request.hash, status: IN_PROGRESS, body: null as never, createdAt: new Date() });
        return { answered: false };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const held = await repository.findOneBy({ userId: request.userId, key: request.key });
      if (!held) continue;
      if (held.requestHash !== request.hash) {
        throw DomainError.conflict({ th: 'Idempotency-Key นี้ใช้กับคำขออื่นไปแล้ว', en: 'This Idempotency-Key was used for a different request' });
      }
      if (held.status !== IN_PROGRESS) return { answered: true, answer: held.body };
      if (held.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS) {
        // Its request died with its process: the first to remove the reservation tries again.
        await repository.delete({ userId: request.userId, key: request.key, status: IN_PROGRESS, createdAt: LessThan(new Date(Date.now() - ABANDONED_AFTER_MS)) });
        continue;
      }
      if (Date.now() > until) {
        throw new DomainError(
          ErrorCode.Conflict,
          { th: 'คำขอเดียวกันนี้ยังดำเนินการอยู่ กรุณาลองใหม่ในอีกสักครู่', en: 'The same request is still being processed; try again shortly' },
          [],
          { retryAfterSeconds: 5 },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async complete(manager: EntityManager, request: IdempotentRequest, answer: unknown): Promise<void> {
    const updated = await manager.update(IdempotencyRecord, { userId: request.userId, key: request.key, status: IN_PROGRESS }, { status: 200, body: answer as never });
    if (!updated.affected) throw new Error(`idempotency key ${request.key} is no longer reserved by this request`);
  }
}
