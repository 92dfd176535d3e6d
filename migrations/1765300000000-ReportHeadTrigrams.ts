import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from './support';

/** Every distinct run of three characters in `text` (as the search index of this migration's day computed it). */
function trigramsOf(text: string): string[] {
  const characters = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= characters.length; i++) grams.add(characters.slice(i, i + 3).join(''));
  return [...grams];
}

/** Documents filled per statement (a head has at most 498 trigrams: at most ≈ 100,000 rows a statement). */
const BATCH = 200;

/**
 * MariaDB: `report_head_trigrams`, the trigrams of each document's `search_head` (its normalised title and subject),
 * beside `report_trigrams` (migration 1765000000000), kept by the application in the same transaction. A search ranks
 * the documents whose head holds its first term first (src/reports/report-search.ts); without this index that part
 * tests the head of every document of the organisation, newest first, however few titles hold the term (4 ms for
 * 2,000 documents, growing with them). Filled here for the documents there are, in batches by id.
 * Nothing on SQLite and MySQL 8: their head part reads the index (organization_id, updated_at, id, search_head).
 */
export class ReportHeadTrigrams1765300000000 implements MigrationInterface {
  name = 'ReportHeadTrigrams1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await queryRunner.hasTable('report_trigrams'))) return;
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'report_head_trigrams',
      columns: [
        { ...c.ref('organization_id'), isPrimary: true },
        { ...c.varchar('trigram', 3), isPrimary: true, collation: 'utf8mb4_bin' },
        { ...c.ref('report_id'), isPrimary: true },
      ],
      indices: [{ columns: ['report_id'] }],
      foreignKeys: [{ columns: ['report_id'], table: 'reports', onDelete: 'CASCADE' }],
    });
    for (let after = ''; ; ) {
      const rows: { id: string; organization_id: string; search_head: string }[] = await queryRunner.query(
        'SELECT id, organization_id, search_head FROM reports WHERE id > ? ORDER BY id LIMIT ?',
        [after, BATCH],
      );
      if (rows.length === 0) break;
      const values = rows.flatMap((row) => trigramsOf(row.search_head).map((gram) => [row.organization_id, gram, row.id]));
      if (values.length > 0) {
        await queryRunner.query(`INSERT INTO report_head_trigrams (organization_id, trigram, report_id) VALUES ${values.map(() => '(?, ?, ?)').join(', ')}`, values.flat());
      }
      after = rows[rows.length - 1].id;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('report_head_trigrams')) await queryRunner.dropTable('report_head_trigrams');
  }
}
