import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes the national-size measurement asked for (issue 17), each for a query on every page of its kind:
 * - reports(organization_id, updated_at, id): the document list, newest first, paged by (updated_at, id);
 * - memos(organization_id, approved_at): "recently approved" on every home page;
 * - publications(organization_id, superseded_by_id): a published document's history;
 * - sessions(expires_at): removing expired sessions without reading every session.
 */
const INDEXES: [table: string, columns: string[]][] = [
  ['reports', ['organization_id', 'updated_at', 'id']],
  ['memos', ['organization_id', 'approved_at']],
  ['publications', ['organization_id', 'superseded_by_id']],
  ['sessions', ['expires_at']],
];

const nameOf = (table: string, columns: string[]) => `IDX_${table}_${columns.join('_')}`;

export class ListIndexes1765000000001 implements MigrationInterface {
  name = 'ListIndexes1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of INDEXES) {
      await queryRunner.createIndex(table, new TableIndex({ name: nameOf(table, columns), columnNames: columns }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of [...INDEXES].reverse()) await queryRunner.dropIndex(table, nameOf(table, columns));
  }
}
