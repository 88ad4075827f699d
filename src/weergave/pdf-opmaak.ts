/**
 * Lays a document's Dutch rendering out on A4 pages: every piece of text with its place,
 * font and size, plus the lines and shapes around it. Pure given the fonts' metrics, so the
 * PDF writer draws exactly this and the PDF verifier rebuilds the same text from the signed
 * JSON to compare with what the file shows.
 */
import { decodeProtectedHeader } from 'jose';
import type { PDFFont } from 'pdf-lib';
import { type Blok, type CertifiedDocument, documentWeergave, type DocumentWeergave, type Sectie, GEEN_GEGEVENS } from './document-weergave.js';
import { formatDatumTijd } from '../sdk/opmaak.js';

/** The name of the attachment that carries the compact JWS inside the PDF. */
export const BIJLAGE_NAAM = 'document.jose';

export const A4 = { breedte: 595.28, hoogte: 841.89 };
const MARGE = 56;
const BOVEN = A4.hoogte - 92;
const ONDER = 64;
const BREEDTE = A4.breedte - 2 * MARGE;
const LABELBREEDTE = 160;
const CELMARGE = 4;

export interface Lettertypen {
  normaal: PDFFont;
  vet: PDFFont;
}

export interface Tekst {
  soort: 'tekst';
  tekst: string;
  x: number;
  y: number;
  grootte: number;
  vet: boolean;
  kleur: 'tekst' | 'grijs' | 'wit' | 'blauw';
}
export interface Vlak {
  soort: 'vlak';
  x: number;
  y: number;
  breedte: number;
  hoogte: number;
  kleur: 'blauw' | 'lichtgrijs';
}
export interface Lijn {
  soort: 'lijn';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
export interface Knop {
  soort: 'knop';
  x: number;
  y: number;
  straal: number;
}
export type Tekenopdracht = Tekst | Vlak | Lijn | Knop;
export type Pagina = Tekenopdracht[];

/** What the JWS header says about the signature, shown on the page and rebuilt by the verifier. */
export interface Waarmerk {
  kid: string;
  ondertekendOp: string;
}

export function waarmerkVan(compactJws: string): Waarmerk {
  const header = decodeProtectedHeader(compactJws) as { kid?: string; sigT?: string };
  return { kid: header.kid ?? 'onbekend', ondertekendOp: header.sigT ?? 'onbekend' };
}

/** The part only the PDF has: how to check it, in words a citizen can follow. */
function controleSectie(document: CertifiedDocument, waarmerk: Waarmerk): Sectie {
  const moment = Number.isNaN(Date.parse(waarmerk.ondertekendOp)) ? waarmerk.ondertekendOp : formatDatumTijd(waarmerk.ondertekendOp);
  return {
    kop: 'Zo controleert u dit document',
    niveau: 2,
    blokken: [
      { soort: 'alinea', tekst: `Dit document is gewaarmerkt: ${document.uitgever.naam} heeft het op ${moment} digitaal ondertekend met de sleutel ${waarmerk.kid}.` },
      {
        soort: 'alinea',
        tekst: `In dit PDF-bestand zit de bijlage ${BIJLAGE_NAAM}: het ondertekende document zelf (een JWS). Deze pagina's zijn een leesbare weergave van die bijlage.`,
      },
      {
        soort: 'alinea',
        tekst: `Controleer het bestand met de openbare sleutels van ${document.uitgever.naam} (te vinden op /v1/sleutels bij de organisatie), bijvoorbeeld met: npm run verify -- --keys sleutels.json --pdf ${BIJLAGE_NAAM.replace('.jose', '.pdf')}. Die controle toetst de handtekening en vergelijkt ook alle bedragen en tekst op deze pagina's met de bijlage.`,
      },
    ],
  };
}

/**
 * Standard PDF fonts encode WinAnsi only; a character outside it is shown as `?` rather
 * than failing the whole document. The verifier applies the same rule, so it still matches.
 */
const tekensets = new WeakMap<PDFFont, Set<number>>();
function teken(font: PDFFont, tekst: string): string {
  let beschikbaar = tekensets.get(font);
  if (!beschikbaar) tekensets.set(font, (beschikbaar = new Set(font.getCharacterSet())));
  return [...tekst.replace(/\s+/g, ' ')].map((c) => (beschikbaar.has(c.codePointAt(0)!) ? c : '?')).join('');
}

/** Breaks text into lines that fit `breedte`; a word longer than a line is cut by characters. */
function regels(font: PDFFont, tekst: string, grootte: number, breedte: number): string[] {
  const past = (s: string) => font.widthOfTextAtSize(s, grootte) <= breedte;
  const uit: string[] = [];
  let huidig = '';
  for (const woord of tekst.split(' ')) {
    const kandidaat = huidig ? `${huidig} ${woord}` : woord;
    if (past(kandidaat)) {
      huidig = kandidaat;
      continue;
    }
    if (huidig) uit.push(huidig);
    huidig = woord;
    while (!past(huidig)) {
      let n = huidig.length - 1;
      while (n > 1 && !past(huidig.slice(0, n))) n--;
      uit.push(huidig.slice(0, n));
      huidig = huidig.slice(n);
    }
  }
  if (huidig || uit.length === 0) uit.push(huidig);
  return uit;
}

class Zetter {
  readonly paginas: Pagina[] = [];
  private y = BOVEN;

  constructor(
    private readonly fonts: Lettertypen,
    private readonly uitgever: string,
  ) {
    this.nieuwePagina();
  }

  private get pagina(): Pagina {
    return this.paginas[this.paginas.length - 1]!;
  }

  private nieuwePagina(): void {
    this.paginas.push([]);
    this.y = BOVEN;
    // The blue band with the button emblem and the issuer, as on the organisation's page.
    this.pagina.push({ soort: 'vlak', x: 0, y: A4.hoogte - 56, breedte: A4.breedte, hoogte: 56, kleur: 'blauw' });
    this.pagina.push({ soort: 'knop', x: MARGE + 14, y: A4.hoogte - 28, straal: 14 });
    this.tekstOp(MARGE + 38, A4.hoogte - 33, `${this.uitgever} - gewaarmerkt document`, 12, true, 'wit');
  }

  private tekstOp(x: number, y: number, tekst: string, grootte: number, vet: boolean, kleur: Tekst['kleur'] = 'tekst'): void {
    this.pagina.push({ soort: 'tekst', tekst: teken(vet ? this.fonts.vet : this.fonts.normaal, tekst), x, y, grootte, vet, kleur });
  }

  /** Makes room for `hoogte` points, on a new page when this one is full. */
  private ruimte(hoogte: number): void {
    if (this.y - hoogte < ONDER) this.nieuwePagina();
  }

  alinea(tekst: string, grootte = 10, vet = false, na = 6): void {
    const font = vet ? this.fonts.vet : this.fonts.normaal;
    const hoogte = grootte * 1.35;
    for (const regel of regels(font, teken(font, tekst), grootte, BREEDTE)) {
      this.ruimte(hoogte);
      this.y -= hoogte;
      this.tekstOp(MARGE, this.y, regel, grootte, vet);
    }
    this.y -= na;
  }

  kop(tekst: string, niveau: 1 | 2 | 3): void {
    const grootte = niveau === 1 ? 18 : niveau === 2 ? 13 : 11.5;
    // Keep a heading with at least two lines of what follows it.
    this.ruimte(grootte * 1.35 + 40);
    this.y -= niveau === 1 ? 0 : 8;
    this.alinea(tekst, grootte, true, 4);
  }

  gegevens(paren: Array<[string, string]>): void {
    const hoogte = 10 * 1.35;
    for (const [label, waarde] of paren) {
      const waardeRegels = regels(this.fonts.normaal, teken(this.fonts.normaal, waarde), 10, BREEDTE - LABELBREEDTE);
      this.ruimte(hoogte * waardeRegels.length);
      this.y -= hoogte;
      this.tekstOp(MARGE, this.y, label, 10, true);
      waardeRegels.forEach((regel, i) => this.tekstOp(MARGE + LABELBREEDTE, this.y - i * hoogte, regel, 10, false));
      this.y -= hoogte * (waardeRegels.length - 1);
    }
    this.y -= 6;
  }

  tabel(blok: Extract<Blok, { soort: 'tabel' }>): void {
    this.alinea(blok.titel, 10, true, 2);
    if (blok.rijen.length === 0) {
      this.alinea(GEEN_GEGEVENS);
      return;
    }
    const totaal = blok.kolommen.reduce((som, k) => som + k.breedte, 0);
    const breedtes = blok.kolommen.map((k) => (k.breedte / totaal) * BREEDTE);
    const links = breedtes.map((_, i) => MARGE + breedtes.slice(0, i).reduce((a, b) => a + b, 0));
    const grootte = 9;
    const hoogte = grootte * 1.35;
    const rij = (cellen: string[], vet: boolean, achtergrond: boolean) => {
      const font = vet ? this.fonts.vet : this.fonts.normaal;
      const celRegels = cellen.map((cel, i) => regels(font, teken(font, cel), grootte, breedtes[i]! - 2 * CELMARGE));
      const rijHoogte = Math.max(...celRegels.map((r) => r.length)) * hoogte + 4;
      const nieuw = this.y - rijHoogte < ONDER;
      this.ruimte(rijHoogte);
      if (nieuw && !vet) rij(blok.kolommen.map((k) => k.kop), true, true); // the header again on the new page
      if (achtergrond) this.pagina.push({ soort: 'vlak', x: MARGE, y: this.y - rijHoogte, breedte: BREEDTE, hoogte: rijHoogte, kleur: 'lichtgrijs' });
      celRegels.forEach((lijnen, i) => {
        lijnen.forEach((regel, j) => {
          const x = blok.kolommen[i]!.rechts ? links[i]! + breedtes[i]! - CELMARGE - font.widthOfTextAtSize(regel, grootte) : links[i]! + CELMARGE;
          this.tekstOp(x, this.y - (j + 1) * hoogte, regel, grootte, vet);
        });
      });
      this.y -= rijHoogte;
      this.pagina.push({ soort: 'lijn', x1: MARGE, y1: this.y, x2: MARGE + BREEDTE, y2: this.y });
    };
    rij(blok.kolommen.map((k) => k.kop), true, true);
    for (const cellen of blok.rijen) rij(cellen, false, false);
    this.y -= 8;
  }

  sectie(sectie: Sectie): void {
    this.kop(sectie.kop, sectie.niveau);
    for (const blok of sectie.blokken) {
      if (blok.soort === 'alinea') this.alinea(blok.tekst);
      else if (blok.soort === 'gegevens') this.gegevens(blok.paren);
      else this.tabel(blok);
    }
  }

  /** Page numbers last, once the number of pages is known. */
  voeten(): void {
    this.paginas.forEach((pagina, i) => {
      const tekst = `Pagina ${i + 1} van ${this.paginas.length}`;
      pagina.push({ soort: 'lijn', x1: MARGE, y1: ONDER - 16, x2: MARGE + BREEDTE, y2: ONDER - 16 });
      pagina.push({ soort: 'tekst', tekst, x: MARGE, y: ONDER - 30, grootte: 8, vet: false, kleur: 'grijs' });
    });
  }
}

/** The pages of the certified PDF for this document and signature. */
export function pdfOpmaak(document: CertifiedDocument, waarmerk: Waarmerk, fonts: Lettertypen): { weergave: DocumentWeergave; paginas: Pagina[] } {
  const weergave = documentWeergave(document);
  const zetter = new Zetter(fonts, document.uitgever.naam);
  zetter.kop(weergave.titel, 1);
  for (const sectie of weergave.secties) zetter.sectie(sectie);
  zetter.sectie(controleSectie(document, waarmerk));
  zetter.voeten();
  return { weergave, paginas: zetter.paginas };
}
