import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A PKCS#12 file with a self-signed certificate, for upload tests: any common name, passphrase and expiry. */
export function pkcs12({ commonName, passphrase, notAfter = new Date(Date.now() + 365 * 86_400_000) }: { commonName: string; passphrase: string; notAfter?: Date }): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Math.min(Date.now(), notAfter.getTime()) - 86_400_000);
  certificate.validity.notAfter = notAfter;
  const attributes = [{ name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as never }];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  const key = forge.pki.privateKeyFromPem(privateKey);
  certificate.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
