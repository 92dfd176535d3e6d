import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * organizations(province, district, name, id): the order of the platform operator's list (as the DLA lists them),
 * paged by those columns. Without it every page of the operator's list sorts all 7,850 organisations to return 50.
 */
const INDEX = new TableIndex({ name: 'IDX_organizations_province_district_name_id', columnNames: ['province', 'district', 'name', 'id'] });

export class OrganizationOrder1765200000000 implements MigrationInterface {
  name = 'OrganizationOrder1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('organizations', INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('organizations', INDEX.name!);
  }
}
