import { pageOf, type Keyset, type Page } from '../common/pagination';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThan, Not, Repository } from 'typeorm';
import { authConfig, type AuthConfig } from '../config/configuration';
import { DomainError, ErrorCode } from '../common/domain-error';
import { securityEvent } from '../common/security-log';
import { gregorianDateProblem } from '../common/thai-calendar';
import { randomToken, sha256Hex } from '../common/tokens';
import { User } from '../identity/user.entity';
import { toUserView, type UserView } from '../identity/user-view';
import { ApiToken } from './api-token.entity';
import { NO_ORGANIZATION, type AuthContext, type RequestOrigin } from './auth-context';
import { LoginLimiter } from './login-limiter';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import { Session } from './session.entity';

const TOKEN_PREFIX = 'kas_';

const invalidCredentials = () =>
  new DomainError(ErrorCode.InvalidCredentials, {
    th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
    en: 'Wrong username or password',
  });

export const organizationSuspended = () =>
  DomainError.forbidden({
    th: 'หน่วยงานของท่านถูกระงับการใช้งานชั่วคราว กรุณาติดต่อผู้ดูแลแพลตฟอร์ม',
    en: 'Your organisation is suspended: contact the platform operator',
  });

export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
}

const TOKEN_ORDER: Keyset<ApiToken> = {
  name: 'tokens',
  columns: [
    { sql: 'token.created_at', direction: 'DESC', kind: 'date', of: (t) => t.createdAt },
    { sql: 'token.id', direction: 'DESC', kind: 'string', of: (t) => t.id },
  ],
};

/**
 * The account a sign-in or a reset request names, as the limiters count it: the same for every spelling
 * `findAccount` reads as the same account (case, and spaces around the name and the organisation).
 */
export function accountKey(identifier: string, organization?: string): string {
  const name = identifier.trim().toLowerCase();
  const given = organization?.trim().toLowerCase();
  return given ? `${given}/${name}` : name;
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

  /**
   * Unknown user, inactive user and wrong password all answer the same 401, after the same work. `username` may be an
   * e-mail; `organization` (its slug or DLA code) says whose username it is (see `findAccount`). Failures slow the
   * guesser's address for that account (LoginLimiter), never the owner.
   */
  async login(username: string, password: string, origin: RequestOrigin, organization?: string): Promise<StartedSession> {
    const account = accountKey(username, organization);
    const user = await this.limiter.attempt(account, origin.ip ?? 'unknown', async () => {
      const user = await this.findAccount(username, organization);
      const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
      if (ok && user) return user;
      securityEvent('auth.login_failed', { userId: user?.id ?? null, reason: !user ? 'unknown_account' : user.active ? 'wrong_password' : 'inactive_account' });
      return null;
    });
    if (!user) throw invalidCredentials();
    // Said only to someone who knows the password: the organisation exists and is suspended.
    if (user.organization?.suspendedAt) throw organizationSuspended();
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return this.startSession(user, origin);
  }

  /**
   * The one account a sign-in names, or null. An e-mail (it has an "@") names the account with that address; a
   * username names the account of that name in the organisation given by its slug or DLA code, or — with no
   * organisation given — the only account of that name in the deployment (one organisation's, or an operator's). A
   * name or address that several accounts share names none: the person gives their organisation. Every "no" looks
   * the same to the caller, so a sign-in tells nobody which organisations or accounts exist.
   */
  async findAccount(identifier: string, organization?: string): Promise<(User & { passwordHash: string }) | null> {
    const wanted = identifier.trim().toLowerCase();
    if (!wanted) return null;
    const query = this.users
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.organization', 'organization')
      .addSelect('user.passwordHash')
      .take(2);
    query.where(wanted.includes('@') ? 'user.email = :wanted' : 'user.username = :wanted', { wanted });
    const given = organization?.trim().toLowerCase();
    if (given) query.andWhere('(organization.slug = :given OR organization.dla_code = :given)', { given });
    const found = await query.getMany();
    return found.length === 1 ? (found[0] as User & { passwordHash: string }) : null;
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
    await users.update({ id: userId }, { passwordHash, passwordSetAt: new Date() });
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
      .leftJoin('user.organization', 'organization')
      .select(['user.id', 'user.organizationId', 'user.roles', 'user.positionId'])
      .addSelect('session.csrf_token', 'csrf_token')
      .where('session.token_hash = :tokenHash AND session.expires_at > :now AND user.active = :active', { tokenHash, now: new Date(), active: true })
      // A suspended organisation's sessions are deleted when it is suspended; this holds for one that began meanwhile.
      .andWhere('organization.suspended_at IS NULL')
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

  /** The person's own tokens, newest first. */
  listApiTokens(auth: AuthContext, page: { limit?: number; cursor?: string } = {}): Promise<Page<ApiToken>> {
    const qb = this.tokens.createQueryBuilder('token').where('token.user_id = :userId', { userId: auth.userId });
    return pageOf(qb, TOKEN_ORDER, page, (q) => q.getMany() as Promise<ApiToken[]>, (token) => token);
  }

  async revokeApiToken(auth: AuthContext, id: string): Promise<void> {
    const result = await this.tokens.delete({ id, userId: auth.userId });
    if (!result.affected) throw DomainError.notFound({ th: 'ไม่พบโทเค็นนี้', en: 'Token not found' });
  }

  /** A session for a person who has just proved who they are another way (a one-time link). */
  async startSessionFor(userId: string, origin: RequestOrigin): Promise<StartedSession> {
    return this.startSession(await this.users.findOneByOrFail({ id: userId }), origin);
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

  private async activeUser(id: string): Promise<User | null> {
    const user = await this.users.findOne({ where: { id, active: true }, relations: { organization: true } });
    return user && !user.organization?.suspendedAt ? user : null;
  }

  private contextOf(user: User): Omit<AuthContext, 'via'> {
    if (user.organizationId === null) return { userId: user.id, organizationId: NO_ORGANIZATION, roles: [], positionId: null, operator: true };
    return { userId: user.id, organizationId: user.organizationId, roles: user.roles, positionId: user.positionId };
  }
}
