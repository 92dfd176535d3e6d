import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnKit } from './support';

/**
 * An organisation's own Thai words (place names, names of its units), one a line, that a line of its PDFs must not
 * break inside (src/rendering/thai-words.ts): the shared word lists do not know บ้านส้อง or บางทรายใหญ่.
 */
export class OrganizationWords1764800000000 implements MigrationInterface {
  name = 'OrganizationWords1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('organizations', new TableColumn(columnKit(queryRunner).text('words', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('organizations', 'words');
  }
}
