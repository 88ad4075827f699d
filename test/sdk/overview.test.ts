import t from 'tap';
import { formatDatum, formatDatumTijd, formatEuro, renderOverzicht } from '../../src/sdk/format.js';
import { claimBedragen, foldOverzicht, organisationCode, type OrganisatieResultaat } from '../../src/sdk/overview.js';
import type { FinancieleVerplichtingenDocument, FinancieleZaak } from '../../src/sdk/protocol.js';

const CAK = { oin: '00000099000000000005', naam: 'CAK (demo)' };
const CJIB = { oin: '00000099000000000007', naam: 'CJIB (demo)' };
const TILBURG = { oin: '00000099000000000001', naam: 'Gemeente Tilburg (demo)' };

function zaak(zaakkenmerk: string, claims: Array<{ kenmerk: string; beschikkingsnummer: string; type: string; bedrag: number; betaald?: number; kwijtgescholden?: number }>): FinancieleZaak {
  const verplicht = claims.reduce((s, c) => s + c.bedrag, 0);
  const betaald = claims.reduce((s, c) => s + (c.betaald ?? 0), 0);
  const kwijt = claims.reduce((s, c) => s + (c.kwijtgescholden ?? 0), 0);
  return {
    zaakkenmerk,
    totaal_financieel_verplicht: verplicht,
    totaal_betaald: betaald,
    totaal_kwijtgescholden: kwijt,
    totaal_financieel_vereffend: betaald + kwijt,
    saldo: verplicht - betaald - kwijt,
    saldo_datumtijd: '2026-11-28T11:00:00+01:00',
    financiele_verplichtingen: claims.map((c) => ({
      verplichtingskenmerk: c.kenmerk,
      beschikkingsnummer: c.beschikkingsnummer,
      type: c.type,
      primaire_verplichting: true,
      datumtijd_opgelegd: '2026-01-05T09:00:00+01:00',
      bedrag: c.bedrag,
      kwijtgescholden: c.kwijtgescholden ?? 0,
    })),
    betalingsverplichtingen: claims.map((c) => ({
      betalingskenmerk: `b-${c.kenmerk}`,
      verplichtingskenmerk: c.kenmerk,
      type: 'Aanschrijving',
      bedrag: c.bedrag,
      vervaldatum: '2026-02-01',
      betaald: c.betaald ?? 0,
      openstaand: c.bedrag - (c.betaald ?? 0),
      status: 'achterstallig',
    })),
    gebeurtenissen: [],
    contactopties: [],
  };
}

function resultaat(org: { oin: string; naam: string }, zaken: FinancieleZaak[], aangemaakt = '2026-11-28T11:00:00+01:00'): OrganisatieResultaat {
  const document: FinancieleVerplichtingenDocument = {
    documenttype: 'financiele-verplichtingen',
    documentversie: '4.1.0',
    uitgever: org,
    aangemaakt_op: aangemaakt,
    onderwerp: { bsn: '999993653' },
    gegevens: { saldo_datumtijd: aangemaakt, totaal_financieel_verplicht: 0, totaal_financieel_vereffend: 0, saldo: 0, financiele_zaken: zaken, contactopties: [] },
  };
  return { ...org, status: 'ok', duur_ms: 10, documenten: [document] };
}

const stelsel = (orgs: Array<{ oin: string; naam: string; code?: string }>) => ({ versie: 'sha256:x', uitgegeven_op: '2026-11-28T10:00:00Z', organisaties: orgs });

t.test('formatting: Dutch euro amounts and dates', async (t) => {
  t.equal(formatEuro(123456), '€ 1.234,56');
  t.equal(formatEuro(5), '€ 0,05');
  t.equal(formatEuro(0), '€ 0,00');
  t.equal(formatEuro(-1578), '€ -15,78');
  t.equal(formatEuro(123456789012), '€ 1.234.567.890,12');
  t.equal(formatDatum('2026-03-01'), '1 maart 2026');
  t.equal(formatDatum('2026-11-28T23:30:00Z'), '29 november 2026', 'a moment is shown as the Amsterdam date');
  t.equal(formatDatumTijd('2026-07-01T08:05:00Z'), '1 juli 2026 10:05', 'summer time');
});

t.test('the fold: statuses in scheme order, when each organisation\'s data is from, totals', async (t) => {
  const overzicht = foldOverzicht({
    bsn: '999993653',
    opgesteld_op: '2026-11-28T10:05:00Z',
    stelsel: stelsel([TILBURG, CAK, CJIB]),
    resultaten: [
      { ...CJIB, status: 'time-out', reden: 'Geen antwoord binnen 500 ms.', duur_ms: 500, documenten: [] },
      resultaat(CAK, [zaak('Z-CAK-1', [{ kenmerk: 'v1', beschikkingsnummer: 'B-1', type: 'cak_eigen_bijdrage', bedrag: 10000, betaald: 2500 }])], '2026-11-28T10:59:00+01:00'),
      resultaat(TILBURG, [zaak('Z-TLB-1', [{ kenmerk: 't1', beschikkingsnummer: 'AJ-1', type: 'tlb_parkeerbelasting', bedrag: 6500 }])]),
    ],
  });
  t.same(overzicht.organisaties.map((o) => [o.naam, o.status]), [[TILBURG.naam, 'ok'], [CAK.naam, 'ok'], [CJIB.naam, 'time-out']]);
  t.equal(overzicht.organisaties[1]!.gegevens_van, '2026-11-28T10:59:00+01:00');
  t.notOk('gegevens_van' in overzicht.organisaties[2]!, 'no time for an organisation that did not answer');
  t.same(overzicht.totalen, { totaal_financieel_verplicht: 16500, totaal_financieel_vereffend: 2500, saldo: 14000, aantal_zaken: 2, aantal_dubbele_vorderingen: 0 });
  const text = renderOverzicht(overzicht);
  t.match(text, /CAK \(demo\)\s+opgehaald\s+28 november 2026 10:59/);
  t.match(text, /CJIB \(demo\)\s+time-out\s+Geen antwoord binnen 500 ms\./);
  t.match(text, /Totaal\s+2 zaken\s+€ 165,00\s+€ 25,00\s+€ 140,00/);
  t.match(text, /CJIB \(demo\) gaf geen antwoord; het overzicht is niet volledig/);
});

t.test('deduplication: the same beschikkingsnummer and type at two organisations counts once, at the imposing one', async (t) => {
  const claim = { kenmerk: 'cak-v1', beschikkingsnummer: 'CAK-2026-1', type: 'cak_eigen_bijdrage', bedrag: 24000, betaald: 4000 };
  const input = {
    bsn: '999993653',
    opgesteld_op: '2026-11-28T10:05:00Z',
    resultaten: [
      // The collector lists first in the scheme, to prove the attribution does not follow the order.
      resultaat(CJIB, [zaak('CJIB-Z1', [{ ...claim, kenmerk: 'cjib-v9', betaald: 6000 }, { kenmerk: 'cjib-own', beschikkingsnummer: 'CJIB-77', type: 'cjib_verkeersboete', bedrag: 1000 }])]),
      resultaat(CAK, [zaak('CAK-Z1', [claim])]),
    ],
  };
  const overzicht = foldOverzicht({ ...input, stelsel: stelsel([CJIB, CAK]) });
  const cjib = overzicht.financiele_zaken.find((z) => z.oin === CJIB.oin)!;
  const cak = overzicht.financiele_zaken.find((z) => z.oin === CAK.oin)!;
  t.same(cjib.geind_namens, [{ verplichtingskenmerk: 'cjib-v9', beschikkingsnummer: 'CAK-2026-1', type: 'cak_eigen_bijdrage', namens: CAK }]);
  t.same(cak.geind_namens, [], 'the CAK\'s own copy counts');
  t.same(cjib.telt_mee, { totaal_financieel_verplicht: 1000, totaal_financieel_vereffend: 0, saldo: 1000 }, 'only the collector\'s own claim counts at the collector');
  t.same(overzicht.totalen, { totaal_financieel_verplicht: 25000, totaal_financieel_vereffend: 4000, saldo: 21000, aantal_zaken: 2, aantal_dubbele_vorderingen: 1 });
  t.equal(cjib.zaak.financiele_verplichtingen.length, 2, 'the collector\'s original zaak is kept whole');
  t.match(renderOverzicht(overzicht), /geïnd namens CAK \(demo\) \(telt daar mee\)/);

  const declared = foldOverzicht({ ...input, stelsel: stelsel([{ ...CJIB, code: 'cak' }, { ...CAK, code: 'xyz' }]) });
  t.equal(declared.financiele_zaken.find((z) => z.oin === CAK.oin)!.geind_namens.length, 1, 'a code declared in the scheme wins over the inferred one');

  const differentType = foldOverzicht({
    ...input,
    resultaten: [resultaat(CJIB, [zaak('CJIB-Z1', [{ ...claim, type: 'cak_bestuursrechtelijke_premie' }])]), resultaat(CAK, [zaak('CAK-Z1', [claim])])],
    stelsel: stelsel([CJIB, CAK]),
  });
  t.equal(differentType.totalen.aantal_dubbele_vorderingen, 0, 'the same beschikkingsnummer with another type is another claim');

  const noMatch = foldOverzicht({
    ...input,
    resultaten: [resultaat(TILBURG, [zaak('T', [{ ...claim, type: 'xyz_iets' }])]), resultaat(CJIB, [zaak('C', [{ ...claim, type: 'xyz_iets' }])])],
    stelsel: stelsel([TILBURG, CJIB]),
  });
  t.same(noMatch.financiele_zaken.map((z) => z.geind_namens.length), [0, 1], 'no prefix matches: the first in the scheme counts');

  const pureCollector = foldOverzicht({
    ...input,
    resultaten: [resultaat(CJIB, [zaak('C', [{ ...claim, kenmerk: 'c1' }])]), resultaat(CAK, [zaak('K', [claim, { kenmerk: 'k2', beschikkingsnummer: 'CAK-2', type: 'cak_eigen_bijdrage', bedrag: 100 }])])],
    stelsel: stelsel([CJIB, CAK]),
  });
  t.same(pureCollector.financiele_zaken.map((z) => z.geind_namens.length), [1, 0], 'a collector with no claims of its own: the organisation whose own claims carry the prefix counts');

  const failed = foldOverzicht({ ...input, resultaten: [input.resultaten[0]!, { ...CAK, status: 'mislukt', reden: 'x', duur_ms: 1, documenten: [] }], stelsel: stelsel([CJIB, CAK]) });
  t.equal(failed.totalen.aantal_dubbele_vorderingen, 0, 'when the imposing organisation did not answer, the collector\'s copy counts');
  t.equal(failed.totalen.saldo, 24000 - 6000 + 1000);
});

t.test('a claim\'s share of its zaak, and an organisation\'s inferred code', async (t) => {
  const z = zaak('Z', [{ kenmerk: 'a', beschikkingsnummer: 'B', type: 'cak_x', bedrag: 1000, betaald: 300, kwijtgescholden: 200 }, { kenmerk: 'b', beschikkingsnummer: 'C', type: 'cak_y', bedrag: 500 }]);
  t.same(claimBedragen(z, 'a'), { totaal_financieel_verplicht: 1000, totaal_financieel_vereffend: 500, saldo: 500 });
  t.same(claimBedragen(z, 'onbekend'), { totaal_financieel_verplicht: 0, totaal_financieel_vereffend: 0, saldo: 0 });
  t.equal(organisationCode([z]), 'cak');
  t.equal(organisationCode([z], (key) => key.startsWith('C')), 'cak');
  t.equal(organisationCode([z], () => false), undefined);
  t.equal(organisationCode([]), undefined);
});
