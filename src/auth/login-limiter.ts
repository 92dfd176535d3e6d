import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';
import { sha256Hex } from '../common/tokens';

/** Created by migration 1763820000000-LoginFailures in the layout RateLimiterMySQL expects. */
const TABLE = 'login_failures';

/**
 * Sign-in attempts are counted per account and per IP, and a success gives its own back, so what stays counted
 * are the failures; past either limit, logins answer 429 until the block ends.
 *
 * On MySQL/MariaDB the counters are rows of `login_failures`, so every Kasian process on the database counts the
 * same failures. On SQLite they stay in this process's memory: the embedded database serves one process, and the
 * library would write through the raw better-sqlite3 handle, around the lock that serialises SQLite access.
 *
 * Store errors are not caught (fail closed): no login is decided without its counters. Failing open would buy no
 * availability — with the database down the user lookup fails anyway — and would let a counter that cannot be
 * written stop counting while logins still work.
 */
@Injectable()
export class LoginLimiter {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;

  constructor(@Inject(authConfig.KEY) config: AuthConfig, @InjectDataSource() dataSource: DataSource) {
    const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const options = { keyPrefix, points, duration: config.blockSeconds, blockDuration: config.blockSeconds };
      if (dataSource.options.type !== 'mysql') return new RateLimiterMemory(options);
      const driver = dataSource.driver as MysqlDriver;
      // TypeORM's own mysql2 pool; 'pool' makes the library run each update's BEGIN … COMMIT on one pooled connection.
      return new RateLimiterMySQL({
        ...options,
        storeClient: driver.pool,
        storeType: 'pool',
        dbName: driver.database,
        tableName: TABLE,
        tableCreated: true,
      });
    };
    this.perAccount = limiter('login-account', config.maxFailuresPerAccount);
    this.perIp = limiter('login-ip', config.maxFailuresPerIp);
  }

  /**
   * Counts this attempt before the password is checked, and throws 429 when the IP or the account has used up its
   * attempts. Counting first is what holds the limit against simultaneous guesses: with check-then-record, N
   * requests sent at once would all pass the check. An attempt refused here counts against neither.
   */
  async attempt(username: string, ip: string): Promise<void> {
    await this.perIp.consume(ipKey(ip)).catch(refuse);
    await this.perAccount.consume(accountKey(username)).catch(async (error: unknown) => {
      await this.perIp.reward(ipKey(ip), 1);
      refuse(error);
    });
  }

  /** A successful sign-in clears the account's count and gives back its own point to the IP (an office shares one). */
  async succeeded(username: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.delete(accountKey(username)), this.perIp.reward(ipKey(ip), 1)]);
  }
}

/** The library rejects with its result when the limit is reached, and with an Error when its store fails. */
function refuse(error: unknown): never {
  if (error instanceof RateLimiterRes) throw tooManyAttempts(Math.ceil(error.msBeforeNext / 1000));
  throw error;
}

// Hashed, so that a key fits the table's VARCHAR(255) whatever was sent (the web form's username has no length limit;
// behind a proxy the IP comes from a header) and a password typed as the username is not stored in clear.
function accountKey(username: string): string {
  return sha256Hex(username.trim().toLowerCase());
}

function ipKey(ip: string): string {
  return sha256Hex(ip);
}

function tooManyAttempts(retryAfterSeconds: number): DomainError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new DomainError(
    ErrorCode.TooManyRequests,
    {
      th: `เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณารออีกประมาณ ${minutes} นาทีแล้วลองใหม่`,
      en: `Too many failed sign-in attempts. Try again in about ${minutes} minute(s).`,
    },
    [],
    { retryAfterSeconds },
  );
}
