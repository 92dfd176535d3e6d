import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { keysetPage, type Keyset } from '../common/pagination';
import { Report } from '../reports/report.entity';
import { canSeeMemo } from './memo-access';
import { Memo } from './memo.entity';

export interface PublishQueueRow {
  id: string;
  subject: string;
  document_number: string | null;
  register_year: number | string | null;
  approved_at: Date | string;
  title: string;
  kind: Report['kind'];
  fiscal_year: number | string;
}

/** Approved longest ago first (approved_at is set by APPROVE, so never null in the queue). */
const QUEUE_ORDER: Keyset<PublishQueueRow> = {
  name: 'publish-queue',
  columns: [
    { sql: 'memo.approved_at', direction: 'ASC', kind: 'date', of: (row) => row.approved_at },
    { sql: 'memo.id', direction: 'ASC', kind: 'string', of: (row) => row.id },
  ],
};

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

  /** The memo whatever its organisation, for the jobs that run after a commit (render, notify) and carry its id. */
  byId(id: string): Promise<Memo | null> {
    return this.dataSource.getRepository(Memo).findOneBy({ id });
  }

  /** The webmaster's queue: approved memos whose final PDF is ready, with their report's title, kind and year; the longest approved first. */
  readyToPublish(organizationId: string, page: { limit?: number; cursor?: string }) {
    const qb = this.dataSource
      .getRepository(Memo)
      .createQueryBuilder('memo')
      .innerJoin(Report, 'report', 'report.id = memo.id')
      .select('memo.id', 'id')
      .addSelect('memo.subject', 'subject')
      .addSelect('memo.document_number', 'document_number')
      .addSelect('memo.register_year', 'register_year')
      .addSelect('memo.approved_at', 'approved_at')
      .addSelect('report.title', 'title')
      .addSelect('report.kind', 'kind')
      .addSelect('report.fiscal_year', 'fiscal_year')
      .where("memo.organization_id = :organizationId AND memo.status = 'ready'", { organizationId: organizationId });
    return keysetPage(qb, QUEUE_ORDER, page, (q) => q.getRawMany<PublishQueueRow>());
  }
}
