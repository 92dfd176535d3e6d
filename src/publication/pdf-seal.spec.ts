import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { readCertificate, selfSignedCertificate } from './certificates';
import { sealPdf } from './pdf-seal';

function pdfsig(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kasian-seal-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    try {
      return execFileSync('pdfsig', [join(dir, 'doc.pdf')], { encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('sealing a PDF', () => {
  const bundle = selfSignedCertificate('องค์การบริหารส่วนตำบลพร่อน');
  let original: Buffer;

  beforeAll(async () => {
    const document = await PDFDocument.create();
    document.addPage([595, 842]);
    original = Buffer.from(await document.save());
  });

  test('the self-signed PKCS#12 opens with its passphrase and names the organisation', () => {
    const certificate = readCertificate(bundle.p12, bundle.passphrase);
    expect(certificate.subject).toContain('องค์การบริหารส่วนตำบลพร่อน');
    expect(certificate.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(() => readCertificate(bundle.p12, 'wrong')).toThrow();
  });

  test('pdfsig reports the sealed PDF as signed and unmodified; one changed byte breaks it', async () => {
    const sealed = await sealPdf(original, bundle.p12, bundle.passphrase, {
      reason: 'เผยแพร่ตามมาตรการ ITA',
      name: 'อบต.พร่อน',
      location: 'นราธิวาส',
      contactInfo: 'https://example.go.th',
    });
    const report = pdfsig(sealed);
    expect(report).toContain('Signature #1');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toMatch(/ETSI\.CAdES\.detached|PAdES/);

    // PAdES baseline B: the signed attributes carry ESS signing-certificate-v2 (OID 1.2.840.113549.1.9.16.2.47).
    const contents = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(sealed.toString('latin1'))![1].toLowerCase();
    expect(contents).toContain('060b2a864886f70d010910022f');

    const tampered = Buffer.from(sealed);
    const at = tampered.indexOf('/MediaBox');
    tampered[at + 12] = tampered[at + 12] === 0x35 ? 0x36 : 0x35;
    expect(pdfsig(tampered)).not.toContain('Signature Validation: Signature is Valid.');
  });
});
