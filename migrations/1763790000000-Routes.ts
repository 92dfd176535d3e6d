import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from './support';

/** The organisation's approval route: an ordered list of reviewing positions. */
export class Routes1763790000000 implements MigrationInterface {
  name = 'Routes1763790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'route_steps',
      columns: [c.id(), c.ref('organization_id'), c.int('ordinal'), c.ref('position_id')],
      indices: [{ columns: ['organization_id', 'ordinal'], unique: true }, { columns: ['position_id'] }],
      foreignKeys: [
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['position_id'], table: 'positions', onDelete: 'RESTRICT' },
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('route_steps');
  }
}
