/**
 * The integrated overview as HTML, in Dutch: the totals, each organisation, what is overdue,
 * every zaak (with "geïnd namens" as the CLI shows it) and then each verified document in the
 * same words as the organisation's own page (src/weergave). The numbers are the SDK's fold
 * (foldOverzicht), so the app, the CLI and a bundle's check agree. Pure: no DOM.
 */
import { formatDatum, formatDatumTijd, formatEuro, type OrganisatieResultaat, type Overzicht, type OverzichtZaak } from '../../../../sdk/index.js';
import { documentWeergave, type CertifiedDocument } from '../../../../weergave/document-weergave.js';
import { esc, weergaveHtml } from '../../../../weergave/html.js';

const STATUS: Record<Overzicht['organisaties'][number]['status'], string> = { ok: 'Opgehaald', mislukt: 'Mislukt', 'time-out': 'Geen antwoord (time-out)' };

interface Achterstallig {
  zaak: OverzichtZaak;
  omschrijving: string;
  vervaldatum: string;
  openstaand: number;
}

/**
 * Payment requests the organisation marks `achterstallig` (past their due date, not paid).
 * A claim that counts at another organisation (`geind_namens`) is left out here as in the
 * totals, so an overdue claim reported by the collector and the imposer is listed once.
 */
export function achterstalligeBetalingen(overzicht: Overzicht): Achterstallig[] {
  return overzicht.financiele_zaken.flatMap((zaak) => {
    const elders = new Set(zaak.geind_namens.map((g) => g.verplichtingskenmerk));
    return zaak.zaak.betalingsverplichtingen
      .filter((b) => b.status === 'achterstallig' && !elders.has(b.verplichtingskenmerk))
      .map((b) => ({ zaak, omschrijving: b.omschrijving ?? b.type, vervaldatum: b.vervaldatum, openstaand: b.openstaand }));
  });
}

function tabel(titel: string, koppen: Array<[string, boolean?]>, rijen: string[][], voet?: string[]): string {
  const klasse = (i: number) => (koppen[i]![1] ? ' class="rechts"' : '');
  const rij = (cellen: string[], cel: 'td' | 'th') => `<tr>${cellen.map((c, i) => (cel === 'th' && i === 0 ? `<th scope="row"${klasse(i)}>${c}</th>` : `<td${klasse(i)}>${c}</td>`)).join('')}</tr>`;
  return `<table><caption>${esc(titel)}</caption><thead><tr>${koppen.map(([kop], i) => `<th scope="col"${klasse(i)}>${esc(kop)}</th>`).join('')}</tr></thead><tbody>${rijen
    .map((r) => rij(r, 'td'))
    .join('')}</tbody>${voet ? `<tfoot>${rij(voet, 'th')}</tfoot>` : ''}</table>`;
}

export function overzichtHtml(overzicht: Overzicht, resultaten: readonly OrganisatieResultaat[]): string {
  const { totalen } = overzicht;
  const achterstallig = achterstalligeBetalingen(overzicht);
  const totaalAchterstallig = achterstallig.reduce((som, a) => som + a.openstaand, 0);
  const delen: string[] = [];

  const niet = overzicht.organisaties.filter((o) => o.status !== 'ok');
  if (niet.length > 0) {
    delen.push(`<div class="melding fout" role="alert"><strong>Het overzicht is niet volledig.</strong> ${esc(niet.map((o) => o.naam).join(', '))} gaf geen (geldig) antwoord; de andere organisaties staan hieronder wel.</div>`);
  }

  delen.push(`<h2 id="totalen">Totaal over alle organisaties</h2>
<dl class="gegevens">
<dt>Opgelegd</dt><dd>${esc(formatEuro(totalen.totaal_financieel_verplicht))}</dd>
<dt>Betaald of kwijtgescholden</dt><dd>${esc(formatEuro(totalen.totaal_financieel_vereffend))}</dd>
<dt>Nog te betalen</dt><dd><strong>${esc(formatEuro(totalen.saldo))}</strong></dd>
<dt>Waarvan achterstallig</dt><dd>${esc(formatEuro(totaalAchterstallig))}</dd>
<dt>Aantal zaken</dt><dd>${totalen.aantal_zaken}</dd>
<dt>Opgesteld op</dt><dd>${esc(formatDatumTijd(overzicht.opgesteld_op))}</dd>
</dl>${totalen.aantal_dubbele_vorderingen > 0 ? `<p>${totalen.aantal_dubbele_vorderingen} vordering(en) werden door twee organisaties gemeld en tellen één keer mee.</p>` : ''}`);

  const perOrganisatie = overzicht.organisaties.map((o) => {
    const zaken = overzicht.financiele_zaken.filter((z) => z.oin === o.oin);
    const som = (veld: 'totaal_financieel_verplicht' | 'saldo') => zaken.reduce((s, z) => s + z.telt_mee[veld], 0);
    const open = achterstallig.filter((a) => a.zaak.oin === o.oin).reduce((s, a) => s + a.openstaand, 0);
    const bedrag = (waarde: number) => (o.status === 'ok' ? esc(formatEuro(waarde)) : '');
    return [
      esc(o.naam),
      o.status === 'ok' ? STATUS.ok : `<strong>${esc(STATUS[o.status])}</strong>: ${esc(o.reden ?? '')}`,
      o.gegevens_van ? esc(formatDatumTijd(o.gegevens_van)) : '',
      bedrag(som('totaal_financieel_verplicht')),
      bedrag(som('saldo')),
      bedrag(open),
    ];
  });
  delen.push(`<h2 id="per-organisatie">Per organisatie</h2>${tabel('Stand per organisatie', [['Organisatie'], ['Status'], ['Gegevens van'], ['Opgelegd', true], ['Nog te betalen', true], ['Achterstallig', true]], perOrganisatie)}`);

  delen.push('<h2 id="achterstallig">Achterstallige betalingen</h2>');
  delen.push(
    achterstallig.length === 0
      ? '<p>Geen achterstallige betalingen bij de organisaties die antwoordden.</p>'
      : tabel(
          'Betalingen waarvan de vervaldatum voorbij is',
          [['Organisatie'], ['Zaak'], ['Betaalverzoek'], ['Vervaldatum'], ['Open', true]],
          achterstallig.map((a) => [esc(a.zaak.organisatie), esc(a.zaak.zaak.omschrijving ?? a.zaak.zaak.zaakkenmerk), esc(a.omschrijving), esc(formatDatum(a.vervaldatum)), esc(formatEuro(a.openstaand))]),
          ['Totaal', '', '', '', esc(formatEuro(totaalAchterstallig))],
        ),
  );

  delen.push('<h2 id="zaken">Alle zaken</h2>');
  delen.push(
    overzicht.financiele_zaken.length === 0
      ? '<p>Geen financiële zaken gevonden bij de organisaties die antwoordden.</p>'
      : tabel(
          'Financiële zaken',
          [['Organisatie'], ['Zaak'], ['Opgelegd', true], ['Vereffend', true], ['Saldo', true], ['Opmerking']],
          overzicht.financiele_zaken.map((z) => [
            esc(z.organisatie),
            `${esc(z.zaak.omschrijving ?? z.zaak.zaakkenmerk)} <span class="kenmerk">(${esc(z.zaak.zaakkenmerk)})</span>`,
            esc(formatEuro(z.telt_mee.totaal_financieel_verplicht)),
            esc(formatEuro(z.telt_mee.totaal_financieel_vereffend)),
            esc(formatEuro(z.telt_mee.saldo)),
            z.geind_namens.length > 0 ? esc(`geïnd namens ${[...new Set(z.geind_namens.map((g) => g.namens.naam))].join(', ')} (telt daar mee)`) : '',
          ]),
          ['Totaal', `${totalen.aantal_zaken} zaken`, esc(formatEuro(totalen.totaal_financieel_verplicht)), esc(formatEuro(totalen.totaal_financieel_vereffend)), esc(formatEuro(totalen.saldo)), ''],
        ),
  );

  // Every verified document in full, as the organisation's own page shows it.
  const documenten = resultaten.flatMap((r) => (r.status === 'ok' ? r.documenten.map((d) => ({ r, d })) : []));
  if (documenten.length > 0) {
    delen.push('<h2 id="documenten">De gewaarmerkte documenten</h2><p>Elk document is gecontroleerd tegen de sleutels die het stelsel voor die organisatie noemt.</p>');
    for (const [i, { r, d }] of documenten.entries()) {
      const weergave = documentWeergave(d as CertifiedDocument);
      delen.push(`<details class="document-details"><summary>${esc(r.naam)}: ${esc(weergave.titel.toLowerCase())}</summary><div class="document-inhoud">${weergaveHtml({ ...weergave, titel: `${r.naam}: ${weergave.titel}` }, `document-${i + 1}`)}</div></details>`);
    }
  }
  return delen.join('\n');
}
