import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnKit, isMysql } from './support';

/**
 * Platform operators are people of no organisation: `users.organization_id` may be NULL (only for them). Their
 * usernames are unique among operators; the service checks that under a lock, as a unique index over a NULL column
 * does not.
 *
 * `password_set_at` tells a person who has chosen a password from one invited or created from the command line who
 * has not yet (an empty `password_hash`, which no password matches). Existing people set theirs when they were created.
 */
export class PlatformOperators1764710000000 implements MigrationInterface {
  name = 'PlatformOperators1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    if (isMysql(queryRunner)) {
      await queryRunner.query('ALTER TABLE `users` MODIFY `organization_id` VARCHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL');
    } else {
      await queryRunner.changeColumn('users', 'organization_id', new TableColumn({ ...c.ref('organization_id'), isNullable: true }));
    }
    await queryRunner.addColumn('users', new TableColumn(c.datetime('password_set_at', true)));
    await queryRunner.query('UPDATE users SET password_set_at = created_at');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.dropColumn('users', 'password_set_at');
    await queryRunner.query('DELETE FROM users WHERE organization_id IS NULL');
    if (isMysql(queryRunner)) {
      await queryRunner.query('ALTER TABLE `users` MODIFY `organization_id` VARCHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL');
    } else {
      await queryRunner.changeColumn('users', 'organization_id', new TableColumn(c.ref('organization_id')));
    }
  }
}
