import { selfSignedBundle } from '../../src/publication/certificates';

/** A PKCS#12 file with a self-signed certificate, for upload tests: any common name, passphrase and expiry. */
export function pkcs12({ commonName, passphrase, notAfter = new Date(Date.now() + 365 * 86_400_000) }: { commonName: string; passphrase: string; notAfter?: Date }): Buffer {
  const notBefore = new Date(Math.min(Date.now(), notAfter.getTime()) - 86_400_000);
  return selfSignedBundle({ commonName, passphrase, notBefore, notAfter }).p12;
}
