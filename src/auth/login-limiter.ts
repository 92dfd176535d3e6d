import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';

/**
 * Failed logins are counted per account and per IP; past either limit, logins answer 429 until the block ends.
 * Counters live in this process's memory: behind several Kasian processes each keeps its own count (see README).
 */
@Injectable()
export class LoginLimiter {
  private readonly perAccount: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(@Inject(authConfig.KEY) config: AuthConfig) {
    this.perAccount = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: config.maxFailuresPerAccount,
      duration: config.blockSeconds,
      blockDuration: config.blockSeconds,
    });
    this.perIp = new RateLimiterMemory({
      keyPrefix: 'login-ip',
      points: config.maxFailuresPerIp,
      duration: config.blockSeconds,
      blockDuration: config.blockSeconds,
    });
  }

  /** Throws 429 when the account or the IP has used up its failed attempts. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([
      this.perAccount.get(this.accountKey(username)),
      this.perIp.get(ip),
    ]);
    const blocked = [
      { res: account, limit: this.perAccount.points },
      { res: address, limit: this.perIp.points },
    ].filter(({ res, limit }) => res !== null && res.consumedPoints >= limit);
    if (blocked.length > 0) {
      const waitMs = Math.max(...blocked.map(({ res }) => (res as RateLimiterRes).msBeforeNext));
      throw tooManyAttempts(Math.ceil(waitMs / 1000));
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.perAccount.penalty(this.accountKey(username), 1),
      this.perIp.penalty(ip, 1),
    ]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.perAccount.delete(this.accountKey(username));
  }

  private accountKey(username: string): string {
    return username.trim().toLowerCase();
  }
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
