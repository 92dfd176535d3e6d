import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * A username is unique within its organisation, not across the deployment: a second organisation may have its own
 * `somchai` or `admin`, and an admin creating a person is no longer told that a name is used somewhere else (which
 * revealed another organisation's people). Existing names were unique everywhere, so they stay valid.
 *
 * People may also sign in with their e-mail: addresses are kept in lower case (so the lookup compares the same way on
 * SQLite, which compares case-sensitively, as on MySQL) and indexed.
 */
export class UsernamePerOrganization1764700000000 implements MigrationInterface {
  name = 'UsernamePerOrganization1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'UQ_users_username');
    await queryRunner.createIndex('users', new TableIndex({ name: 'UQ_users_organization_id_username', columnNames: ['organization_id', 'username'], isUnique: true }));
    await queryRunner.query('UPDATE users SET email = LOWER(email) WHERE email IS NOT NULL');
    await queryRunner.createIndex('users', new TableIndex({ name: 'IDX_users_email', columnNames: ['email'] }));
    await queryRunner.createIndex('users', new TableIndex({ name: 'IDX_users_username', columnNames: ['username'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'IDX_users_username');
    await queryRunner.dropIndex('users', 'IDX_users_email');
    await queryRunner.dropIndex('users', 'UQ_users_organization_id_username');
    // Fails, as it should, once two organisations have a person of the same name.
    await queryRunner.createIndex('users', new TableIndex({ name: 'UQ_users_username', columnNames: ['username'], isUnique: true }));
  }
}
