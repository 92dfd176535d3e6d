import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

type Work<T> = (manager: EntityManager) => Promise<T>;

/** The query runner whose transaction callback is running, for the callback's whole async extent. */
const runningTransaction = new AsyncLocalStorage<QueryRunner>();

/** Lends the one connection to one query runner at a time, in the order they asked. */
class ConnectionLock {
  holder: QueryRunner | null = null;
  private readonly waiting: (() => void)[] = [];

  acquire(runner: QueryRunner): Promise<void> {
    if (!this.holder) {
      this.holder = runner;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.holder = runner;
        resolve();
      }),
    );
  }

  release(runner: QueryRunner): void {
    if (this.holder !== runner) return;
    this.holder = null;
    this.waiting.shift()?.();
  }
}

/**
 * One runner per use, like a connection from a pool: a transaction holds the lock from BEGIN until the connection
 * has left the transaction (commit, rollback, or a BEGIN that failed); a query outside a transaction holds it for
 * itself, so it never runs inside someone else's transaction.
 */
class LockingQueryRunner extends BetterSqlite3QueryRunner {
  constructor(
    driver: BetterSqlite3Driver,
    private readonly lock: ConnectionLock,
    statements: Map<string, unknown>,
  ) {
    super(driver);
    // TypeORM caches prepared statements per runner, expecting one runner for the process: share one cache instead.
    (this as unknown as { stmtCache: Map<string, unknown> }).stmtCache = statements;
  }

  override async startTransaction(isolationLevel?: IsolationLevel): Promise<void> {
    // Already ours: a savepoint inside our own transaction.
    if (this.lock.holder !== this) await this.lock.acquire(this);
    try {
      await super.startTransaction(isolationLevel);
    } finally {
      this.releaseOutsideTransaction();
    }
  }

  override async commitTransaction(): Promise<void> {
    try {
      await super.commitTransaction();
    } finally {
      this.releaseOutsideTransaction();
    }
  }

  override async rollbackTransaction(): Promise<void> {
    try {
      await super.rollbackTransaction();
    } finally {
      this.releaseOutsideTransaction();
    }
  }

  override async query(...args: Parameters<BetterSqlite3QueryRunner['query']>): Promise<any> {
    if (this.lock.holder === this) return super.query(...args);
    await this.lock.acquire(this);
    try {
      return await super.query(...args);
    } finally {
      this.lock.release(this);
    }
  }

  private releaseOutsideTransaction(): void {
    if (!this.driver.databaseConnection.inTransaction) this.lock.release(this);
  }
}

/** The data source's own manager: a transaction's callback runs knowing its query runner (see `createQueryRunner`). */
class TransactionAwareManager extends EntityManager {
  override transaction<T>(work: Work<T>): Promise<T>;
  override transaction<T>(isolationLevel: IsolationLevel, work: Work<T>): Promise<T>;
  override transaction<T>(first: IsolationLevel | Work<T>, second?: Work<T>): Promise<T> {
    const work = typeof first === 'function' ? first : second!;
    const inContext: Work<T> = (manager) => runningTransaction.run(manager.queryRunner!, () => work(manager));
    return typeof first === 'function' ? super.transaction(inContext) : super.transaction(first, inContext);
  }
}

/**
 * better-sqlite3 gives the process one connection, and TypeORM's driver hands every caller the same query runner on
 * it: two requests' transactions interleave ("cannot start a transaction within a transaction"), and a query made
 * outside any transaction while one is open runs inside it and is lost if it rolls back. This data source lends
 * the connection to one runner at a time instead. Inside a transaction's callback, whatever goes through the data
 * source rather than the callback's manager (a query, a nested transaction) joins that transaction, which is on the
 * one connection anyway, instead of waiting for it to end: it would wait for itself.
 */
export class SqliteDataSource extends DataSource {
  private readonly lock = new ConnectionLock();
  private readonly statements = new Map<string, unknown>();

  override createQueryRunner(): QueryRunner {
    const running = runningTransaction.getStore();
    if (running && this.lock.holder === running) return running;
    const runner = new LockingQueryRunner(this.driver as BetterSqlite3Driver, this.lock, this.statements);
    // As DataSource.createQueryRunner does for the driver's runner.
    Object.assign(runner, { manager: this.createEntityManager(runner) });
    return runner;
  }

  override createEntityManager(queryRunner?: QueryRunner): EntityManager {
    return queryRunner ? super.createEntityManager(queryRunner) : new TransactionAwareManager(this);
  }
}
