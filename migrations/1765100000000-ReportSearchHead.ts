import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnKit, isMysql } from './support';

/** The normalised title and subject, as this migration's day computes them (src/reports/search-text.ts `searchHead`). */
function searchHead(title: string, subject: string): string {
  const normalized = `${title} ${subject}`
    .normalize('NFC')
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .toLowerCase()
    .replace(/[\s\u200b\u200c\u200d\u2060\ufeff]+/g, '');
  return [...normalized].slice(0, 500).join('');
}

/** Rows filled per statement: each UPDATE its own short transaction on MySQL (the ALTER before it committed). */
const BATCH = 500;

/** The document list's index (migration 1765000000001), and the one that replaces it, with the head at its end. */
const LIST_INDEX = { name: 'IDX_reports_organization_id_updated_at_id', columns: ['organization_id', 'updated_at', 'id'] };
const SEARCH_INDEX = { name: 'IDX_reports_organization_id_updated_at_id_search_head', columns: ['organization_id', 'updated_at', 'id', 'search_head'] };

/**
 * `reports.search_head`: the normalised title and subject, so that a search can rank the documents whose title or
 * subject holds its first term first without reading each document's whole `search_text` (an off-page text of tens
 * of kB): src/reports/report-search.ts. Filled here for the documents there are, in batches by id. The document
 * list's index (organization_id, updated_at, id) gets the head as its last column, so that a search reads the
 * organisation's documents newest first and tests their titles from the index alone (500 characters: title and
 * subject are 250 each, and the key must stay under InnoDB's 3,072 bytes).
 * On SQLite the column is added with ALTER TABLE, not by TypeORM's table rebuild, which would drop the triggers that
 * keep the FTS index (migration 1765000000000). On MariaDB/MySQL, adding a column with a default is instant;
 * `updated_at` is set to itself so that its ON UPDATE does not mark every document as just changed.
 */
export class ReportSearchHead1765100000000 implements MigrationInterface {
  name = 'ReportSearchHead1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    if (mysql) {
      await queryRunner.addColumn('reports', new TableColumn(columnKit(queryRunner).varchar('search_head', 500, false, '')));
    } else {
      await queryRunner.query(`ALTER TABLE reports ADD COLUMN search_head varchar(500) NOT NULL DEFAULT ''`);
    }
    for (let after = ''; ; ) {
      const rows: { id: string; title: string; subject: string }[] = await queryRunner.query(
        'SELECT r.id AS id, r.title AS title, m.subject AS subject FROM reports r JOIN memos m ON m.id = r.id WHERE r.id > ? ORDER BY r.id LIMIT ?',
        [after, BATCH],
      );
      if (rows.length === 0) break;
      await queryRunner.query(
        `UPDATE reports SET search_head = CASE id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END${mysql ? ', updated_at = updated_at' : ''} WHERE id IN (${rows.map(() => '?').join(', ')})`,
        [...rows.flatMap((row) => [row.id, searchHead(row.title, row.subject)]), ...rows.map((row) => row.id)],
      );
      after = rows[rows.length - 1].id;
    }
    await queryRunner.createIndex('reports', new TableIndex({ name: SEARCH_INDEX.name, columnNames: SEARCH_INDEX.columns }));
    await queryRunner.dropIndex('reports', LIST_INDEX.name);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('reports', new TableIndex({ name: LIST_INDEX.name, columnNames: LIST_INDEX.columns }));
    await queryRunner.dropIndex('reports', SEARCH_INDEX.name);
    if (isMysql(queryRunner)) await queryRunner.dropColumn('reports', 'search_head');
    else await queryRunner.query('ALTER TABLE reports DROP COLUMN search_head');
  }
}
