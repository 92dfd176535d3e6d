import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Brackets, DataSource, In } from 'typeorm';
import { OutboxJob, type OutboxJobKind } from './outbox-job.entity';

export type JobHandler = (job: OutboxJob) => Promise<void>;

export interface OutboxRunnerOptions {
  /** How many jobs one claim takes. */
  batchSize?: number;
  /**
   * How long a claimed job stays ours unless renewed; it is renewed every third of this while its handler runs, so a
   * long render keeps it and only a dead holder's job is taken by another worker.
   */
  leaseMs?: number;
  /** Attempts before a job is marked failed. */
  maxAttempts?: number;
  /** Delay before the n-th retry: base × 2^(n-1), capped, with jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onError?: (job: OutboxJob, error: unknown) => void;
}

/**
 * Runs outbox jobs at least once, across any number of processes sharing the database. A job is claimed by a
 * conditional UPDATE (`… WHERE id = ? AND (pending, or its lease expired)`): of several workers that pick the same
 * candidate exactly one gets affected = 1, on MySQL and SQLite alike. A worker that dies leaves a lease that
 * expires (a live one renews it); its job is then claimed again (hence at least once, and handlers are idempotent).
 */
export class OutboxRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly options: Required<Omit<OutboxRunnerOptions, 'onError'>> & Pick<OutboxRunnerOptions, 'onError'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: Partial<Record<OutboxJobKind | string, JobHandler>>,
    options: OutboxRunnerOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? 10,
      leaseMs: options.leaseMs ?? 120_000,
      maxAttempts: options.maxAttempts ?? 10,
      backoffBaseMs: options.backoffBaseMs ?? 2_000,
      backoffMaxMs: options.backoffMaxMs ?? 10 * 60_000,
      onError: options.onError,
    };
  }

  /** Claims and runs one batch; returns how many jobs it ran. */
  async runOnce(): Promise<number> {
    const jobs = await this.claim();
    if (jobs.length === 0) return 0;
    // The whole batch is ours until it is run: the jobs waiting behind a long render keep their lease too.
    const unfinished = new Set(jobs.map((job) => job.id));
    const renewal = setInterval(() => void this.renew([...unfinished]), Math.max(500, Math.floor(this.options.leaseMs / 3)));
    try {
      for (const job of jobs) {
        await this.run(job);
        unfinished.delete(job.id);
      }
    } finally {
      clearInterval(renewal);
    }
    return jobs.length;
  }

  /** Runs batches until none is left (tests, benchmarks, CLI). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      if (n === 0) return total;
      total += n;
    }
  }

  private async claim(): Promise<OutboxJob[]> {
    const kinds = Object.keys(this.handlers);
    if (kinds.length === 0) return [];
    const now = new Date();
    const candidates = await this.dataSource
      .getRepository(OutboxJob)
      .createQueryBuilder('job')
      .select(['job.id'])
      .where('job.kind IN (:...kinds)', { kinds })
      .andWhere(
        new Brackets((qb) =>
          qb
            .where('job.status = :pending AND job.run_after <= :now', { pending: 'pending', now })
            .orWhere('job.status = :running AND job.locked_until < :now', { running: 'running', now }),
        ),
      )
      .orderBy('job.run_after', 'ASC')
      .limit(this.options.batchSize * 3)
      .getMany();
    const claimed: string[] = [];
    const lockedUntil = new Date(now.getTime() + this.options.leaseMs);
    for (const { id } of shuffle(candidates)) {
      if (claimed.length >= this.options.batchSize) break;
      const result = await this.dataSource
        .createQueryBuilder()
        .update(OutboxJob)
        .set({ status: 'running', lockedBy: this.workerId, lockedUntil, attempts: () => 'attempts + 1' })
        .where('id = :id', { id })
        .andWhere(
          new Brackets((qb) =>
            qb
              .where('status = :pending AND run_after <= :now', { pending: 'pending', now })
              .orWhere('status = :running AND locked_until < :now', { running: 'running', now }),
          ),
        )
        .execute();
      if (result.affected) claimed.push(id);
    }
    if (claimed.length === 0) return [];
    return this.dataSource.getRepository(OutboxJob).find({ where: { id: In(claimed), lockedBy: this.workerId } });
  }

  private async run(job: OutboxJob): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for ${job.kind}`);
      await handler(job);
      await this.dataSource.getRepository(OutboxJob).update(
        { id: job.id, lockedBy: this.workerId },
        { status: 'done', doneAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
      );
    } catch (error) {
      this.options.onError?.(job, error);
      const exhausted = job.attempts >= this.options.maxAttempts;
      const delay = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (job.attempts - 1)) * (0.8 + Math.random() * 0.4);
      await this.dataSource.getRepository(OutboxJob).update(
        { id: job.id, lockedBy: this.workerId },
        {
          status: exhausted ? 'failed' : 'pending',
          runAfter: new Date(Date.now() + delay),
          lockedBy: null,
          lockedUntil: null,
          lastError: String(error instanceof Error ? error.message : error).slice(0, 2000),
        },
      );
    }
  }

  private async renew(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.dataSource
        .getRepository(OutboxJob)
        .update({ id: In(ids), lockedBy: this.workerId, status: 'running' }, { lockedUntil: new Date(Date.now() + this.options.leaseMs) });
    } catch {
      // The next renewal tries again; if none succeeds the lease lapses and the job runs again elsewhere.
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

