import { MigrationInterface, QueryRunner } from 'typeorm';
import { columnKit, createTable } from './support';

/**
 * One-time links sent by e-mail (or handed over): an invitation to choose a first password, or a password reset.
 * Only the SHA-256 of the token is stored. A link outlives the person it was for (`user_id` set NULL when a revoked
 * invitation's person is removed), so that following it still says what became of it.
 */
export class AccountLinks1764730000000 implements MigrationInterface {
  name = 'AccountLinks1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await createTable(queryRunner, {
      name: 'account_links',
      columns: [
        c.id(),
        c.varchar('purpose', 20),
        c.varchar('token_hash', 64),
        c.ref('user_id', true),
        c.ref('organization_id', true),
        c.varchar('sent_to', 254, true),
        c.ref('created_by_id', true),
        c.datetime('created_at'),
        c.datetime('expires_at'),
        c.datetime('used_at', true),
        c.datetime('revoked_at', true),
      ],
      indices: [{ columns: ['token_hash'], unique: true }, { columns: ['user_id'] }, { columns: ['organization_id', 'purpose'] }],
      foreignKeys: [
        { columns: ['user_id'], table: 'users', onDelete: 'SET NULL' },
        { columns: ['organization_id'], table: 'organizations', onDelete: 'CASCADE' },
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('account_links');
  }
}
