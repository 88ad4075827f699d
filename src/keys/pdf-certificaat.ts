/**
 * The X.509 certificate and key with which an organisation signs its PDFs (PAdES-style, so
 * ordinary PDF readers show the file as signed). In production: the organisation's own
 * certificate (PKIoverheid), configured as PEM files. In development: a self-signed
 * development certificate, made once in the data folder and clearly named as such.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PdfCertificaat {
  /** The certificate chain as PEM, signer first. */
  certificaten: string[];
  sleutel: KeyObject;
}

export function readPdfCertificaat(certificaatFile: string, sleutelFile: string): PdfCertificaat {
  const pem = readFileSync(certificaatFile, 'utf8');
  const certificaten = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certificaten.length === 0) throw new Error(`${certificaatFile} holds no PEM certificate`);
  const sleutel = createPrivateKey(readFileSync(sleutelFile, 'utf8'));
  if (sleutel.asymmetricKeyType !== 'rsa') throw new Error(`${sleutelFile}: PDF signatures need an RSA key`);
  if (!new X509Certificate(certificaten[0]!).checkPrivateKey(sleutel)) throw new Error(`${sleutelFile} is not the key of the first certificate in ${certificaatFile}`);
  return { certificaten, sleutel };
}

/** The development certificate for `naam`, created on first use (node-forge only then). */
export async function developmentPdfCertificaat(dataDir: string, oin: string, naam: string): Promise<PdfCertificaat> {
  const certificaatFile = join(dataDir, 'pdf-certificaat', `${oin}.crt.pem`);
  const sleutelFile = join(dataDir, 'pdf-certificaat', `${oin}.key.pem`);
  if (existsSync(certificaatFile) && existsSync(sleutelFile)) return readPdfCertificaat(certificaatFile, sleutelFile);
  const { default: forge } = await import('node-forge');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${Date.now().toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: `${naam} - ontwikkelcertificaat` },
    { name: 'organizationName', value: naam },
    { shortName: 'OU', value: 'Alleen voor ontwikkeling, niet vertrouwen' },
    { name: 'countryName', value: 'NL' },
    // The OIN, as PKIoverheid certificates carry it in the serialNumber attribute.
    { name: 'serialNumber', value: oin },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), forge.md.sha256.create());
  mkdirSync(dirname(certificaatFile), { recursive: true, mode: 0o700 });
  writeFileSync(sleutelFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pem = forge.pki.certificateToPem(cert);
  writeFileSync(certificaatFile, pem);
  return { certificaten: [pem], sleutel: privateKey };
}
