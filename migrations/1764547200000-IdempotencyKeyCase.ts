import { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './support';

/**
 * `Idempotency-Key` values are case-sensitive (as in the IETF draft and on SQLite), but `idempotency_keys.key` used
 * MySQL's case-insensitive collation: on MySQL a new request whose key differed from an earlier one only in case
 * was taken for a retry of it. The key is ASCII by its format check; it now compares byte by byte.
 */
export class IdempotencyKeyCase1764547200000 implements MigrationInterface {
  name = 'IdempotencyKeyCase1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    await queryRunner.query('ALTER TABLE `idempotency_keys` MODIFY `key` VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    await queryRunner.query('ALTER TABLE `idempotency_keys` MODIFY `key` VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL');
  }
}
