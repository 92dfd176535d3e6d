import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';
import { sha256Hex } from '../common/tokens';

/**
 * Limits on what mailed links expose: opening or using a link (per IP: a token cannot be guessed at speed) and asking
 * for a password reset (per account and per IP, with the sign-in limits: each request may send a mail). Every request
 * counts, whatever its outcome, so the limit says nothing about whether an account or a token exists.
 *
 * Stored as the sign-in counters are (see LoginLimiter): rows of `login_failures` on MySQL/MariaDB, shared by every
 * process, under keys of their own; this process's memory on SQLite.
 */
@Injectable()
export class RequestLimiter {
  private readonly linkPerIp: RateLimiterAbstract;
  private readonly resetPerAccount: RateLimiterAbstract;
  private readonly resetPerIp: RateLimiterAbstract;

  constructor(@Inject(authConfig.KEY) config: AuthConfig, @InjectDataSource() dataSource: DataSource) {
    const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const options = { keyPrefix, points, duration: config.blockSeconds, blockDuration: config.blockSeconds };
      if (dataSource.options.type !== 'mysql') return new RateLimiterMemory(options);
      const driver = dataSource.driver as MysqlDriver;
      return new RateLimiterMySQL({ ...options, storeClient: driver.pool, storeType: 'pool', dbName: driver.database, tableName: 'login_failures', tableCreated: true });
    };
    this.linkPerIp = limiter('link-ip', config.maxFailuresPerIp);
    this.resetPerAccount = limiter('reset-account', config.freeFailures);
    this.resetPerIp = limiter('reset-ip', config.maxFailuresPerIp);
  }

  async linkRequest(ip: string): Promise<void> {
    await this.linkPerIp.consume(sha256Hex(ip)).catch(refuse);
  }

  async resetRequest(account: string, ip: string): Promise<void> {
    await this.resetPerIp.consume(sha256Hex(ip)).catch(refuse);
    await this.resetPerAccount.consume(sha256Hex(account.trim().toLowerCase())).catch(refuse);
  }
}

function refuse(error: unknown): never {
  if (!(error instanceof RateLimiterRes)) throw error;
  const retryAfterSeconds = Math.ceil(error.msBeforeNext / 1000);
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  throw new DomainError(
    ErrorCode.TooManyRequests,
    { th: `มีคำขอมากเกินไป กรุณารออีกประมาณ ${minutes} นาทีแล้วลองใหม่`, en: `Too many requests. Try again in about ${minutes} minute(s).` },
    [],
    { retryAfterSeconds },
  );
}
