/** Dutch presentation of the overview: amounts as `€ 1.234,56`, dates as `28 november 2026`. Pure. */
import type { OrganisatieResultaat, Overzicht } from './overview.js';
import { formatDatum, formatDatumTijd, formatEuro } from './opmaak.js';
import type { Documentenvelop, RijbewijsDocument, VaartuigenDocument, VoertuigenDocument } from './protocol.js';

export { formatDatum, formatDatumTijd, formatEuro } from './opmaak.js';

const STATUS: Record<Overzicht['organisaties'][number]['status'], string> = { ok: 'opgehaald', mislukt: 'mislukt', 'time-out': 'time-out' };

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const isVoertuigen = (d: Documentenvelop): d is VoertuigenDocument => d.documenttype === 'voertuigen';
const isRijbewijs = (d: Documentenvelop): d is RijbewijsDocument => d.documenttype === 'rijbewijs';
const isVaartuigen = (d: Documentenvelop): d is VaartuigenDocument => d.documenttype === 'vaartuigen';

/** A vehicle register document (RDW) as a table: what a citizen recognises on the registration card. */
export function renderVoertuigen(document: VoertuigenDocument): string {
  const { voertuigen } = document.gegevens;
  const title = `Voertuigen op uw naam (${document.uitgever.naam})`;
  if (voertuigen.length === 0) return `${title}: geen.`;
  const rows = voertuigen.map((v) => [
    v.kenteken,
    v.voertuigsoort,
    `${v.merk} ${v.handelsbenaming}`,
    formatDatum(v.datum_eerste_toelating),
    formatDatum(v.datum_tenaamstelling),
    v.vervaldatum_apk ? formatDatum(v.vervaldatum_apk) : '',
  ]);
  return `${title}:\n${table(['Kenteken', 'Soort', 'Merk en type', 'Eerste toelating', 'Op uw naam sinds', 'APK tot'], rows, new Set())}`;
}

/** A driving licence document (RDW): the licence with its categories, and who looked it up. */
export function renderRijbewijs(document: RijbewijsDocument): string {
  const { rijbewijs, raadplegingen } = document.gegevens;
  const out: string[] = [];
  if (rijbewijs) {
    out.push(
      `Rijbewijs ${rijbewijs.documentnummer} (${document.uitgever.naam}): afgegeven ${formatDatum(rijbewijs.afgiftedatum)} door ${rijbewijs.afgegeven_door}, geldig tot ${formatDatum(rijbewijs.geldig_tot)}`,
      table(
        ['Categorie', 'Behaald', 'Geldig tot', 'Codes'],
        rijbewijs.categorieen.map((c) => [c.categorie, formatDatum(c.afgiftedatum), formatDatum(c.geldig_tot), (c.beperkingen ?? []).join(', ')]),
        new Set(),
      ),
    );
  } else {
    out.push(`Rijbewijs (${document.uitgever.naam}): geen geldig rijbewijs geregistreerd.`);
  }
  if (raadplegingen.length > 0) {
    const sorted = [...raadplegingen].sort((a, b) => Date.parse(b.datumtijd) - Date.parse(a.datumtijd));
    out.push('Wie uw rijbewijs raadpleegde:', table(['Wanneer', 'Wie', 'Waarom'], sorted.map((r) => [formatDatumTijd(r.datumtijd), r.afnemer, r.doel]), new Set()));
  }
  return out.join('\n');
}

/** A vessel register document (RDW): fast motor boats with their engines. */
export function renderVaartuigen(document: VaartuigenDocument): string {
  const { vaartuigen } = document.gegevens;
  const title = `Vaartuigen op uw naam (${document.uitgever.naam})`;
  if (vaartuigen.length === 0) return `${title}: geen.`;
  const rows = vaartuigen.map((v) => [
    v.registratienummer,
    `${v.merk} ${v.type}`,
    v.lengte_cm !== undefined ? `${(v.lengte_cm / 100).toFixed(2).replace('.', ',')} m` : '',
    formatDatum(v.registratiedatum),
    v.motoren.map((m) => `${m.merk} ${m.type} (${m.vermogen_kw} kW)`).join('; '),
  ]);
  return `${title}:\n${table(['Registratie', 'Merk en type', 'Lengte', 'Geregistreerd', 'Motoren'], rows, new Set())}`;
}

/** The documents other than financial obligations, readable, in the scheme's order of organisations. */
export function renderOverigeDocumenten(resultaten: readonly OrganisatieResultaat[]): string[] {
  const sections: string[] = [];
  for (const document of resultaten.flatMap((r) => (r.status === 'ok' ? r.documenten : []))) {
    if (isVoertuigen(document)) sections.push(renderVoertuigen(document));
    else if (isRijbewijs(document)) sections.push(renderRijbewijs(document));
    else if (isVaartuigen(document)) sections.push(renderVaartuigen(document));
  }
  return sections;
}

/**
 * The overview as the CLI prints it. With the organisations' results, the documents that
 * are not financial (the RDW's vehicles, licence and vessels) follow, readable.
 */
export function renderOverzicht(overzicht: Overzicht, resultaten: readonly OrganisatieResultaat[] = []): string {
  const out: string[] = [];
  out.push(`Overzicht voor BSN ${overzicht.bsn}, opgesteld ${formatDatumTijd(overzicht.opgesteld_op)}`);
  out.push(`Stelseldocument van ${formatDatumTijd(overzicht.stelsel.uitgegeven_op)}`, '');
  out.push(
    table(
      ['Organisatie', 'Status', 'Gegevens van', 'Toelichting'],
      overzicht.organisaties.map((o) => [o.naam, STATUS[o.status], o.gegevens_van ? formatDatumTijd(o.gegevens_van) : '', o.reden ?? (o.documenttypen.join(', ') || '')]),
      new Set(),
    ),
    '',
  );
  if (overzicht.financiele_zaken.length === 0) {
    out.push('Geen financiële zaken gevonden bij de organisaties die antwoordden.');
  } else {
    const rows = overzicht.financiele_zaken.map((z) => [
      z.organisatie,
      z.zaak.omschrijving ?? z.zaak.zaakkenmerk,
      formatEuro(z.telt_mee.totaal_financieel_verplicht),
      formatEuro(z.telt_mee.totaal_financieel_vereffend),
      formatEuro(z.telt_mee.saldo),
      z.geind_namens.length > 0 ? `geïnd namens ${[...new Set(z.geind_namens.map((g) => g.namens.naam))].join(', ')} (telt daar mee)` : '',
    ]);
    rows.push(['Totaal', `${overzicht.totalen.aantal_zaken} zaken`, formatEuro(overzicht.totalen.totaal_financieel_verplicht), formatEuro(overzicht.totalen.totaal_financieel_vereffend), formatEuro(overzicht.totalen.saldo), '']);
    out.push(table(['Organisatie', 'Zaak', 'Verplicht', 'Vereffend', 'Saldo', 'Opmerking'], rows, new Set([2, 3, 4])));
    if (overzicht.totalen.aantal_dubbele_vorderingen > 0) {
      out.push('', `${overzicht.totalen.aantal_dubbele_vorderingen} vordering(en) werden door twee organisaties gemeld en tellen één keer mee.`);
    }
  }
  for (const section of renderOverigeDocumenten(resultaten)) out.push('', section);
  const niet = overzicht.organisaties.filter((o) => o.status !== 'ok');
  if (niet.length > 0) out.push('', `Let op: ${niet.map((o) => o.naam).join(', ')} gaf geen antwoord; het overzicht is niet volledig.`);
  return `${out.join('\n')}\n`;
}
