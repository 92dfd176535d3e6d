import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * publications(organization_id, withdrawn_at): the public pages' Last-Modified takes the organisation's last
 * withdrawal into account (src/publication/public-site.service.ts `lastChanged`), and a conditional GET asks for it
 * before anything else; with this index that is one dive instead of reading all the organisation's publications.
 */
const INDEX = new TableIndex({ name: 'IDX_publications_organization_id_withdrawn_at', columnNames: ['organization_id', 'withdrawn_at'] });

export class PublicationWithdrawnOrder1765400000000 implements MigrationInterface {
  name = 'PublicationWithdrawnOrder1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('publications', INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('publications', INDEX.name!);
  }
}
