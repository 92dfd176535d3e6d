import { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './support';

/**
 * The line under an acting signer's name, "ปฏิบัติราชการแทน <position title> (<order number>)", is up to
 * 16 + 1 + 200 + 2 + 100 + 1 = 320 characters (a position title holds 200, an order number 100), and did not fit the
 * 300 of `memo_reviews.acting_for` and `audit_events.acting_for`: signing as acting for a long title with a long
 * order answered 500 on MySQL. SQLite does not enforce VARCHAR lengths: nothing to change there.
 */
export class ActingLineWidth1763830000000 implements MigrationInterface {
  name = 'ActingLineWidth1763830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    for (const table of ['memo_reviews', 'audit_events']) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`acting_for\` VARCHAR(400) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    for (const table of ['memo_reviews', 'audit_events']) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`acting_for\` VARCHAR(300) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL`);
    }
  }
}
