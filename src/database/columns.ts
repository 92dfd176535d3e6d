import { randomUUID } from 'node:crypto';
import { BeforeInsert, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Column types that both MySQL and SQLite accept. Entities describe values; the migrations decide the physical
 * type per dialect (e.g. MEDIUMBLOB / LONGTEXT on MySQL for what SQLite stores as BLOB / TEXT).
 */
export const portable = {
  datetime: { type: 'datetime', precision: 3 } as const,
  blob: { type: 'blob' } as const,
  text: { type: 'text' } as const,
};

/** Ids are random UUIDs: they appear in URLs and must not reveal how many objects another organisation has. */
export abstract class Identified {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @BeforeInsert()
  assignId(): void {
    this.id ??= randomUUID();
  }
}

export abstract class Timestamped extends Identified {
  @CreateDateColumn(portable.datetime)
  createdAt: Date;

  @UpdateDateColumn(portable.datetime)
  updatedAt: Date;
}
