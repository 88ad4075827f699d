/**
 * The certified PDF: the document in plain Dutch for people, and the compact JWS of the same
 * JSON as an embedded file (PDF/A-3 style, relationship `Source`) for machines. Only the
 * attachment is signed; `verifyCertifiedPdf` checks that the pages say what it says.
 */
import { AFRelationship, PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { PdfCertificaat } from '../keys/pdf-certificaat.js';
import type { CertifiedDocument } from './document-weergave.js';
import { ondertekenPdf, reserveerHandtekening } from './pades.js';
import { BIJLAGE_NAAM, pdfOpmaak, waarmerkVan, type Lettertypen, type Tekst, type Vlak } from './pdf-opmaak.js';

const KLEUREN: Record<Tekst['kleur'] | Vlak['kleur'], ReturnType<typeof rgb>> = {
  tekst: rgb(0.1, 0.1, 0.1),
  grijs: rgb(0.35, 0.35, 0.35),
  wit: rgb(1, 1, 1),
  // The same blue as the emblem on the web page.
  blauw: rgb(0.0, 0.27, 0.55),
  lichtgrijs: rgb(0.92, 0.93, 0.95),
};

/** A new PDF with the two standard fonts the layout uses (Helvetica: no font file to ship). */
export async function pdfMetLettertypen(): Promise<{ pdf: PDFDocument; fonts: Lettertypen }> {
  const pdf = await PDFDocument.create();
  const [normaal, vet] = await Promise.all([pdf.embedFont(StandardFonts.Helvetica), pdf.embedFont(StandardFonts.HelveticaBold)]);
  return { pdf, fonts: { normaal, vet } };
}

/** With `certificaat`, the file is also signed as a PDF (readers show it as signed by the organisation). */
export async function certifiedPdf(document: CertifiedDocument, compactJws: string, certificaat?: PdfCertificaat): Promise<Uint8Array> {
  const { pdf, fonts } = await pdfMetLettertypen();
  const waarmerk = waarmerkVan(compactJws);
  const { weergave, paginas } = pdfOpmaak(document, waarmerk, fonts);
  for (const opdrachten of paginas) {
    const page = pdf.addPage([595.28, 841.89]);
    for (const o of opdrachten) {
      if (o.soort === 'tekst') page.drawText(o.tekst, { x: o.x, y: o.y, size: o.grootte, font: o.vet ? fonts.vet : fonts.normaal, color: KLEUREN[o.kleur] });
      else if (o.soort === 'vlak') page.drawRectangle({ x: o.x, y: o.y, width: o.breedte, height: o.hoogte, color: KLEUREN[o.kleur] });
      else if (o.soort === 'lijn') page.drawLine({ start: { x: o.x1, y: o.y1 }, end: { x: o.x2, y: o.y2 }, thickness: 0.5, color: KLEUREN.grijs });
      else {
        // The emblem: a white ring around a blue button.
        page.drawCircle({ x: o.x, y: o.y, size: o.straal, color: KLEUREN.wit });
        page.drawCircle({ x: o.x, y: o.y, size: o.straal * 0.72, color: KLEUREN.blauw });
      }
    }
  }
  const aangemaakt = new Date(document.aangemaakt_op);
  pdf.setTitle(`${weergave.titel} - ${document.uitgever.naam}`, { showInWindowTitleBar: true });
  pdf.setAuthor(document.uitgever.naam);
  pdf.setSubject(`Gewaarmerkt document ${document.documenttype} ${document.documentversie}`);
  pdf.setKeywords(['Blauwe Knop', document.documenttype, 'gewaarmerkt']);
  pdf.setCreator('De Blauwe Knop');
  pdf.setProducer('Blauwe Knop referentie-implementatie (pdf-lib)');
  pdf.setLanguage('nl-NL');
  pdf.setCreationDate(aangemaakt);
  pdf.setModificationDate(aangemaakt);
  await pdf.attach(Buffer.from(compactJws, 'utf8'), BIJLAGE_NAAM, {
    mimeType: 'application/jose',
    description: 'Het ondertekende document (compacte JWS) waarvan deze PDF de weergave is',
    creationDate: aangemaakt,
    modificationDate: aangemaakt,
    afRelationship: AFRelationship.Source,
  });
  const ondertekend = Number.isNaN(Date.parse(waarmerk.ondertekendOp)) ? aangemaakt : new Date(waarmerk.ondertekendOp);
  if (certificaat) reserveerHandtekening(pdf, document.uitgever.naam, ondertekend);
  // Written in one go: pdf-lib otherwise yields to the event loop every 50 objects, which
  // under load adds whole timer ticks to every PDF. No object streams when signing: the
  // signature's placeholder must be findable in the plain file.
  const bytes = await pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: !certificaat });
  return certificaat ? ondertekenPdf(bytes, certificaat, ondertekend) : bytes;
}
