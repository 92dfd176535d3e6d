import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, isMysql } from './support';

/**
 * Failed-login counters shared by every Kasian process on MySQL/MariaDB (src/auth/login-limiter.ts): the table
 * rate-limiter-flexible's RateLimiterMySQL would create itself, made here so that the schema stays in migrations.
 * The library inserts without a column list, so the order matters. SQLite keeps the counters in memory: no table.
 */
export class LoginFailures1763820000000 implements MigrationInterface {
  name = 'LoginFailures1763820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!isMysql(queryRunner)) return;
    await createTable(queryRunner, {
      name: 'login_failures',
      columns: [
        // Binary collation: keys match exactly, as in the library's memory and Redis stores.
        { name: 'key', type: 'varchar', length: '255', isPrimary: true, charset: 'utf8mb4', collation: 'utf8mb4_bin' },
        { name: 'points', type: 'int', default: 0 },
        // Milliseconds since the epoch; NULL never expires.
        { name: 'expire', type: 'bigint', unsigned: true, isNullable: true },
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) await queryRunner.dropTable('login_failures');
  }
}
