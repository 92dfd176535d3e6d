import { QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Helpers that let one migration describe a table for both MySQL/MariaDB and SQLite.
 * Kept small on purpose: each migration still says exactly which columns it creates.
 */
export function isMysql(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'mysql';
}

export function columnKit(queryRunner: QueryRunner) {
  const mysql = isMysql(queryRunner);
  const now = mysql ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  // Explicit on every text column, whatever the database's default: foreign keys need identical collations.
  const utf8: Partial<TableColumnOptions> = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } : {};
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true, ...utf8 }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable, ...utf8 }),
    varchar: (name: string, length: number, nullable = false, defaultValue?: string): TableColumnOptions => ({
      ...utf8,
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
      ...(defaultValue !== undefined ? { default: `'${defaultValue}'` } : {}),
    }),
    int: (name: string, defaultValue?: number, nullable = false): TableColumnOptions => ({
      name,
      type: mysql ? 'int' : 'integer',
      isNullable: nullable,
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    }),
    bigint: (name: string, nullable = false): TableColumnOptions => ({ name, type: mysql ? 'bigint' : 'integer', isNullable: nullable }),
    boolean: (name: string, defaultValue: boolean): TableColumnOptions => ({
      name,
      type: mysql ? 'tinyint' : 'boolean',
      ...(mysql ? { width: 1 } : {}),
      default: defaultValue ? 1 : 0,
    }),
    /** Up to 16 MB on MySQL (MEDIUMTEXT); SQLite TEXT has no limit. */
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: mysql ? 'mediumtext' : 'text', isNullable: nullable, ...utf8 }),
    /** Up to 4 GB on MySQL (LONGTEXT), for whole documents. */
    longText: (name: string, nullable = false): TableColumnOptions => ({ name, type: mysql ? 'longtext' : 'text', isNullable: nullable, ...utf8 }),
    /** Up to 16 MB on MySQL (MEDIUMBLOB). */
    blob: (name: string, nullable = true): TableColumnOptions => ({ name, type: mysql ? 'mediumblob' : 'blob', isNullable: nullable }),
    datetime: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: mysql ? 3 : undefined, isNullable: nullable }),
    createdAt: (): TableColumnOptions => ({ name: 'created_at', type: 'datetime', precision: mysql ? 3 : undefined, default: now }),
    updatedAt: (): TableColumnOptions => ({
      name: 'updated_at',
      type: 'datetime',
      precision: mysql ? 3 : undefined,
      default: now,
      ...(mysql ? { onUpdate: 'CURRENT_TIMESTAMP(3)' } : {}),
    }),
  };
}

export interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  indices?: { columns: string[]; unique?: boolean; name?: string }[];
  foreignKeys?: { columns: string[]; table: string; referenced?: string[]; onDelete?: 'CASCADE' | 'SET NULL' | 'RESTRICT' }[];
}

/** Creates a table with its indices and foreign keys, in utf8mb4 on MySQL whatever the server default is. */
export async function createTable(queryRunner: QueryRunner, spec: TableSpec): Promise<void> {
  await queryRunner.createTable(
    new Table({
      name: spec.name,
      columns: spec.columns,
      indices: (spec.indices ?? []).map(
        (i) =>
          new TableIndex({
            name: i.name ?? `${i.unique ? 'UQ' : 'IDX'}_${spec.name}_${i.columns.join('_')}`,
            columnNames: i.columns,
            isUnique: i.unique ?? false,
          }),
      ),
      foreignKeys: (spec.foreignKeys ?? []).map(
        (f) =>
          new TableForeignKey({
            name: `FK_${spec.name}_${f.columns.join('_')}`,
            columnNames: f.columns,
            referencedTableName: f.table,
            referencedColumnNames: f.referenced ?? ['id'],
            onDelete: f.onDelete ?? 'RESTRICT',
          }),
      ),
      ...(isMysql(queryRunner) ? { engine: 'InnoDB' } : {}),
    }),
  );
  if (isMysql(queryRunner)) {
    // The table's default, for columns added later by hand; the columns themselves are already utf8mb4.
    await queryRunner.query(`ALTER TABLE \`${spec.name}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
}
