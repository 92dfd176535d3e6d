import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { createHash, sign as cryptoSign } from 'node:crypto';

export interface SealInfo {
  reason: string;
  name: string;
  location: string;
  contactInfo: string;
  signingTime?: Date;
}

const { asn1 } = forge;
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const sequence = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const octets = (bytes: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const integer = (n: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const algorithm = (id: string) => sequence([oid(id), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
const der = (node: forge.asn1.Asn1) => asn1.toDer(node).getBytes();
const attribute = (type: string, value: forge.asn1.Asn1) => sequence([oid(type), set([value])]);

/**
 * A CMS SignedData for PAdES baseline B: detached, SHA-256, signed attributes contentType, signingTime,
 * messageDigest and ESS signing-certificate-v2 (the hash of the signer's certificate, which node-forge's PKCS#7
 * cannot add). The issuer is copied as encoded in the certificate itself, so Thai (UTF8String) names match —
 * node-forge re-encodes them otherwise and validators cannot find the signer.
 */
class PadesSigner extends Signer {
  constructor(
    private readonly p12: Buffer,
    private readonly passphrase: string,
  ) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(forge.util.createBuffer(this.p12.toString('binary'))), false, this.passphrase);
    const certificates = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((bag) => bag.cert!);
    const key = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key as forge.pki.rsa.PrivateKey;
    const certificate = certificates.find((c) => {
      const publicKey = c.publicKey as forge.pki.rsa.PublicKey;
      return key && key.n.compareTo(publicKey.n) === 0 && key.e.compareTo(publicKey.e) === 0;
    });
    if (!key || !certificate) throw new Error('the PKCS#12 file holds no certificate matching its private key');

    const certificateAsn1 = forge.pki.certificateToAsn1(certificate);
    const tbs = (certificate as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate;
    const fields = tbs.value as forge.asn1.Asn1[];
    const offset = fields[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
    const serial = fields[offset];
    const issuer = fields[offset + 2];
    const sha256 = (bytes: string) => createHash('sha256').update(Buffer.from(bytes, 'binary')).digest().toString('binary');

    const attributes = [
      attribute(forge.pki.oids.contentType, oid(forge.pki.oids.data)),
      attribute(forge.pki.oids.signingTime, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(signingTime ?? new Date()))),
      attribute(forge.pki.oids.messageDigest, octets(sha256(pdf.toString('binary')))),
      attribute(OID_SIGNING_CERTIFICATE_V2, sequence([sequence([sequence([octets(sha256(der(certificateAsn1)))])])])),
    ].sort((a, b) => Buffer.compare(Buffer.from(der(a), 'binary'), Buffer.from(der(b), 'binary')));
    // What is signed is the attributes as a SET; in the SignerInfo they are the same bytes tagged [0].
    const signature = cryptoSign('sha256', Buffer.from(der(set(attributes)), 'binary'), forge.pki.privateKeyToPem(key)).toString('binary');
    const signerInfo = sequence([
      integer(1),
      sequence([issuer, serial]),
      algorithm(forge.pki.oids.sha256),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
      algorithm(forge.pki.oids.rsaEncryption),
      octets(signature),
    ]);
    const signedData = sequence([
      integer(1),
      set([algorithm(forge.pki.oids.sha256)]),
      sequence([oid(forge.pki.oids.data)]),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates.map((c) => forge.pki.certificateToAsn1(c))),
      set([signerInfo]),
    ]);
    const contentInfo = sequence([oid(forge.pki.oids.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
    return Buffer.from(der(contentInfo), 'binary');
  }
}

/**
 * Signs a PDF with the organisation's certificate as PAdES baseline B (subfilter ETSI.CAdES.detached: a detached CMS
 * signature over the byte range, with the ESS signing-certificate-v2 attribute). Any later change breaks it.
 */
export async function sealPdf(pdf: Buffer, p12: Buffer, passphrase: string, info: SealInfo): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: document,
    reason: info.reason,
    contactInfo: info.contactInfo,
    name: info.name,
    location: info.location,
    signingTime: info.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: 16_384,
    appName: 'Kasian',
  });
  const prepared = Buffer.from(await document.save({ useObjectStreams: false }));
  return new SignPdf().sign(prepared, new PadesSigner(p12, passphrase), info.signingTime);
}
