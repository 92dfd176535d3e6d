import { DataSource, EntityManager } from 'typeorm';
import { buddhistCalendarYear, withNumerals } from '../common/thai-calendar';
import { plainSql } from '../database/plain-sql';
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
  const sql = plainSql(manager);
  const updated = await sql.affected('UPDATE document_registers SET last_number = last_number + 1 WHERE organization_id = ? AND year = ?', [organizationId, year]);
  if (updated !== 1) throw new Error(`no document register for ${organizationId}/${year}: call ensureRegister first`);
  const [row] = await sql.rows<{ last_number: number }>('SELECT last_number FROM document_registers WHERE organization_id = ? AND year = ?', [organizationId, year]);
  return { year, number: Number(row.last_number) };
}

/** ที่ as printed: the letter code, "/", the running number, in the organisation's numerals (นธ ๗๗๒๐๑/๑๒๓). */
export function formatDocumentNumber(letterCode: string, number: number, numerals: 'thai' | 'arabic'): string {
  return `${letterCode}/${withNumerals(number, numerals)}`;
}
