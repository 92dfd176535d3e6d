import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from './support';

/** Organisations, positions, people, sessions and API tokens. */
export class Platform1763769600000 implements MigrationInterface {
  name = 'Platform1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'organizations',
      columns: [
        c.id(),
        c.varchar('slug', 64),
        c.varchar('name', 200),
        c.varchar('short_name', 100),
        c.varchar('kind', 32),
        c.varchar('district', 100),
        c.varchar('province', 100),
        c.varchar('letter_code', 50),
        c.varchar('numerals', 10, false, 'thai'),
        c.varchar('phone', 100, true),
        c.varchar('website', 300, true),
        c.int('overdue_days', 3),
        c.blob('emblem'),
        c.varchar('emblem_type', 50, true),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [{ columns: ['slug'], unique: true }],
    });
    await createTable(queryRunner, {
      name: 'positions',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.varchar('title', 200),
        c.varchar('short_title', 100),
        c.varchar('unit', 200, true),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [{ columns: ['organization_id', 'title'], unique: true }],
      foreignKeys: [{ columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'users',
      columns: [
        c.id(),
        c.ref('organization_id'),
        c.varchar('honorific', 50),
        c.varchar('full_name', 200),
        c.varchar('username', 64),
        c.varchar('email', 254, true),
        c.varchar('password_hash', 255),
        c.text('roles'),
        c.ref('position_id', true),
        c.blob('signature'),
        c.varchar('signature_type', 50, true),
        c.boolean('active', true),
        c.createdAt(),
        c.updatedAt(),
      ],
      indices: [
        { columns: ['username'], unique: true },
        { columns: ['position_id'], unique: true },
        { columns: ['organization_id'] },
      ],
      foreignKeys: [
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
        { columns: ['position_id'], table: 'positions', onDelete: 'SET NULL' },
      ],
    });
    await createTable(queryRunner, {
      name: 'sessions',
      columns: [
        { name: 'token_hash', type: 'varchar', length: '64', isPrimary: true },
        c.ref('user_id'),
        c.varchar('csrf_token', 64),
        c.datetime('created_at'),
        c.datetime('expires_at'),
        c.varchar('ip', 64, true),
        c.varchar('user_agent', 300, true),
      ],
      indices: [{ columns: ['user_id'] }],
      foreignKeys: [{ columns: ['user_id'], table: 'users', onDelete: 'CASCADE' }],
    });
    await createTable(queryRunner, {
      name: 'api_tokens',
      columns: [
        c.id(),
        c.ref('user_id'),
        c.varchar('name', 100),
        c.varchar('token_hash', 64),
        c.varchar('prefix', 16),
        c.datetime('created_at'),
        c.datetime('last_used_at', true),
        c.datetime('expires_at', true),
      ],
      indices: [{ columns: ['token_hash'], unique: true }, { columns: ['user_id'] }],
      foreignKeys: [{ columns: ['user_id'], table: 'users', onDelete: 'CASCADE' }],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_tokens', 'sessions', 'users', 'positions', 'organizations']) {
      await queryRunner.dropTable(table);
    }
  }
}
