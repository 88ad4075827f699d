/**
 * Verifies a certified PDF offline: the embedded JWS against the organisation's published
 * keys, then the pages against that JWS. The pages are not signed themselves, so the
 * verifier rebuilds the text the signed JSON must produce and compares it with the text in
 * the file: a changed amount, date or name on a page is found as surely as a changed
 * attachment.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocumentVerificationError } from '../protocol/errors.js';
import { verifyCompactDocument, type PublishedKey, type VerifiedDocument } from '../protocol/verify-document.js';
import type { CertifiedDocument } from './document-weergave.js';
import { pdfMetLettertypen } from './pdf.js';
import { BIJLAGE_NAAM, pdfOpmaak, waarmerkVan } from './pdf-opmaak.js';

export type PdfControleFout = 'geen-pdf' | 'geen-bijlage' | 'handtekening' | 'tekst-wijkt-af';

export class PdfVerificationError extends Error {
  constructor(
    readonly reason: PdfControleFout,
    message: string,
  ) {
    super(message);
    this.name = 'PdfVerificationError';
  }
}

export interface GecontroleerdePdf {
  verified: VerifiedDocument;
  document: CertifiedDocument;
  /** How many amounts (`€ …`) the pages show, each equal to the signed JSON's. */
  bedragen: number;
}

const BEDRAG = /€ ?-?\d{1,3}(?:\.\d{3})*,\d{2}/g;

/** Whitespace is layout, not content: text is compared without it. */
const zonderWitruimte = (s: string) => s.replace(/\s+/g, '');

async function leesPdf(bytes: Uint8Array): Promise<{ jws: string | undefined; tekst: string }> {
  let pdf;
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new PdfVerificationError('geen-pdf', `Het bestand is geen leesbare PDF: ${(error as Error).message}`);
  }
  try {
    const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }> | null;
    const bijlage = Object.values(attachments ?? {}).find((a) => a.filename === BIJLAGE_NAAM);
    const delen: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) delen.push(item.str);
    }
    return { jws: bijlage ? Buffer.from(bijlage.content).toString('utf8').trim() : undefined, tekst: delen.join(' ') };
  } finally {
    await pdf.destroy();
  }
}

/** The first amount that differs, for a message that says what was changed. */
function bedragVerschil(verwacht: string, gevonden: string): string | undefined {
  const a = verwacht.match(BEDRAG) ?? [];
  const b = gevonden.match(BEDRAG) ?? [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (zonderWitruimte(a[i] ?? '') !== zonderWitruimte(b[i] ?? '')) return `bedrag ${i + 1}: de pagina toont ${b[i] ?? 'niets'}, het ondertekende document zegt ${a[i] ?? 'niets'}`;
  }
  return undefined;
}

export async function verifyCertifiedPdf(bytes: Uint8Array, keys: { keys: PublishedKey[] }): Promise<GecontroleerdePdf> {
  const { jws, tekst } = await leesPdf(bytes);
  if (!jws) throw new PdfVerificationError('geen-bijlage', `De PDF bevat geen bijlage ${BIJLAGE_NAAM}: er is niets ondertekends om te controleren.`);
  let verified: VerifiedDocument;
  try {
    verified = await verifyCompactDocument(jws, keys);
  } catch (error) {
    if (error instanceof DocumentVerificationError) throw new PdfVerificationError('handtekening', `De bijlage ${BIJLAGE_NAAM} is ongeldig (${error.code}): ${error.message}`);
    throw error;
  }
  const document = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as CertifiedDocument;
  const { fonts } = await pdfMetLettertypen();
  const { paginas } = pdfOpmaak(document, waarmerkVan(jws), fonts);
  const verwacht = paginas
    .flat()
    .flatMap((o) => (o.soort === 'tekst' ? [o.tekst] : []))
    .join(' ');
  if (zonderWitruimte(verwacht) !== zonderWitruimte(tekst)) {
    const verschil = bedragVerschil(verwacht, tekst);
    throw new PdfVerificationError(
      'tekst-wijkt-af',
      `De tekst op de pagina's wijkt af van het ondertekende document${verschil ? ` (${verschil})` : ''}. Vertrouw alleen de bijlage ${BIJLAGE_NAAM}.`,
    );
  }
  return { verified, document, bedragen: (verwacht.match(BEDRAG) ?? []).length };
}
