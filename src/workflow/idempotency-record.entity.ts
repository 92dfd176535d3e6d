import { Column, Entity, PrimaryColumn } from 'typeorm';
import { portable } from '../database/columns';
import { jsonText } from '../database/json-column';

/** The first answer to a request sent with an `Idempotency-Key`, replayed for retries of the same request. */
@Entity('idempotency_keys')
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  /** Case-sensitive: binary collation on MySQL (migration 1764547200000-IdempotencyKeyCase). */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'int' })
  status: number;

  @Column({ type: 'text', transformer: jsonText })
  body: unknown;

  @Column(portable.datetime)
  createdAt: Date;
}
