import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable, isMysql } from './support';

/** Every distinct run of three characters in `text` (as the search index of this migration's day computed it). */
function trigramsOf(text: string): string[] {
  const characters = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= characters.length; i++) grams.add(characters.slice(i, i + 3).join(''));
  return [...grams];
}

/**
 * An n-gram index over `reports.search_text`, so that a Thai substring search reads the few documents that contain
 * the phrase instead of every document's whole text (src/reports/report-search.ts):
 * - MySQL 8: a FULLTEXT index WITH PARSER ngram (bigrams, `ngram_token_size` = 2);
 * - MariaDB, which has no ngram parser: `report_trigrams`, one row per distinct trigram of each document, keyed by
 *   organisation first, kept by the application in the transaction that writes the document;
 * - SQLite: an FTS5 table with the trigram tokenizer over `reports` (external content), kept by triggers. A later
 *   migration that makes TypeORM rebuild `reports` on SQLite drops these triggers: it must create them again.
 */
export class ReportSearchIndex1765000000000 implements MigrationInterface {
  name = 'ReportSearchIndex1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) {
      await queryRunner.query(`CREATE VIRTUAL TABLE report_search USING fts5(search_text, content='reports', content_rowid='rowid', tokenize='trigram')`);
      await queryRunner.query(`CREATE TRIGGER report_search_insert AFTER INSERT ON reports BEGIN
        INSERT INTO report_search (rowid, search_text) VALUES (new.rowid, new.search_text); END`);
      await queryRunner.query(`CREATE TRIGGER report_search_delete AFTER DELETE ON reports BEGIN
        INSERT INTO report_search (report_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`);
      await queryRunner.query(`CREATE TRIGGER report_search_update AFTER UPDATE OF search_text ON reports BEGIN
        INSERT INTO report_search (report_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO report_search (rowid, search_text) VALUES (new.rowid, new.search_text); END`);
      await queryRunner.query(`INSERT INTO report_search (report_search) VALUES ('rebuild')`);
      return;
    }
    const [{ version }] = await queryRunner.query('SELECT VERSION() AS version');
    if (!/mariadb/i.test(version)) {
      // Stopwords are bound to the index when it is made; with the ngram parser the default English list would drop
      // every bigram holding "a" or "i" (so "ita" could never be found). Kasian's index has none.
      await queryRunner.query('SET SESSION innodb_ft_enable_stopword = OFF');
      await queryRunner.query('ALTER TABLE `reports` ADD FULLTEXT INDEX `FT_reports_search_text` (`search_text`) WITH PARSER ngram');
      await queryRunner.query('SET SESSION innodb_ft_enable_stopword = ON');
      return;
    }
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'report_trigrams',
      columns: [
        { ...c.ref('organization_id'), isPrimary: true },
        { ...c.varchar('trigram', 3), isPrimary: true, collation: 'utf8mb4_bin' },
        { ...c.ref('report_id'), isPrimary: true },
      ],
      indices: [{ columns: ['report_id'] }],
      foreignKeys: [{ columns: ['report_id'], table: 'reports', onDelete: 'CASCADE' }],
    });
    for (let after = ''; ; ) {
      const rows: { id: string; organization_id: string; search_text: string }[] = await queryRunner.query(
        'SELECT id, organization_id, search_text FROM reports WHERE id > ? ORDER BY id LIMIT 200',
        [after],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const grams = trigramsOf(row.search_text);
        for (let i = 0; i < grams.length; i += 1000) {
          const chunk = grams.slice(i, i + 1000);
          await queryRunner.query(
            `INSERT INTO report_trigrams (organization_id, trigram, report_id) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
            chunk.flatMap((gram) => [row.organization_id, gram, row.id]),
          );
        }
      }
      after = rows[rows.length - 1].id;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) {
      for (const trigger of ['report_search_insert', 'report_search_delete', 'report_search_update']) await queryRunner.query(`DROP TRIGGER ${trigger}`);
      await queryRunner.query('DROP TABLE report_search');
      return;
    }
    if (await queryRunner.hasTable('report_trigrams')) await queryRunner.dropTable('report_trigrams');
    else await queryRunner.query('ALTER TABLE `reports` DROP INDEX `FT_reports_search_text`');
  }
}
