import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateBundle {
  /** PKCS#12 (.p12/.pfx) holding the key and the certificate. */
  p12: Buffer;
  passphrase: string;
  subject: string;
  notAfter: Date;
}

/**
 * A self-signed signing certificate for demo organisations (real ones upload the PKCS#12 their CA issued).
 */
export function selfSignedCertificate(organizationName: string, years = 5): CertificateBundle {
  const now = new Date();
  return selfSignedBundle({
    commonName: `${organizationName} (ตัวอย่าง / demo)`,
    organizationName,
    passphrase: randomBytes(18).toString('base64url'),
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getFullYear() + years, now.getMonth(), now.getDate()),
  });
}

/**
 * A key pair and a self-signed certificate for it, in a PKCS#12 locked with `passphrase`. The key pair comes from
 * Node's crypto (native, fast); node-forge only assembles the X.509 and PKCS#12 structures.
 */
export function selfSignedBundle(o: { commonName: string; organizationName?: string; passphrase: string; notBefore: Date; notAfter: Date }): CertificateBundle {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  certificate.serialNumber = '01' + randomBytes(8).toString('hex');
  certificate.validity.notBefore = o.notBefore;
  certificate.validity.notAfter = o.notAfter;
  // Thai names must be UTF8String attributes (forge encodes the text itself and returns bytes when reading).
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as never });
  const attributes = [
    { name: 'commonName', ...utf8(o.commonName) },
    ...(o.organizationName ? [{ name: 'organizationName', ...utf8(o.organizationName) }] : []),
    { name: 'countryName', value: 'TH' },
  ];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true },
  ]);
  const key = forge.pki.privateKeyFromPem(privateKey);
  certificate.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate], o.passphrase, { algorithm: '3des', friendlyName: 'kasian-seal' });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase: o.passphrase,
    subject: o.commonName,
    notAfter: certificate.validity.notAfter,
  };
}

/** Opens an uploaded PKCS#12 to check the passphrase and read the certificate's subject and expiry. */
export function readCertificate(p12: Buffer, passphrase: string): { subject: string; notAfter: Date } {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const keys = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const certificate = bags[0]?.cert;
  if (!certificate || keys.length === 0) throw new Error('the PKCS#12 file holds no certificate with its private key');
  return { subject: forge.util.decodeUtf8(String(certificate.subject.getField('CN')?.value ?? '')), notAfter: certificate.validity.notAfter };
}
