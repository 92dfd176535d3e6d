import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { requireRole } from '../auth/access';
import { DomainError, ErrorCode } from '../common/domain-error';
import { codePointLength } from '../common/validation';
import { inTransaction } from '../database/transactions';
import { Organization } from '../identity/organization.entity';
import { readCertificate, selfSignedCertificate } from './certificates';
import { OrganizationCertificate } from '../organizations/organization-certificate.entity';

/** The width of `organization_certificates.subject`: a CA keeps a common name to 64 characters, a made-up file need not. */
const CERTIFICATE_SUBJECT_LENGTH = 300;

/** The organisation's signing certificate: shown to admins, replaced by upload, made up for demo organisations. */
@Injectable()
export class CertificatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(auth: AuthContext) {
    const row = await this.dataSource.getRepository(OrganizationCertificate).findOneBy({ organizationId: auth.organizationId });
    return row ? { subject: row.subject, notAfter: row.notAfter, selfSigned: row.selfSigned, createdAt: row.createdAt } : null;
  }

  /** Replaces the organisation's signing certificate with an uploaded PKCS#12 (checked with its passphrase). */
  async upload(auth: AuthContext, p12: Buffer, passphrase: string) {
    requireRole(auth, 'admin');
    let read: { subject: string; notAfter: Date };
    try {
      read = readCertificate(p12, passphrase);
    } catch {
      throw DomainError.field('file', 'pkcs12', 'เปิดไฟล์ใบรับรอง (.p12/.pfx) ไม่ได้ ตรวจสอบไฟล์และรหัสผ่าน', 'Could not open the PKCS#12 file: check the file and its passphrase');
    }
    if (read.notAfter.getTime() < Date.now()) {
      throw DomainError.field('file', 'expired', 'ใบรับรองนี้หมดอายุแล้ว', 'The certificate has expired');
    }
    if (codePointLength(read.subject) > CERTIFICATE_SUBJECT_LENGTH) {
      throw DomainError.field(
        'file',
        'subjectLength',
        `ชื่อเจ้าของใบรับรอง (CN) ยาวเกิน ${CERTIFICATE_SUBJECT_LENGTH} ตัวอักษร`,
        `The certificate's subject name (CN) is longer than ${CERTIFICATE_SUBJECT_LENGTH} characters`,
      );
    }
    await this.save(auth.organizationId, { p12, passphrase, subject: read.subject, notAfter: read.notAfter }, false);
    return this.current(auth);
  }

  /** Demo organisations get a self-signed certificate (never used in production). */
  async ensureDemo(organizationId: string): Promise<void> {
    if (await this.dataSource.getRepository(OrganizationCertificate).existsBy({ organizationId })) return;
    const organization = await this.dataSource.getRepository(Organization).findOneByOrFail({ id: organizationId });
    await this.save(organizationId, selfSignedCertificate(organization.name), true);
  }

  /** The organisation's signing bundle (PKCS#12 and passphrase), refused with the way out when there is none. */
  async signing(organizationId: string): Promise<Pick<OrganizationCertificate, 'p12' | 'passphrase'>> {
    const certificate = await this.dataSource.getRepository(OrganizationCertificate).findOne({
      where: { organizationId },
      select: { organizationId: true, p12: true, passphrase: true },
    });
    if (!certificate) {
      throw new DomainError(ErrorCode.InvalidTransition, {
        th: 'หน่วยงานยังไม่มีใบรับรองสำหรับลงนามเอกสาร ให้ผู้ดูแลระบบอัปโหลดไฟล์ .p12 ก่อน',
        en: 'The organisation has no signing certificate yet: an admin must upload its PKCS#12 file',
      });
    }
    return certificate;
  }

  /** The old certificate goes only with the new one's arrival: a refused insert leaves the organisation its seal. */
  private async save(organizationId: string, bundle: { p12: Buffer; passphrase: string; subject: string; notAfter: Date }, selfSigned: boolean) {
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(OrganizationCertificate, { organizationId });
      await manager.insert(OrganizationCertificate, { organizationId, p12: bundle.p12, passphrase: bundle.passphrase, subject: bundle.subject, notAfter: bundle.notAfter, selfSigned, createdAt: new Date() });
    });
  }
}
