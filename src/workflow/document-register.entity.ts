import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The outgoing register's counter per organisation and calendar year (พ.ศ.): numbers only ever go up. */
@Entity('document_registers')
export class DocumentRegister {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastNumber: number;
}
