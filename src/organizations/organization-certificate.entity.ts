import { Column, Entity, PrimaryColumn } from 'typeorm';
import { portable } from '../database/columns';

/** The organisation's signing certificate (PKCS#12) used to seal published PDFs. */
@Entity('organization_certificates')
export class OrganizationCertificate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ ...portable.blob, select: false })
  p12: Buffer;

  @Column({ type: 'varchar', length: 200, select: false })
  passphrase: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column(portable.datetime)
  notAfter: Date;

  @Column({ type: 'boolean', default: false })
  selfSigned: boolean;

  @Column(portable.datetime)
  createdAt: Date;
}
