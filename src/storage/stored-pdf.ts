import { Column } from 'typeorm';
import { Identified } from '../database/columns';

/** A PDF kept in FileStorage: where it is and what it is, so that a reader can check what it gets. */
export abstract class StoredPdf extends Identified {
  @Column({ type: 'varchar', length: 250 })
  storageKey: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'int' })
  pages: number;
}
