import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnKit } from './support';

/**
 * What the platform operator keeps about each organisation: the DLA code (รหัส อปท.) that identifies a local
 * administrative organisation nationally — the key of bulk imports, so unique; empty for organisations created before
 * it — and whether the organisation is suspended (nobody of it can sign in, its public pages answer 410; nothing is
 * deleted).
 */
export class OrganizationRegistry1764720000000 implements MigrationInterface {
  name = 'OrganizationRegistry1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumn('organizations', new TableColumn(c.varchar('dla_code', 20, true)));
    await queryRunner.addColumn('organizations', new TableColumn(c.datetime('suspended_at', true)));
    await queryRunner.createIndex('organizations', new TableIndex({ name: 'UQ_organizations_dla_code', columnNames: ['dla_code'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('organizations', 'UQ_organizations_dla_code');
    await queryRunner.dropColumn('organizations', 'suspended_at');
    await queryRunner.dropColumn('organizations', 'dla_code');
  }
}
