import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AccountLinksService } from '../auth/account-links.service';
import { LINK_LIFETIME_MS, type LinkPurpose } from '../auth/account-link.entity';
import { DomainError } from '../common/domain-error';
import { validateInput } from '../common/validation';
import { inTransaction } from '../database/transactions';
import { User } from '../identity/user.entity';
import { toUserView, type UserView } from '../identity/user-view';
import { CreateOperatorDto } from './operator.dto';

export interface IssuedLink {
  url: string;
  purpose: LinkPurpose;
  expiresAt: Date;
}

/**
 * Platform operators (ผู้ดูแลแพลตฟอร์ม): people of no organisation who bring organisations into service. Created
 * from the command line, which prints a one-time link to choose a password — never a password.
 */
@Injectable()
export class OperatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: AccountLinksService,
  ) {}

  async create(input: { username?: string; email?: string; fullName?: string }): Promise<{ operator: UserView; link: IssuedLink }> {
    const dto = validateInput(CreateOperatorDto, { ...input, email: input.email?.trim().toLowerCase(), username: input.username?.trim() });
    const { user, issued } = await inTransaction(this.dataSource, async (manager) => {
      // A unique index over (organization_id, username) does not hold among NULLs: the operators' names are checked
      // here, under a lock on MySQL that makes a second creation of the same name wait for this one.
      const query = manager.createQueryBuilder(User, 'user').where('user.organization_id IS NULL AND user.username = :username', { username: dto.username });
      if (manager.connection.options.type === 'mysql') query.setLock('pessimistic_write');
      if (await query.getExists()) {
        throw DomainError.field('username', 'unique', 'มีผู้ดูแลแพลตฟอร์มชื่อผู้ใช้นี้แล้ว', 'An operator has this username already');
      }
      // An address shared with another account would make signing in by e-mail name neither.
      if (await manager.existsBy(User, { email: dto.email })) {
        throw DomainError.field('email', 'unique', 'อีเมลนี้มีบัญชีอื่นใช้อยู่แล้ว กรุณาใช้อีเมลอื่น', 'Another account uses this e-mail');
      }
      const user = manager.create(User, {
        organizationId: null,
        honorific: '',
        fullName: dto.fullName?.trim() ?? dto.username,
        username: dto.username,
        email: dto.email,
        passwordHash: '',
        passwordSetAt: null,
        roles: [],
        positionId: null,
        active: true,
      });
      await manager.save(user);
      return { user, issued: await this.links.issue(manager, user, 'invitation', null) };
    });
    return { operator: toUserView(user), link: { url: issued.url, purpose: 'invitation', expiresAt: issued.link.expiresAt } };
  }

  async list(): Promise<UserView[]> {
    const operators = await this.dataSource.getRepository(User).find({ where: { organizationId: IsNull() }, order: { username: 'ASC' } });
    return operators.map(toUserView);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(User).countBy({ organizationId: IsNull() });
  }

  /** A new link for an operator: to choose a first password, or (once one is set) a 30-minute reset link. */
  async newLink(username: string): Promise<IssuedLink> {
    const user = await this.dataSource.getRepository(User).findOneBy({ organizationId: IsNull(), username: username.trim() });
    if (!user) throw DomainError.field('username', 'exists', 'ไม่พบผู้ดูแลแพลตฟอร์มชื่อผู้ใช้นี้', 'No operator has this username');
    const purpose: LinkPurpose = user.passwordSetAt ? 'password_reset' : 'invitation';
    const issued = await inTransaction(this.dataSource, (manager) => this.links.issue(manager, user, purpose, null));
    return { url: issued.url, purpose, expiresAt: new Date(issued.link.createdAt.getTime() + LINK_LIFETIME_MS[purpose]) };
  }
}
