import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { canSeeMemo } from './memo-access';
import { Memo } from './memo.entity';

/** The questions asked of memos by name, so that who may see which memo is answered in one place. */
@Injectable()
export class MemoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The memo if `auth` may see it (same organisation; drafts only for their author and admins), else null. */
  async visibleTo(auth: AuthContext, id: string): Promise<Memo | null> {
    const memo = await this.dataSource.getRepository(Memo).findOneBy({ id });
    return memo && canSeeMemo(auth, memo) ? memo : null;
  }

  /** The memo of this organisation, whatever its status (for those whose role lets them act on any). */
  inOrganization(organizationId: string, id: string): Promise<Memo | null> {
    return this.dataSource.getRepository(Memo).findOneBy({ id, organizationId });
  }

  /** What an editor needs after a save: the version now stored and when. */
  savedVersion(id: string): Promise<Pick<Memo, 'id' | 'version' | 'updatedAt'>> {
    return this.dataSource.getRepository(Memo).findOneOrFail({ where: { id }, select: { id: true, version: true, updatedAt: true } });
  }

  /** The memo as stored now, inside the caller's transaction. */
  current(manager: EntityManager, id: string): Promise<Memo> {
    return manager.findOneByOrFail(Memo, { id });
  }
}
