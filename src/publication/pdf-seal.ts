import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';

export interface SealInfo {
  reason: string;
  name: string;
  location: string;
  contactInfo: string;
  signingTime?: Date;
}

/**
 * @signpdf's P12Signer, with one fix that matters for Thai certificates: node-forge re-encodes the issuer's
 * UTF8String attributes when it writes the SignerInfo, turning a Thai issuer name into mojibake that no longer
 * matches the certificate, so validators cannot find the signer. Decoding them first makes the bytes match.
 */
class PkcsTwelveSigner extends Signer {
  constructor(
    private readonly p12: Buffer,
    private readonly passphrase: string,
  ) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(this.p12.toString('binary'))), false, this.passphrase);
    const certificates = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((bag) => bag.cert!);
    const key = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key as forge.pki.rsa.PrivateKey;
    const certificate = certificates.find((c) => {
      const publicKey = c.publicKey as forge.pki.rsa.PublicKey;
      return key && key.n.compareTo(publicKey.n) === 0 && key.e.compareTo(publicKey.e) === 0;
    });
    if (!key || !certificate) throw new Error('the PKCS#12 file holds no certificate matching its private key');
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const c of certificates) p7.addCertificate(c);
    const issuer = {
      ...certificate.issuer,
      attributes: certificate.issuer.attributes.map((a) =>
        (a.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a,
      ),
    };
    p7.addSigner({
      key,
      certificate: { ...certificate, issuer } as forge.pki.Certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as never },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

/**
 * Signs a PDF with the organisation's certificate (subfilter ETSI.CAdES.detached: a detached CMS signature over the
 * byte range). Any later change to the file breaks the signature.
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
  return new SignPdf().sign(prepared, new PkcsTwelveSigner(p12, passphrase), info.signingTime);
}
