import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory, RateLimiterMySQL, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';
import { securityEvent } from '../common/security-log';
import { sha256Hex } from '../common/tokens';

/** Created by migration 1763820000000-LoginFailures in the layout RateLimiterMySQL expects. */
const TABLE = 'login_failures';

/** How long an address's failures for one account are remembered (a success forgets them at once). */
const PAIR_MEMORY_SECONDS = 24 * 3600;

/** Sign-ins from one address waiting for their turn in this process; one more is refused. */
const MAX_WAITING_PER_ADDRESS = 100;

/**
 * Slows whoever guesses passwords, not the person whose account is guessed:
 *
 * - per address and account: after `LOGIN_FREE_FAILURES` failures, each further failure holds that address back
 *   from that account for a delay that doubles (`LOGIN_FIRST_DELAY_SECONDS`, twice that, four times …) up to
 *   `LOGIN_BLOCK_MINUTES`; the owner signing in
 *   from elsewhere is not affected, and a success from the address forgets its failures;
 * - per address: `LOGIN_MAX_FAILURES_PER_IP` failures across all accounts hold it back until the window ends.
 *
 * Only failures count, and an attempt is refused only for failures already recorded, never for attempts in
 * flight: a correct password sent with others at once is not refused. To keep simultaneous guesses from all being
 * checked before any of them is recorded, the attempts of one address take turns in this process (a few argon2
 * verifications at a time per office is no wait anyone notices). Several Kasian processes each take their own
 * turns: simultaneous guesses can pass the limit by at most one per process.
 *
 * On MySQL/MariaDB the counters are rows of `login_failures`, so every Kasian process on the database counts the
 * same failures. On SQLite they stay in this process's memory: the embedded database serves one process, and the
 * library would write through the raw better-sqlite3 handle, around the lock that serialises SQLite access.
 *
 * Store errors are not caught (fail closed): no sign-in is decided without its counters.
 */
@Injectable()
export class LoginLimiter {
  private readonly pairFailures: RateLimiterAbstract;
  private readonly pairHeld: RateLimiterAbstract;
  private readonly ipFailures: RateLimiterAbstract;
  private readonly turns = new Turns();

  constructor(
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const options = { keyPrefix, points, duration };
      if (dataSource.options.type !== 'mysql') return new RateLimiterMemory(options);
      const driver = dataSource.driver as MysqlDriver;
      // TypeORM's own mysql2 pool; 'pool' makes the library run each update's BEGIN … COMMIT on one pooled connection.
      return new RateLimiterMySQL({ ...options, storeClient: driver.pool, storeType: 'pool', dbName: driver.database, tableName: TABLE, tableCreated: true });
    };
    this.pairFailures = limiter('login-pair', Number.MAX_SAFE_INTEGER, PAIR_MEMORY_SECONDS);
    this.pairHeld = limiter('login-pair-held', 1, config.blockSeconds);
    this.ipFailures = limiter('login-ip', config.maxFailuresPerIp, config.blockSeconds);
  }

  /**
   * Runs `check` (find the person, verify the password) unless this address is held back — then 429 with
   * `retryAfterSeconds` — and records its outcome. Returns what `check` found; null is a failure.
   */
  attempt<T>(account: string, ip: string, check: () => Promise<T | null>): Promise<T | null> {
    const address = sha256Hex(ip);
    const pair = sha256Hex(`${ip}\n${account.trim().toLowerCase()}`);
    return this.turns.take(address, async () => {
      await this.refuseIfHeldBack(pair, address);
      const found = await check();
      if (found) await Promise.all([this.pairFailures.delete(pair), this.pairHeld.delete(pair)]);
      else await this.recordFailure(pair, address);
      return found;
    });
  }

  private async refuseIfHeldBack(pair: string, address: string): Promise<void> {
    const [held, failures] = await Promise.all([this.pairHeld.get(pair), this.ipFailures.get(address)]);
    if (held && held.consumedPoints > 1) throw refused('account', held);
    if (failures && failures.consumedPoints >= this.config.maxFailuresPerIp) throw refused('address', failures);
  }

  private async recordFailure(pair: string, address: string): Promise<void> {
    const [forPair, forAddress] = await Promise.all([this.pairFailures.penalty(pair, 1), this.ipFailures.penalty(address, 1)]);
    const beyond = forPair.consumedPoints - this.config.freeFailures;
    if (beyond > 0) {
      const delaySeconds = Math.min(this.config.blockSeconds, this.config.firstDelaySeconds * 2 ** (beyond - 1));
      await this.pairHeld.block(pair, delaySeconds);
      securityEvent('auth.lockout', { scope: 'address+account', failures: forPair.consumedPoints, delaySeconds });
    }
    if (forAddress.consumedPoints === this.config.maxFailuresPerIp) {
      securityEvent('auth.lockout', { scope: 'address', failures: forAddress.consumedPoints, delaySeconds: Math.ceil(forAddress.msBeforeNext / 1000) });
    }
  }
}

/** One at a time per key, in the order they came; more than `MAX_WAITING_PER_ADDRESS` waiting are refused. */
class Turns {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();

  async take<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= MAX_WAITING_PER_ADDRESS) throw tooManyAtOnce();
    this.queues.set(key, queue);
    queue.waiting++;
    const previous = queue.tail;
    let done!: () => void;
    queue.tail = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (--queue.waiting === 0) this.queues.delete(key);
    }
  }
}

function refused(scope: 'account' | 'address', result: RateLimiterRes): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  securityEvent('auth.login_refused', { scope: scope === 'account' ? 'address+account' : 'address', retryAfterSeconds });
  const wait = retryAfterSeconds < 60 ? { th: `${retryAfterSeconds} วินาที`, en: `${retryAfterSeconds} second(s)` } : { th: `${Math.ceil(retryAfterSeconds / 60)} นาที`, en: `${Math.ceil(retryAfterSeconds / 60)} minute(s)` };
  return new DomainError(
    ErrorCode.TooManyRequests,
    {
      th: `เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณารออีกประมาณ ${wait.th}แล้วลองใหม่`,
      en: `Too many failed sign-in attempts. Try again in about ${wait.en}.`,
    },
    [],
    { retryAfterSeconds },
  );
}

function tooManyAtOnce(): DomainError {
  securityEvent('rate_limited', { limit: 'sign-in attempts waiting per address', max: MAX_WAITING_PER_ADDRESS });
  return new DomainError(
    ErrorCode.TooManyRequests,
    { th: 'มีการเข้าสู่ระบบจากที่อยู่นี้พร้อมกันมากเกินไป กรุณาลองใหม่ในอีกสักครู่', en: 'Too many sign-ins from this address at once: try again in a moment.' },
    [],
    { retryAfterSeconds: 1 },
  );
}
