/**
 * A PDF signature (CMS, `adbe.pkcs7.detached`) with the organisation's X.509 certificate,
 * so PDF readers show the file as signed by the organisation. @signpdf places and fills the
 * signature; node-forge assembles the CMS structure, and the RSA operation itself is done
 * by node:crypto (forge's own RSA in JavaScript is far slower).
 */
import { constants, privateEncrypt, type KeyObject } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import forge from 'node-forge';
import type { PDFDocument } from 'pdf-lib';
import type { PdfCertificaat } from '../keys/pdf-certificaat.js';

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2): what PKCS#1 v1.5 signs around the hash. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** Parsed once per certificate: forge's PEM parsing is not free. */
const geparseerd = new WeakMap<PdfCertificaat, forge.pki.Certificate[]>();

class CertificaatSigner extends Signer {
  constructor(private readonly certificaat: PdfCertificaat) {
    super();
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    let certificaten = geparseerd.get(this.certificaat);
    if (!certificaten) geparseerd.set(this.certificaat, (certificaten = this.certificaat.certificaten.map((pem) => forge.pki.certificateFromPem(pem))));
    const [signer, ...keten] = certificaten;
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const cert of [signer!, ...keten]) p7.addCertificate(cert);
    const sleutel: KeyObject = this.certificaat.sleutel;
    p7.addSigner({
      // forge asks the key to sign a SHA-256 digest with RSASSA-PKCS1-v1_5; node:crypto does it.
      key: {
        sign: (md: forge.md.MessageDigest) =>
          privateEncrypt({ key: sleutel, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary'),
      } as unknown as forge.pki.rsa.PrivateKey,
      certificate: signer!,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

/** Reserves the signature's place in the document; call before saving. */
export function reserveerHandtekening(pdf: PDFDocument, naam: string, moment: Date): void {
  pdflibAddPlaceholder({
    pdfDoc: pdf,
    reason: 'Gewaarmerkt document (De Blauwe Knop)',
    contactInfo: '',
    name: naam,
    location: 'Nederland',
    signingTime: moment,
    signatureLength: 8192,
  });
}

/** Fills the reserved place with the CMS signature over the saved bytes. */
export async function ondertekenPdf(bytes: Uint8Array, certificaat: PdfCertificaat, moment: Date): Promise<Buffer> {
  return new SignPdf().sign(Buffer.from(bytes), new CertificaatSigner(certificaat), moment);
}
