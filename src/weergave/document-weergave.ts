/**
 * A certified document as a citizen reads it: headings, short facts, tables and paragraphs
 * in plain Dutch. Pure and deterministic, so the web page and the PDF show the same words,
 * and the PDF verifier can rebuild exactly what the PDF must show from the signed JSON.
 */
import type { components } from '../generated/api.js';
import { formatDatum, formatDatumTijd, formatEuro } from '../sdk/opmaak.js';

type Schemas = components['schemas'];
export type CertifiedDocument = Schemas['FinancieleVerplichtingenDocument'] | Schemas['VoertuigenDocument'] | Schemas['RijbewijsDocument'] | Schemas['VaartuigenDocument'];

export interface Kolom {
  kop: string;
  /** Amounts and numbers line up on the right. */
  rechts?: boolean;
  /** Share of the table's width, relative to the other columns. */
  breedte: number;
}

export type Blok =
  | { soort: 'alinea'; tekst: string }
  | { soort: 'gegevens'; paren: Array<[string, string]> }
  | { soort: 'tabel'; titel: string; kolommen: Kolom[]; rijen: string[][] };

export interface Sectie {
  kop: string;
  /** 2: a part of the document; 3: one item within it (a financiële zaak, a vehicle). */
  niveau: 2 | 3;
  blokken: Blok[];
}

export interface DocumentWeergave {
  titel: string;
  secties: Sectie[];
}

export const GEEN_GEGEVENS = 'Geen gegevens';

const gegevensBlok = (paren: Array<[string, string]>): Blok => ({ soort: 'gegevens', paren });
const tabelBlok = (titel: string, kolommen: Kolom[], rijen: string[][]): Blok => ({ soort: 'tabel', titel, kolommen, rijen });

const TITELS: Record<Schemas['Documenttype'], string> = {
  'financiele-verplichtingen': 'Overzicht van uw financiële verplichtingen',
  voertuigen: 'Overzicht van uw voertuigen',
  rijbewijs: 'Overzicht van uw rijbewijs',
  vaartuigen: 'Overzicht van uw vaartuigen',
};

const CONTACTVORMEN: Record<Schemas['Contactoptie']['contactvorm'], string> = {
  telefoon: 'Telefoon',
  'e-mail': 'E-mail',
  website: 'Website',
  postadres: 'Postadres',
  bezoekadres: 'Bezoekadres',
};

const STATUSSEN: Record<Schemas['Betalingsverplichting']['status'], string> = { open: 'Open', achterstallig: 'Achterstallig', voldaan: 'Betaald' };

const GEBEURTENISSEN: Record<Schemas['Gebeurtenis']['gebeurtenis_type'], string> = {
  FinancieleVerplichtingOpgelegd: 'Verplichting opgelegd',
  FinancieleVerplichtingKwijtgescholden: 'Kwijtgescholden',
  BetalingsverplichtingOpgelegd: 'Betaalverzoek',
  BetalingsverplichtingIngetrokken: 'Betaalverzoek ingetrokken',
  BetalingVerwerkt: 'Betaling ontvangen',
  GebeurtenisIngetrokken: 'Eerdere gebeurtenis ingetrokken',
};

/** EU restriction codes on a driving licence (Directive 2006/126/EC, annex I) that the demo data uses. */
const BEPERKINGEN: Record<string, string> = {
  '01': 'bril of contactlenzen',
  '78': 'alleen automaat',
  '95': 'vakbekwaamheid (code 95)',
};

function contactBlok(contactopties: Schemas['Contactoptie'][]): Blok {
  if (contactopties.length === 0) return { soort: 'alinea', tekst: GEEN_GEGEVENS };
  return gegevensBlok(contactopties.map((c) => [CONTACTVORMEN[c.contactvorm], c.omschrijving ? `${c.waarde} (${c.omschrijving})` : c.waarde]));
}

function overDitDocument(document: CertifiedDocument): Sectie {
  return {
    kop: 'Over dit document',
    niveau: 2,
    blokken: [
      gegevensBlok([
        ['Uitgegeven door', `${document.uitgever.naam} (OIN ${document.uitgever.oin})`],
        ['Over', `de inwoner met BSN ${document.onderwerp.bsn}`],
        ['Opgesteld op', formatDatumTijd(document.aangemaakt_op)],
        ['Soort document', `${document.documenttype}, versie ${document.documentversie}`]
      ]),
    ],
  };
}

/** The amount an event concerns, if it has one. */
function bedragVan(gebeurtenis: Schemas['Gebeurtenis']): string {
  if ('bedrag' in gebeurtenis) return formatEuro(gebeurtenis.bedrag);
  if ('bedrag_kwijtgescholden' in gebeurtenis) return formatEuro(gebeurtenis.bedrag_kwijtgescholden);
  return '';
}

function omschrijvingVan(gebeurtenis: Schemas['Gebeurtenis']): string {
  const delen: string[] = [GEBEURTENISSEN[gebeurtenis.gebeurtenis_type]];
  if (gebeurtenis.gebeurtenis_type === 'BetalingsverplichtingOpgelegd') delen[0] = `${gebeurtenis.type}, te betalen vóór ${formatDatum(gebeurtenis.vervaldatum)}`;
  if ('omschrijving' in gebeurtenis && gebeurtenis.omschrijving) delen.push(gebeurtenis.omschrijving);
  if (gebeurtenis.gebeurtenis_type === 'GebeurtenisIngetrokken') delen.push(`trekt ${gebeurtenis.ingetrokken_gebeurtenis_kenmerk} in`);
  if (gebeurtenis.corrigeert_gebeurtenis_kenmerk) delen.push(`correctie van ${gebeurtenis.corrigeert_gebeurtenis_kenmerk}`);
  return delen.join(' - ');
}

function zaakSectie(zaak: Schemas['FinancieleZaak']): Sectie {
  // Time order for the reader; events at the same moment keep the document's order (stable sort).
  const gebeurtenissen = [...zaak.gebeurtenissen].sort((a, b) => Date.parse(a.datumtijd_gebeurtenis) - Date.parse(b.datumtijd_gebeurtenis));
  return {
    kop: zaak.omschrijving ? `${zaak.omschrijving} (${zaak.zaakkenmerk})` : `Zaak ${zaak.zaakkenmerk}`,
    niveau: 3,
    blokken: [
      gegevensBlok([
        ['Totaal opgelegd', formatEuro(zaak.totaal_financieel_verplicht)],
        ['Betaald', formatEuro(zaak.totaal_betaald)],
        ['Kwijtgescholden', formatEuro(zaak.totaal_kwijtgescholden)],
        ['Nog te betalen', formatEuro(zaak.saldo)],
        ['Stand op', formatDatumTijd(zaak.saldo_datumtijd)]
      ]),
      tabelBlok('Betaalverzoeken', [
        { kop: 'Omschrijving', breedte: 4 },
        { kop: 'Vervaldatum', breedte: 3 },
        { kop: 'Bedrag', rechts: true, breedte: 2 },
        { kop: 'Betaald', rechts: true, breedte: 2 },
        { kop: 'Open', rechts: true, breedte: 2 },
        { kop: 'Status', breedte: 2 }
      ], zaak.betalingsverplichtingen.map((b) => [
        b.omschrijving ?? b.type,
        formatDatum(b.vervaldatum),
        formatEuro(b.bedrag),
        formatEuro(b.betaald),
        formatEuro(b.openstaand),
        STATUSSEN[b.status],
      ])),
      tabelBlok('Gebeurtenissen, in volgorde van tijd', [
        { kop: 'Datum', breedte: 3 },
        { kop: 'Wat er gebeurde', breedte: 7 },
        { kop: 'Bedrag', rechts: true, breedte: 2 }
      ], gebeurtenissen.map((g) => [formatDatumTijd(g.datumtijd_gebeurtenis), omschrijvingVan(g), bedragVan(g)])),
      { soort: 'alinea', tekst: 'Contact over deze zaak:' },
      contactBlok(zaak.contactopties),
    ],
  };
}

function financieleVerplichtingen(gegevens: Schemas['FinancieleVerplichtingen'], uitgever: string): Sectie[] {
  const samenvatting: Sectie = {
    kop: 'Samenvatting',
    niveau: 2,
    blokken:
      gegevens.financiele_zaken.length === 0
        ? [{ soort: 'alinea', tekst: `${GEEN_GEGEVENS}: ${uitgever} heeft geen financiële verplichtingen van u geregistreerd.` }]
        : [
            gegevensBlok([
              ['Aantal zaken', String(gegevens.financiele_zaken.length)],
              ['Totaal opgelegd', formatEuro(gegevens.totaal_financieel_verplicht)],
              ['Betaald of kwijtgescholden', formatEuro(gegevens.totaal_financieel_vereffend)],
              ['Nog te betalen', formatEuro(gegevens.saldo)],
              ['Stand op', formatDatumTijd(gegevens.saldo_datumtijd)]
            ]),
          ],
  };
  const contact: Sectie = { kop: `Contact met ${uitgever}`, niveau: 2, blokken: [contactBlok(gegevens.contactopties)] };
  return [samenvatting, ...gegevens.financiele_zaken.map(zaakSectie), contact];
}

function voertuigen(gegevens: Schemas['Voertuigen']): Sectie[] {
  if (gegevens.voertuigen.length === 0) return [{ kop: 'Voertuigen', niveau: 2, blokken: [{ soort: 'alinea', tekst: GEEN_GEGEVENS }] }];
  return gegevens.voertuigen.map((v) => ({
    kop: `${v.kenteken}: ${v.merk} ${v.handelsbenaming}`,
    niveau: 3 as const,
    blokken: [
      gegevensBlok([
        ['Soort', `${v.voertuigsoort} (Europese categorie ${v.europese_voertuigcategorie})`],
        ['Eerste toelating', formatDatum(v.datum_eerste_toelating)],
        ['Op uw naam sinds', formatDatum(v.datum_tenaamstelling)],
        ['APK geldig tot', v.vervaldatum_apk ? formatDatum(v.vervaldatum_apk) : 'geen APK-plicht']
      ]),
    ],
  }));
}

function beperkingenVan(codes: string[] | undefined): string {
  if (!codes || codes.length === 0) return 'geen';
  return codes.map((code) => (BEPERKINGEN[code] ? `${code}: ${BEPERKINGEN[code]}` : `code ${code}`)).join('; ');
}

function rijbewijs(gegevens: Schemas['RijbewijsGegevens']): Sectie[] {
  const r = gegevens.rijbewijs;
  const rijbewijsSectie: Sectie = r
    ? {
        kop: 'Rijbewijs',
        niveau: 2,
        blokken: [
          gegevensBlok([
            ['Documentnummer', r.documentnummer],
            ['Afgegeven op', formatDatum(r.afgiftedatum)],
            ['Afgegeven door', r.afgegeven_door],
            ['Geldig tot', formatDatum(r.geldig_tot)]
          ]),
          tabelBlok('Categorieën', [
            { kop: 'Categorie', breedte: 2 },
            { kop: 'Afgegeven op', breedte: 3 },
            { kop: 'Geldig tot', breedte: 3 },
            { kop: 'Beperkingen', breedte: 4 }
          ], r.categorieen.map((c) => [c.categorie, formatDatum(c.afgiftedatum), formatDatum(c.geldig_tot), beperkingenVan(c.beperkingen)])),
        ],
      }
    : { kop: 'Rijbewijs', niveau: 2, blokken: [{ soort: 'alinea', tekst: `${GEEN_GEGEVENS}: er staat geen rijbewijs op uw naam.` }] };
  const raadplegingen: Sectie = {
    kop: 'Wie uw rijbewijs heeft geraadpleegd',
    niveau: 2,
    blokken:
      gegevens.raadplegingen.length === 0
        ? [{ soort: 'alinea', tekst: GEEN_GEGEVENS }]
        : [
            tabelBlok('Raadplegingen', [
              { kop: 'Wanneer', breedte: 3 },
              { kop: 'Wie', breedte: 3 },
              { kop: 'Waarom', breedte: 4 }
            ], [...gegevens.raadplegingen].sort((a, b) => Date.parse(a.datumtijd) - Date.parse(b.datumtijd)).map((q) => [formatDatumTijd(q.datumtijd), q.afnemer, q.doel])),
          ],
  };
  return [rijbewijsSectie, raadplegingen];
}

function vaartuigen(gegevens: Schemas['Vaartuigen']): Sectie[] {
  if (gegevens.vaartuigen.length === 0) return [{ kop: 'Vaartuigen', niveau: 2, blokken: [{ soort: 'alinea', tekst: GEEN_GEGEVENS }] }];
  return gegevens.vaartuigen.map((v) => ({
    kop: `${v.registratienummer}: ${v.merk} ${v.type}`,
    niveau: 3 as const,
    blokken: [
      gegevensBlok([
        ['Geregistreerd op', formatDatum(v.registratiedatum)],
        ['Lengte', v.lengte_cm === undefined ? 'onbekend' : `${(v.lengte_cm / 100).toFixed(2).replace('.', ',')} m`]
      ]),
      tabelBlok('Motoren', [
        { kop: 'Merk en type', breedte: 5 },
        { kop: 'Vermogen', rechts: true, breedte: 2 },
        { kop: 'Motornummer', breedte: 3 }
      ], v.motoren.map((m) => [`${m.merk} ${m.type}`, `${m.vermogen_kw} kW`, m.motornummer ?? ''])),
    ],
  }));
}

/** The whole document in reading order: what it is, then its data. */
export function documentWeergave(document: CertifiedDocument): DocumentWeergave {
  const uitgever = document.uitgever.naam;
  let gegevens: Sectie[];
  switch (document.documenttype) {
    case 'financiele-verplichtingen':
      gegevens = financieleVerplichtingen((document as Schemas['FinancieleVerplichtingenDocument']).gegevens, uitgever);
      break;
    case 'voertuigen':
      gegevens = voertuigen((document as Schemas['VoertuigenDocument']).gegevens);
      break;
    case 'rijbewijs':
      gegevens = rijbewijs((document as Schemas['RijbewijsDocument']).gegevens);
      break;
    case 'vaartuigen':
      gegevens = vaartuigen((document as Schemas['VaartuigenDocument']).gegevens);
      break;
  }
  return { titel: TITELS[document.documenttype], secties: [overDitDocument(document), ...gegevens] };
}
