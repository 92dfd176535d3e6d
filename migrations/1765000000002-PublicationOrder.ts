import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * publications(organization_id, published_at, id): the order of the webmaster's list, the feeds and the embed
 * (newest first, paged by (published_at, id)) and the organisation's last publication date that answers a
 * conditional GET. Without it bench:scale's EXPLAIN showed each of them sorting all of an organisation's
 * publications (1,540 for the organisation with 2,000 documents) to return 50.
 */
const INDEX = new TableIndex({ name: 'IDX_publications_organization_id_published_at_id', columnNames: ['organization_id', 'published_at', 'id'] });

export class PublicationOrder1765000000002 implements MigrationInterface {
  name = 'PublicationOrder1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('publications', INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('publications', INDEX.name!);
  }
}
