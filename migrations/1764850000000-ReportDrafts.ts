import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnKit } from './support';

/**
 * The editor's working copy of a document, kept while it breaks a rule of the format (a blank column heading, a
 * score over 100 …): what the clerk typed is stored as typed, and the format's rules are enforced at SUBMIT.
 * NULL when the stored document is the latest typing.
 */
export class ReportDrafts1764850000000 implements MigrationInterface {
  name = 'ReportDrafts1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('reports', new TableColumn(columnKit(queryRunner).longText('draft', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('reports', 'draft');
  }
}
