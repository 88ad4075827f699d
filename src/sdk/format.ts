/** Dutch presentation of the overview: amounts as `€ 1.234,56`, dates as `28 november 2026`. Pure. */
import type { Overzicht } from './overview.js';
import { formatDatumTijd, formatEuro } from './opmaak.js';

export { formatDatum, formatDatumTijd, formatEuro } from './opmaak.js';

const STATUS: Record<Overzicht['organisaties'][number]['status'], string> = { ok: 'opgehaald', mislukt: 'mislukt', 'time-out': 'time-out' };

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The overview as the CLI prints it. */
export function renderOverzicht(overzicht: Overzicht): string {
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
  const niet = overzicht.organisaties.filter((o) => o.status !== 'ok');
  if (niet.length > 0) out.push('', `Let op: ${niet.map((o) => o.naam).join(', ')} gaf geen antwoord; het overzicht is niet volledig.`);
  return `${out.join('\n')}\n`;
}
