import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, Not, Repository } from 'typeorm';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';
import { securityEvent } from '../common/security-log';
import { gregorianDateProblem } from '../common/thai-calendar';
import { randomToken, sha256Hex } from '../common/tokens';
import { User } from '../users/user.entity';
import { toUserView, type UserView } from '../users/user-view';
import { ApiToken } from './api-token.entity';
import type { AuthContext, RequestOrigin } from './auth-context';
import { LoginLimiter } from './login-limiter';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { Session } from './session.entity';

const TOKEN_PREFIX = 'kas_';

const invalidCredentials = () =>
  new DomainError(ErrorCode.InvalidCredentials, {
    th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
    en: 'Wrong username or password',
  });

export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly limiter: LoginLimiter,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** Unknown user, inactive user and wrong password all answer the same 401, after the same work. */
  async login(username: string, password: string, origin: RequestOrigin): Promise<StartedSession> {
    const user = await this.limiter.attempt(username, origin.ip ?? 'unknown', async () => {
      const user = await this.users.findOne({
        where: { username: username.trim().toLowerCase() },
        select: { id: true, organizationId: true, passwordHash: true, active: true, roles: true, positionId: true, honorific: true, fullName: true, username: true },
      });
      const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
      if (ok && user) return user;
      securityEvent('auth.login_failed', { userId: user?.id ?? null, reason: !user ? 'unknown_account' : user.active ? 'wrong_password' : 'inactive_account' });
      return null;
    });
    if (!user) throw invalidCredentials();
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return this.startSession(user, origin);
  }

  async me(userId: string): Promise<UserView> {
    return toUserView(await this.users.findOneOrFail({ where: { id: userId }, relations: { position: true } }));
  }

  async logout(auth: AuthContext): Promise<void> {
    if (auth.sessionTokenHash) await this.sessions.delete({ tokenHash: auth.sessionTokenHash });
  }

  /** Changing one's password ends every other session of that person. */
  async changePassword(auth: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findOneOrFail({ where: { id: auth.userId }, select: { id: true, passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw DomainError.field('currentPassword', 'mismatch', 'รหัสผ่านปัจจุบันไม่ถูกต้อง', 'The current password is wrong');
    }
    await this.setPassword(auth.userId, newPassword, auth.sessionTokenHash);
    securityEvent('auth.password_changed', { userId: auth.userId });
  }

  /** Sets a password and ends the person's sessions, except the one given; in the caller's transaction if given one. */
  async setPassword(userId: string, newPassword: string, keepSessionHash?: string, manager?: EntityManager): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    const users = manager?.getRepository(User) ?? this.users;
    const sessions = manager?.getRepository(Session) ?? this.sessions;
    await users.update({ id: userId }, { passwordHash });
    await sessions.delete(keepSessionHash ? { userId, tokenHash: Not(keepSessionHash) } : { userId });
  }

  async endSessions(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }

  async resolveSession(token: string): Promise<AuthContext | null> {
    const tokenHash = sha256Hex(token);
    // One query per request: the session and its active person together.
    const row = await this.users
      .createQueryBuilder('user')
      .innerJoin(Session, 'session', 'session.user_id = user.id')
      .select(['user.id', 'user.organizationId', 'user.roles', 'user.positionId'])
      .addSelect('session.csrf_token', 'csrf_token')
      .where('session.token_hash = :tokenHash AND session.expires_at > :now AND user.active = :active', { tokenHash, now: new Date(), active: true })
      .getRawAndEntities();
    const user = row.entities[0];
    if (!user) return null;
    return { ...this.contextOf(user), via: 'session', sessionTokenHash: tokenHash, csrfToken: row.raw[0].csrf_token as string };
  }

  async resolveApiToken(token: string): Promise<AuthContext | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: sha256Hex(token) } });
    if (!row || (row.expiresAt && row.expiresAt < new Date())) return null;
    const user = await this.activeUser(row.userId);
    if (!user) return null;
    await this.tokens.update({ id: row.id }, { lastUsedAt: new Date() });
    return { ...this.contextOf(user), via: 'token' };
  }

  /** The plain token is returned once and never stored. */
  async createApiToken(auth: AuthContext, name: string, expiresAt: Date | null): Promise<{ token: string; record: ApiToken }> {
    // A date the calendar has but the DATETIME column has not (an ISO week date parses to nothing), one already past,
    // which would make a token that never works, or a year that is a slip (พ.ศ. for ค.ศ.) or beyond 2199.
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
      throw DomainError.field('expiresAt', 'future', 'วันหมดอายุต้องเป็นวันเวลาในอนาคต', 'must be a date and time in the future');
    }
    const dated = expiresAt && gregorianDateProblem(expiresAt.toISOString().slice(0, 10));
    if (dated) throw DomainError.validation([{ field: 'expiresAt', ...dated }]);
    const token = TOKEN_PREFIX + randomToken(32);
    const record = await this.tokens.save(
      this.tokens.create({
        userId: auth.userId,
        name,
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, 10),
        createdAt: new Date(),
        lastUsedAt: null,
        expiresAt,
      }),
    );
    delete (record as Partial<ApiToken>).tokenHash;
    return { token, record };
  }

  listApiTokens(auth: AuthContext): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId: auth.userId }, order: { createdAt: 'DESC' } });
  }

  async revokeApiToken(auth: AuthContext, id: string): Promise<void> {
    const result = await this.tokens.delete({ id, userId: auth.userId });
    if (!result.affected) throw DomainError.notFound({ th: 'ไม่พบโทเค็นนี้', en: 'Token not found' });
  }

  private async startSession(user: User, origin: RequestOrigin): Promise<StartedSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlMs);
    await this.sessions.insert({
      tokenHash: sha256Hex(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    return { token, csrfToken, expiresAt, user };
  }

  private activeUser(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id, active: true, organizationId: Not(IsNull()) } });
  }

  private contextOf(user: User): Omit<AuthContext, 'via'> {
    return { userId: user.id, organizationId: user.organizationId, roles: user.roles, positionId: user.positionId };
  }
}
