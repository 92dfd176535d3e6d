import { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './support';

const OLD_INDEX = 'UQ_memos_organization_id_document_number';
const NEW_INDEX = 'UQ_memos_organization_id_register_year_document_number';

/**
 * A document number ("นธ ๗๗๒๐๑/๑") restarts at 1 every calendar year and carries no year, so it is unique only with
 * the year of the register it was taken from. `(organization_id, document_number)` was unique: the first SUBMIT on
 * 1 January collided with the 1st of the year before, and every later one after it.
 *
 * Existing numbers stay exactly as they are; their register year is the Buddhist-era year, in Bangkok time, of the
 * memo's first applied SUBMIT (when the number was taken), or of the memo's creation if no such audit row exists.
 * Publications, which copy the number, copy its year too.
 */
export class RegisterYear1764600000000 implements MigrationInterface {
  name = 'RegisterYear1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.query(mysql ? 'ALTER TABLE `memos` ADD `register_year` int NULL' : 'ALTER TABLE "memos" ADD COLUMN "register_year" integer NULL');
    const bangkokYear = (column: string) =>
      mysql ? `YEAR(DATE_ADD(${column}, INTERVAL 7 HOUR)) + 543` : `CAST(strftime('%Y', ${column}, '+7 hours') AS INTEGER) + 543`;
    await queryRunner.query(
      `UPDATE memos SET register_year = COALESCE(
         (SELECT ${bangkokYear('MIN(a.created_at)')} FROM audit_events a WHERE a.memo_id = memos.id AND a.event = 'SUBMIT' AND a.outcome = 'applied'),
         ${bangkokYear('memos.created_at')})
       WHERE document_number IS NOT NULL`,
    );
    await queryRunner.query(mysql ? 'ALTER TABLE `publications` ADD `register_year` int NULL' : 'ALTER TABLE "publications" ADD COLUMN "register_year" integer NULL');
    await queryRunner.query('UPDATE publications SET register_year = (SELECT m.register_year FROM memos m WHERE m.id = publications.memo_id) WHERE document_number IS NOT NULL');
    await queryRunner.query(mysql ? `CREATE UNIQUE INDEX \`${NEW_INDEX}\` ON \`memos\` (\`organization_id\`, \`register_year\`, \`document_number\`)` : `CREATE UNIQUE INDEX "${NEW_INDEX}" ON "memos" ("organization_id", "register_year", "document_number")`);
    await queryRunner.query(mysql ? `DROP INDEX \`${OLD_INDEX}\` ON \`memos\`` : `DROP INDEX "${OLD_INDEX}"`);
  }

  /** Fails, as it should, when two memos already share a number in different years. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.query(mysql ? `CREATE UNIQUE INDEX \`${OLD_INDEX}\` ON \`memos\` (\`organization_id\`, \`document_number\`)` : `CREATE UNIQUE INDEX "${OLD_INDEX}" ON "memos" ("organization_id", "document_number")`);
    await queryRunner.query(mysql ? `DROP INDEX \`${NEW_INDEX}\` ON \`memos\`` : `DROP INDEX "${NEW_INDEX}"`);
    for (const table of ['memos', 'publications']) {
      await queryRunner.query(mysql ? `ALTER TABLE \`${table}\` DROP COLUMN \`register_year\`` : `ALTER TABLE "${table}" DROP COLUMN "register_year"`);
    }
  }
}
