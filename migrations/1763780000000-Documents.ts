import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from './support';

/** Reports and their covering memos (one memo per report, sharing its id). */
export class Documents1763780000000 implements MigrationInterface {
  name = 'Documents1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'reports',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('author_id'),
        c.varchar('kind', 20),
        c.varchar('title', 250),
        c.int('fiscal_year'),
        c.varchar('period', 20),
        c.ref('plan_id', true),
        c.longText('content'),
        c.longText('search_text'),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [{ columns: ['organization_id', 'fiscal_year'] }, { columns: ['plan_id'] }],
      foreignKeys: [
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['author_id'], table: 'users', onDelete: 'RESTRICT' },
        { columns: ['plan_id'], table: 'reports', onDelete: 'SET NULL' },
      ],
    });
    await createTable(queryRunner, {
      name: 'memos',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.ref('author_id'),
        c.varchar('status', 20, false, 'draft'),
        c.int('version', 1),
        c.varchar('document_number', 100, true),
        c.varchar('subject', 250),
        c.longText('content'),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [{ columns: ['organization_id', 'status'] }, { columns: ['organization_id', 'document_number'], unique: true }],
      foreignKeys: [
        { columns: ['id'], table: 'reports', onDelete: 'CASCADE' },
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['author_id'], table: 'users', onDelete: 'RESTRICT' },
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('memos');
    await queryRunner.dropTable('reports');
  }
}
