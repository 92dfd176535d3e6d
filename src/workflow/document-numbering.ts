import { DataSource, EntityManager } from 'typeorm';
import { buddhistCalendarYear, withNumerals } from '../common/thai-calendar';
import { DocumentRegister } from './document-register.entity';

/** Registers known to exist, per database: rows are never deleted, so once seen a row needs no more reads. */
const knownRegisters = new WeakMap<DataSource, Set<string>>();

/** Creates the year's register row if missing, outside any transaction, so that allocation is a plain row update. */
export async function ensureRegister(dataSource: DataSource, organizationId: string, at: Date): Promise<void> {
  const year = buddhistCalendarYear(at);
  const known = knownRegisters.get(dataSource) ?? new Set<string>();
  knownRegisters.set(dataSource, known);
  if (known.has(`${organizationId}/${year}`)) return;
  // A plain read first: INSERT IGNORE on an existing row would wait for the row lock of a submission in progress.
  if (!(await dataSource.getRepository(DocumentRegister).existsBy({ organizationId, year }))) await insertRegister(dataSource, organizationId, year);
  known.add(`${organizationId}/${year}`);
}

async function insertRegister(dataSource: DataSource, organizationId: string, year: number): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(DocumentRegister)
    .values({ organizationId, year, lastNumber: 0 })
    .orIgnore()
    .updateEntity(false)
    .execute();
}

/**
 * Takes the next number of the organisation's outgoing register for the calendar year, inside the caller's
 * transaction (after `ensureRegister`). The UPDATE locks the counter row until commit, so concurrent submissions get
 * consecutive, distinct numbers; a rolled-back submission gives its number back, a committed one never does
 * (cancelled memos keep theirs). The register restarts at 1 each Buddhist-era calendar year.
 */
export async function nextDocumentNumber(manager: EntityManager, organizationId: string, at: Date): Promise<{ year: number; number: number }> {
  const year = buddhistCalendarYear(at);
  const updated = await manager
    .createQueryBuilder()
    .update(DocumentRegister)
    .set({ lastNumber: () => 'last_number + 1' })
    .where('organization_id = :organizationId AND year = :year', { organizationId, year })
    .execute();
  if (!updated.affected) throw new Error(`no document register for ${organizationId}/${year}: call ensureRegister first`);
  const row = await manager.findOneByOrFail(DocumentRegister, { organizationId, year });
  return { year, number: row.lastNumber };
}

/** ที่ as printed: the letter code, "/", the running number, in the organisation's numerals (นธ ๗๗๒๐๑/๑๒๓). */
export function formatDocumentNumber(letterCode: string, number: number, numerals: 'thai' | 'arabic'): string {
  return `${letterCode}/${withNumerals(number, numerals)}`;
}
