import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError } from '../common/domain-error';
import { pageOf, type Keyset, type Page } from '../common/pagination';
import type { Report } from '../reports/report.entity';
import { ItaItem } from '../organizations/ita-item.entity';
import type { ItaItemDto } from './publication.dto';

const ITA_ITEM_ORDER: Keyset<ItaItem> = {
  name: 'ita-items',
  columns: [
    { sql: 'item.fiscal_year', direction: 'DESC', kind: 'number', of: (i) => i.fiscalYear },
    { sql: 'item.code', direction: 'ASC', kind: 'string', of: (i) => i.code },
    { sql: 'item.id', direction: 'ASC', kind: 'string', of: (i) => i.id },
  ],
};

/** The organisation's year → OIT item mapping (หมวด/ข้อ of the ITA assessment) that publications are filed under. */
@Injectable()
export class ItaItemsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The year → OIT item mapping, the newest year first, by code within a year. */
  list(auth: AuthContext, query: { fiscalYear?: number; limit?: number; cursor?: string } = {}): Promise<Page<ItaItem>> {
    const qb = this.dataSource.getRepository(ItaItem).createQueryBuilder('item').where('item.organization_id = :organizationId', { organizationId: auth.organizationId });
    if (query.fiscalYear) qb.andWhere('item.fiscal_year = :fiscalYear', { fiscalYear: query.fiscalYear });
    return pageOf(qb, ITA_ITEM_ORDER, query, (q) => q.getMany() as Promise<ItaItem[]>, (item) => item);
  }

  async add(auth: AuthContext, dto: ItaItemDto) {
    requireRole(auth, 'admin');
    const repository = this.dataSource.getRepository(ItaItem);
    if (await repository.existsBy({ organizationId: auth.organizationId, fiscalYear: dto.fiscalYear, code: dto.code })) {
      throw DomainError.field('code', 'unique', 'มีรายการนี้ในปีงบประมาณนี้แล้ว', 'This item exists for the year');
    }
    return repository.save(repository.create({ ...dto, reportKind: dto.reportKind ?? null, organizationId: auth.organizationId }));
  }

  async remove(auth: AuthContext, id: string) {
    requireRole(auth, 'admin');
    const result = await this.dataSource.getRepository(ItaItem).delete({ id, organizationId: auth.organizationId });
    if (!result.affected) throw DomainError.notFound();
  }

  /** The items of these fiscal years (what the publishing queue suggests from). */
  ofYears(organizationId: string, fiscalYears: number[]): Promise<ItaItem[]> {
    return fiscalYears.length ? this.dataSource.getRepository(ItaItem).findBy({ organizationId, fiscalYear: In(fiscalYears) }) : Promise.resolve([]);
  }

  /** The item a publication files under: the one given (which must exist that year), else the year's only item for the kind. */
  async codeFor(auth: AuthContext, fiscalYear: number, kind: Report['kind'], given?: string): Promise<string | null> {
    const items = await this.dataSource.getRepository(ItaItem).findBy({ organizationId: auth.organizationId, fiscalYear });
    if (given) {
      if (!items.some((i) => i.code === given)) {
        throw DomainError.field('itaItemCode', 'exists', `ไม่มีรายการ ${given} ในปีงบประมาณ ${fiscalYear} (ผู้ดูแลระบบเพิ่มได้)`, `No item ${given} for fiscal year ${fiscalYear}`);
      }
      return given;
    }
    const matching = items.filter((i) => i.reportKind === kind);
    return matching.length === 1 ? matching[0].code : null;
  }
}
