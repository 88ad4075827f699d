import t from 'tap';
import { FcidInconsistencyError, foldFinancieleVerplichtingen, type ZaakInvoer } from '../../src/fcid/index.js';
import { contract, schemaErrors } from '../helpers/contract.js';
import {
  basis,
  betaling,
  betalingsverplichting,
  betalingsverplichtingIngetrokken,
  ingetrokken,
  kwijtschelding,
  LATER,
  opgelegd,
  ZAAK,
  type Gebeurtenis,
} from '../helpers/fcid-builders.js';

function fold(gebeurtenissen: Gebeurtenis[], peilmoment: Date = LATER, zaken: ZaakInvoer[] = []) {
  const document = foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: [], peilmoment });
  // Every document any test makes must also be valid against the contract.
  const errors = schemaErrors('FinancieleVerplichtingen', document);
  if (errors.length > 0) throw new Error(`not valid against FinancieleVerplichtingen: ${errors.join('; ')}`);
  return document;
}

function zaakOf(gebeurtenissen: Gebeurtenis[], peilmoment: Date = LATER) {
  const document = fold(gebeurtenissen, peilmoment);
  const zaak = document.financiele_zaken.find((z) => z.zaakkenmerk === ZAAK);
  if (!zaak) throw new Error('zaak missing');
  return zaak;
}

function totals(z: ReturnType<typeof zaakOf>) {
  return {
    verplicht: z.totaal_financieel_verplicht,
    betaald: z.totaal_betaald,
    kwijtgescholden: z.totaal_kwijtgescholden,
    vereffend: z.totaal_financieel_vereffend,
    saldo: z.saldo,
  };
}

const kenmerken = (z: ReturnType<typeof zaakOf>) => z.gebeurtenissen.map((e) => e.gebeurtenis_kenmerk);

t.test('the basic ledger: obligation, payment obligation, partial payment', async (t) => {
  const z = zaakOf(basis());
  t.strictSame(totals(z), { verplicht: 10000, betaald: 3000, kwijtgescholden: 0, vereffend: 3000, saldo: 7000 });
  t.strictSame(z.financiele_verplichtingen, [
    {
      verplichtingskenmerk: 'V1',
      beschikkingsnummer: 'B-V1',
      type: 'gem_belasting',
      primaire_verplichting: true,
      datumtijd_opgelegd: '2026-01-10T09:00:00+01:00',
      bedrag: 10000,
      kwijtgescholden: 0,
    },
  ]);
  t.strictSame(z.betalingsverplichtingen, [
    {
      betalingskenmerk: 'B1',
      verplichtingskenmerk: 'V1',
      type: 'Aanschrijving',
      bedrag: 10000,
      vervaldatum: '2026-02-28',
      betaald: 3000,
      openstaand: 7000,
      status: 'achterstallig',
    },
  ]);
  t.equal(z.saldo_datumtijd, '2026-03-10T13:00:00+01:00');
  t.strictSame(z.contactopties, []);
  t.notOk('omschrijving' in z, 'no omschrijving when the zaak has none');
});

t.test('optional fields are copied only when present', async (t) => {
  const z = zaakOf([
    opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 10000, { categorie: 'RENTE', omschrijving: 'Rente 2025' }),
    opgelegd('E2', '2026-01-10T09:00:00+01:00', 'V2', 500),
    betalingsverplichting('E3', '2026-01-10T09:00:00+01:00', 'B1', 'V1', 10000, '2026-12-31', { omschrijving: 'Termijn 1' }),
  ]);
  const [v1, v2] = z.financiele_verplichtingen;
  t.equal(v1?.categorie, 'RENTE');
  t.equal(v1?.omschrijving, 'Rente 2025');
  t.notOk(v2 && 'categorie' in v2);
  t.notOk(v2 && 'omschrijving' in v2);
  t.equal(z.betalingsverplichtingen[0]?.omschrijving, 'Termijn 1');
});

t.test('peilmoment: events after it are left out entirely, compared as instants', async (t) => {
  const peilmoment = new Date('2026-03-01T12:00:00Z');
  const events = [
    ...basis(),
    // 13:00+01:00 is exactly 12:00Z: counts (<=).
    betaling('P-AT', '2026-03-01T13:00:00+01:00', 'B1', 1000),
    // One second later: not yet.
    betaling('P-AFTER', '2026-03-01T13:00:01+01:00', 'B1', 2000),
    // Reads as "11:30", earlier than "12:00" as text, but is 12:30Z.
    betaling('P-WEST', '2026-03-01T11:30:00-01:00', 'B1', 4000),
  ];
  const z = zaakOf(events, peilmoment);
  t.equal(z.totaal_betaald, 4000);
  t.strictSame(kenmerken(z), ['E1', 'E2', 'E3', 'P-AT']);

  // A withdrawal after the peilmoment does not apply yet.
  const z2 = zaakOf([...basis(), ingetrokken('W', '2026-03-02T00:00:00+01:00', 'E3')], peilmoment);
  t.equal(z2.totaal_betaald, 3000);
  t.strictSame(kenmerken(z2), ['E1', 'E2', 'E3']);

  // A zaak whose events all lie after the peilmoment is not in the document.
  const doc = fold(
    [...basis(), opgelegd('X1', '2026-04-01T09:00:00+02:00', 'VX', 100, { zaakkenmerk: 'Z-LATER' })],
    peilmoment,
    [{ zaakkenmerk: 'Z-LATER', contactopties: [] }],
  );
  t.strictSame(doc.financiele_zaken.map((z) => z.zaakkenmerk), [ZAAK]);
});

t.test('corrections', async (t) => {
  t.test('a correction replaces the event it corrects', async (t) => {
    const z = zaakOf([...basis(), opgelegd('C1', '2026-01-20T09:00:00+01:00', 'V1', 8000, { corrigeert_gebeurtenis_kenmerk: 'E1' })]);
    t.strictSame(totals(z), { verplicht: 8000, betaald: 3000, kwijtgescholden: 0, vereffend: 3000, saldo: 5000 });
    t.equal(z.financiele_verplichtingen.length, 1);
    t.equal(z.financiele_verplichtingen[0]?.bedrag, 8000);
    t.strictSame(kenmerken(z), ['E1', 'E2', 'C1', 'E3'], 'both the original and the correction stay in the raw list');
  });

  t.test('a correction of a correction works; the end of the chain counts', async (t) => {
    const z = zaakOf([
      ...basis(),
      opgelegd('C1', '2026-01-20T09:00:00+01:00', 'V1', 8000, { corrigeert_gebeurtenis_kenmerk: 'E1' }),
      opgelegd('C2', '2026-01-25T09:00:00+01:00', 'V1', 7000, { corrigeert_gebeurtenis_kenmerk: 'C1' }),
    ]);
    t.equal(z.totaal_financieel_verplicht, 7000);
    t.equal(z.saldo, 4000);
  });

  t.test('two corrections of the same event: the newest wins', async (t) => {
    const z = zaakOf([
      ...basis(),
      betaling('C-NEW', '2026-02-10T09:00:00+01:00', 'B1', 2500, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
      betaling('C-OLD', '2026-02-05T09:00:00+01:00', 'B1', 2000, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
    ]);
    t.equal(z.totaal_betaald, 2500);
    t.equal(z.betalingsverplichtingen[0]?.betaald, 2500);
  });

  t.test('a correction that points at an unknown kenmerk is ignored for totals but kept', async (t) => {
    const z = zaakOf([...basis(), betaling('C-X', '2026-02-10T09:00:00+01:00', 'B1', 9999, { corrigeert_gebeurtenis_kenmerk: 'NOPE' })]);
    t.equal(z.totaal_betaald, 3000);
    t.ok(kenmerken(z).includes('C-X'));
  });

  t.test('a correction of another type is not a correction', async (t) => {
    const z = zaakOf([...basis(), betaling('C-X', '2026-02-10T09:00:00+01:00', 'B1', 9999, { corrigeert_gebeurtenis_kenmerk: 'E1' })]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 3000, kwijtgescholden: 0, vereffend: 3000, saldo: 7000 });
  });

  t.test('a correction may move an event to another zaak', async (t) => {
    const doc = fold([...basis(), betaling('C1', '2026-02-10T09:00:00+01:00', 'B9', 3000, { corrigeert_gebeurtenis_kenmerk: 'E3', zaakkenmerk: 'Z-OTHER' })]);
    const [first, second] = doc.financiele_zaken;
    t.equal(first?.zaakkenmerk, ZAAK);
    t.equal(first?.totaal_betaald, 0);
    t.equal(second?.zaakkenmerk, 'Z-OTHER');
    t.equal(second?.totaal_betaald, 3000);
    t.strictSame(second?.gebeurtenissen.map((e) => e.gebeurtenis_kenmerk), ['C1']);
    t.equal(doc.totaal_financieel_vereffend, 3000);
  });
});

t.test('withdrawals (GebeurtenisIngetrokken)', async (t) => {
  t.test('of a payment', async (t) => {
    const z = zaakOf([...basis(), ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'E3')]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 0, kwijtgescholden: 0, vereffend: 0, saldo: 10000 });
    t.equal(z.betalingsverplichtingen[0]?.openstaand, 10000);
    t.strictSame(kenmerken(z), ['E1', 'E2', 'E3', 'W1']);
  });

  t.test('of an obligation: it and its payment obligations disappear; the payment still counts', async (t) => {
    const z = zaakOf([...basis(), ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'E1')]);
    t.strictSame(z.financiele_verplichtingen, []);
    t.strictSame(z.betalingsverplichtingen, []);
    t.strictSame(totals(z), { verplicht: 0, betaald: 3000, kwijtgescholden: 0, vereffend: 3000, saldo: -3000 });
  });

  t.test('of a corrected event: the corrections go with it', async (t) => {
    const z = zaakOf([
      ...basis(),
      betaling('C1', '2026-02-10T09:00:00+01:00', 'B1', 2500, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
      ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'E3'),
    ]);
    t.equal(z.totaal_betaald, 0);
  });

  t.test('of a correction: the original counts again', async (t) => {
    const z = zaakOf([
      ...basis(),
      betaling('C1', '2026-02-10T09:00:00+01:00', 'B1', 2500, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
      ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'C1'),
    ]);
    t.equal(z.totaal_betaald, 3000);
  });

  t.test('of a withdrawal: the withdrawn event counts again', async (t) => {
    const z = zaakOf([
      ...basis(),
      ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'E3'),
      ingetrokken('W2', '2026-02-16T09:00:00+01:00', 'W1'),
    ]);
    t.equal(z.totaal_betaald, 3000);
  });

  t.test('a corrected withdrawal withdraws what its newest version names', async (t) => {
    const z = zaakOf([
      ...basis(),
      betaling('E4', '2026-02-02T10:00:00+01:00', 'B1', 1000),
      ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'E3'),
      ingetrokken('W1C', '2026-02-16T09:00:00+01:00', 'E4', { corrigeert_gebeurtenis_kenmerk: 'W1' }),
    ]);
    t.equal(z.totaal_betaald, 3000, 'E3 counts again, E4 is withdrawn');
  });

  t.test('of an unknown kenmerk: ignored for totals, kept in the list', async (t) => {
    const z = zaakOf([...basis(), ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'NOPE')]);
    t.equal(z.saldo, 7000);
    t.ok(kenmerken(z).includes('W1'));
  });
});

t.test('BetalingsverplichtingIngetrokken removes the payment obligation, not the payment', async (t) => {
  const z = zaakOf([
    ...basis(),
    betalingsverplichting('E4', '2026-01-10T09:00:00+01:00', 'B2', 'V1', 5000, '2026-12-31'),
    betalingsverplichtingIngetrokken('E5', '2026-02-20T09:00:00+01:00', 'B1'),
    betalingsverplichtingIngetrokken('E6', '2026-02-20T09:00:00+01:00', 'B-UNKNOWN'),
  ]);
  t.strictSame(z.betalingsverplichtingen.map((b) => b.betalingskenmerk), ['B2']);
  t.strictSame(totals(z), { verplicht: 10000, betaald: 3000, kwijtgescholden: 0, vereffend: 3000, saldo: 7000 });

  // A withdrawn BetalingsverplichtingIngetrokken no longer withdraws.
  const z2 = zaakOf([
    ...basis(),
    betalingsverplichtingIngetrokken('E5', '2026-02-20T09:00:00+01:00', 'B1'),
    ingetrokken('W', '2026-02-21T09:00:00+01:00', 'E5'),
  ]);
  t.strictSame(z2.betalingsverplichtingen.map((b) => b.betalingskenmerk), ['B1']);
});

t.test('forgiveness (FinancieleVerplichtingKwijtgescholden)', async (t) => {
  const at = '2026-02-20T09:00:00+01:00';

  t.test('full: the whole remainder, whatever bedrag_kwijtgescholden says', async (t) => {
    const z = zaakOf([...basis(), kwijtschelding('K1', at, 'V1', 0, true)]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 3000, kwijtgescholden: 7000, vereffend: 10000, saldo: 0 });
    t.equal(z.financiele_verplichtingen[0]?.kwijtgescholden, 7000);
    const z2 = zaakOf([...basis(), kwijtschelding('K1', at, 'V1', 99999, true)]);
    t.equal(z2.totaal_kwijtgescholden, 7000);
  });

  t.test('partial', async (t) => {
    const z = zaakOf([...basis(), kwijtschelding('K1', at, 'V1', 2000, false)]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 3000, kwijtgescholden: 2000, vereffend: 5000, saldo: 5000 });
  });

  t.test('partial, capped at what remains', async (t) => {
    const z = zaakOf([...basis(), kwijtschelding('K1', at, 'V1', 9000, false)]);
    t.equal(z.totaal_kwijtgescholden, 7000);
    t.equal(z.saldo, 0);
    const z2 = zaakOf([
      ...basis(),
      kwijtschelding('K1', at, 'V1', 5000, false),
      kwijtschelding('K2', '2026-02-21T09:00:00+01:00', 'V1', 5000, false),
    ]);
    t.equal(z2.financiele_verplichtingen[0]?.kwijtgescholden, 7000, '5000 + the 2000 that remained');
  });

  t.test('partial, then full', async (t) => {
    const z = zaakOf([
      ...basis(),
      kwijtschelding('K1', at, 'V1', 2000, false),
      kwijtschelding('K2', '2026-02-21T09:00:00+01:00', 'V1', 0, true),
    ]);
    t.equal(z.totaal_kwijtgescholden, 7000);
    t.equal(z.saldo, 0);
  });

  t.test('payments received after forgiveness are an overpayment, not less forgiveness', async (t) => {
    const z = zaakOf([
      ...basis(),
      kwijtschelding('K1', at, 'V1', 0, true),
      betaling('P2', '2026-02-25T09:00:00+01:00', 'B1', 1000),
    ]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 4000, kwijtgescholden: 7000, vereffend: 11000, saldo: -1000 });
  });

  t.test('a corrected payment keeps its original moment', async (t) => {
    // The payment came in on 2026-02-01, before the forgiveness; its amount was fixed
    // afterwards. It was paid before the forgiveness, so the forgiveness covers the rest.
    const z = zaakOf([
      ...basis(),
      kwijtschelding('K1', at, 'V1', 0, true),
      betaling('C3', '2026-02-25T09:00:00+01:00', 'B1', 4000, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
    ]);
    t.strictSame(totals(z), { verplicht: 10000, betaald: 4000, kwijtgescholden: 6000, vereffend: 10000, saldo: 0 });
  });

  t.test('of an unknown or withdrawn obligation: nothing', async (t) => {
    const z = zaakOf([...basis(), kwijtschelding('K1', at, 'V-NOPE', 5000, false)]);
    t.equal(z.totaal_kwijtgescholden, 0);
    const z2 = zaakOf([...basis(), kwijtschelding('K1', at, 'V1', 5000, false), ingetrokken('W', at, 'K1')]);
    t.equal(z2.totaal_kwijtgescholden, 0);
  });

  t.test('on an obligation without payment obligations', async (t) => {
    const z = zaakOf([opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 500), kwijtschelding('K1', at, 'V1', 0, true)]);
    t.strictSame(totals(z), { verplicht: 500, betaald: 0, kwijtgescholden: 500, vereffend: 500, saldo: 0 });
  });
});

t.test('overpayment: capped per payment obligation, visible in the saldo', async (t) => {
  const z = zaakOf([...basis(), betaling('P2', '2026-02-10T09:00:00+01:00', 'B1', 9000)]);
  t.strictSame(totals(z), { verplicht: 10000, betaald: 12000, kwijtgescholden: 0, vereffend: 12000, saldo: -2000 });
  t.strictSame(
    { betaald: z.betalingsverplichtingen[0]?.betaald, openstaand: z.betalingsverplichtingen[0]?.openstaand, status: z.betalingsverplichtingen[0]?.status },
    { betaald: 10000, openstaand: 0, status: 'voldaan' },
  );
  // A payment on a betalingskenmerk nobody knows still counts for the zaak.
  const z2 = zaakOf([...basis(), betaling('P2', '2026-02-10T09:00:00+01:00', 'B-UNKNOWN', 500)]);
  t.equal(z2.totaal_betaald, 3500);
  t.equal(z2.betalingsverplichtingen[0]?.betaald, 3000);
});

t.test('status: open, achterstallig, voldaan around the peilmoment', async (t) => {
  const status = (events: Gebeurtenis[], peilmoment: string) =>
    zaakOf(events, new Date(peilmoment)).betalingsverplichtingen.map((b) => b.status);
  // Due 2026-02-28: the whole day counts, Amsterdam time.
  t.strictSame(status(basis(), '2026-02-28T23:59:59+01:00'), ['open']);
  t.strictSame(status(basis(), '2026-02-28T23:59:59.999+01:00'), ['open'], 'the last millisecond of the due day');
  t.strictSame(status(basis(), '2026-03-01T00:00:00+01:00'), ['achterstallig']);
  t.strictSame(status(basis(), '2026-02-28T23:30:00Z'), ['achterstallig'], '23:30Z is already 1 March in Amsterdam');
  const paid = [...basis(), betaling('P2', '2026-02-10T09:00:00+01:00', 'B1', 7000)];
  t.strictSame(status(paid, '2026-02-20T00:00:00+01:00'), ['voldaan']);
  t.strictSame(status(paid, '2027-01-01T00:00:00+01:00'), ['voldaan']);

  // On the day the clocks go back (25 hours), the due day ends at 23:59:59.999+01:00.
  const dst = [
    opgelegd('E1', '2026-10-01T09:00:00+02:00', 'V1', 100),
    betalingsverplichting('E2', '2026-10-01T09:00:00+02:00', 'B1', 'V1', 100, '2026-10-25'),
  ];
  t.strictSame(status(dst, '2026-10-25T23:30:00+01:00'), ['open']);
  t.strictSame(status(dst, '2026-10-26T00:00:00+01:00'), ['achterstallig']);
  // And on the day they go forward (23 hours), at 23:59:59.999+02:00.
  const dst2 = [
    opgelegd('E1', '2026-03-01T09:00:00+01:00', 'V1', 100),
    betalingsverplichting('E2', '2026-03-01T09:00:00+01:00', 'B1', 'V1', 100, '2026-03-29'),
  ];
  t.strictSame(status(dst2, '2026-03-29T21:59:59Z'), ['open']);
  t.strictSame(status(dst2, '2026-03-29T22:00:00Z'), ['achterstallig']);
});

t.test('empty input: a signed "no debts" document', async (t) => {
  const contactopties = [{ contactvorm: 'telefoon' as const, waarde: '14 013' }];
  const doc = foldFinancieleVerplichtingen({
    gebeurtenissen: [],
    zaken: [{ zaakkenmerk: 'Z-EMPTY', omschrijving: 'Nog niets', contactopties: [] }],
    contactopties,
    peilmoment: new Date('2026-07-01T10:00:00Z'),
  });
  t.strictSame(doc, {
    saldo_datumtijd: '2026-07-01T12:00:00+02:00',
    totaal_financieel_verplicht: 0,
    totaal_financieel_vereffend: 0,
    saldo: 0,
    financiele_zaken: [],
    contactopties,
  });
  t.not(doc.contactopties[0], contactopties[0], 'a copy, not the caller\'s object');
  t.strictSame(schemaErrors('FinancieleVerplichtingen', doc), []);
});

t.test('zaken: union of the list and the events, ordered by first event, with their details', async (t) => {
  const other = (e: Gebeurtenis, zaakkenmerk: string): Gebeurtenis => ({ ...e, zaakkenmerk });
  const events = [
    ...basis(),
    other(opgelegd('A1', '2026-01-05T09:00:00+01:00', 'VA', 2000), 'Z-A'),
    other(opgelegd('B1x', '2026-01-10T09:00:00+01:00', 'VB', 300), 'Z-B'),
  ];
  const zaken: ZaakInvoer[] = [
    { zaakkenmerk: ZAAK, omschrijving: 'Gemeentelijke belastingen 2026', contactopties: [{ contactvorm: 'website', waarde: 'https://example.org/betalen' }] },
    { zaakkenmerk: 'Z-NO-EVENTS', contactopties: [] },
  ];
  const doc = fold(events, LATER, zaken);
  // Z-A first (5 Jan); Z-2026-1 and Z-B both start 10 Jan 09:00: by zaakkenmerk.
  t.strictSame(doc.financiele_zaken.map((z) => z.zaakkenmerk), ['Z-A', 'Z-2026-1', 'Z-B']);
  const main = doc.financiele_zaken[1];
  t.equal(main?.omschrijving, 'Gemeentelijke belastingen 2026');
  t.strictSame(main?.contactopties, [{ contactvorm: 'website', waarde: 'https://example.org/betalen' }]);
  t.strictSame(doc.financiele_zaken[0]?.contactopties, []);
  t.strictSame(
    { verplicht: doc.totaal_financieel_verplicht, vereffend: doc.totaal_financieel_vereffend, saldo: doc.saldo },
    { verplicht: 12300, vereffend: 3000, saldo: 9300 },
  );
});

t.test('raw events are ordered by moment (as instants), then kenmerk', async (t) => {
  const z = zaakOf([
    betaling('P-B', '2026-02-01T10:00:00+01:00', 'B1', 1),
    betaling('P-A', '2026-02-01T09:00:00Z', 'B1', 1), // same instant as P-B
    betaling('P-C', '2026-02-01T09:30:00+01:00', 'B1', 1), // 08:30Z: first
  ]);
  t.strictSame(kenmerken(z), ['P-C', 'P-A', 'P-B']);
});

t.test('determinism: the same events in any order give the same document', async (t) => {
  const events: Gebeurtenis[] = [
    ...basis(),
    betalingsverplichting('E4', '2026-01-10T09:00:00+01:00', 'B2', 'V1', 5000, '2026-12-31'),
    betaling('E5', '2026-02-01T10:00:00+01:00', 'B2', 100),
    betaling('C1', '2026-02-05T09:00:00+01:00', 'B1', 2000, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
    betaling('C2', '2026-02-05T09:00:00+01:00', 'B1', 2100, { corrigeert_gebeurtenis_kenmerk: 'E3' }),
    kwijtschelding('K1', '2026-02-01T10:00:00+01:00', 'V1', 1000, false),
    kwijtschelding('K2', '2026-02-01T10:00:00+01:00', 'V1', 0, true),
    ingetrokken('W1', '2026-02-06T09:00:00+01:00', 'E5'),
    { ...opgelegd('X1', '2026-01-10T09:00:00+01:00', 'VX', 700), zaakkenmerk: 'Z-0' },
  ];
  const zaken: ZaakInvoer[] = [
    { zaakkenmerk: ZAAK, contactopties: [] },
    { zaakkenmerk: 'Z-0', omschrijving: 'Andere zaak', contactopties: [] },
  ];
  const reference = fold(events, LATER, zaken);
  // Seeded shuffle (mulberry32), so a failure can be reproduced.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const shuffle = <T>(list: T[]): T[] => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  t.strictSame(fold([...events].reverse(), LATER, [...zaken].reverse()), reference);
  for (let i = 0; i < 20; i++) t.strictSame(fold(shuffle(events), LATER, shuffle(zaken)), reference);
  // The simultaneous corrections C1/C2 are decided by kenmerk (C2), the simultaneous
  // forgiveness by kenmerk too (K1 first: 1000, then K2 the rest).
  const z = reference.financiele_zaken.find((x) => x.zaakkenmerk === ZAAK);
  t.equal(z?.totaal_betaald, 2100);
  t.equal(z?.totaal_kwijtgescholden, 7900);
  t.equal(z?.saldo, 0);
});

t.test('the contract example is what the fold produces from its own events', async (t) => {
  const example = (contract.document as unknown as {
    components: { examples: Record<string, { value: { gegevens: ReturnType<typeof fold> } }> };
  }).components.examples.FinancieleVerplichtingenDocument?.value.gegevens;
  if (!example) return t.fail('contract example FinancieleVerplichtingenDocument missing');
  const zaken: ZaakInvoer[] = example.financiele_zaken.map((z) => ({
    zaakkenmerk: z.zaakkenmerk,
    ...(z.omschrijving !== undefined ? { omschrijving: z.omschrijving } : {}),
    contactopties: z.contactopties,
  }));
  const gebeurtenissen = example.financiele_zaken.flatMap((z) => z.gebeurtenissen);
  const doc = foldFinancieleVerplichtingen({
    gebeurtenissen,
    zaken,
    contactopties: example.contactopties,
    peilmoment: new Date(example.saldo_datumtijd),
  });
  t.strictSame(doc, example);
});

t.test('impossible input is refused with FcidInconsistencyError', async (t) => {
  const refuses = (events: Gebeurtenis[], pattern: RegExp, name: string, zaken: ZaakInvoer[] = []) => {
    let caught: unknown;
    try {
      foldFinancieleVerplichtingen({ gebeurtenissen: events, zaken, contactopties: [], peilmoment: LATER });
    } catch (err) {
      caught = err;
    }
    t.ok(caught instanceof FcidInconsistencyError, `${name}: throws FcidInconsistencyError`);
    t.match(caught, { name: 'FcidInconsistencyError', message: pattern }, name);
  };
  refuses([opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 10.5)], /bedrag is not a whole number/, 'non-integer amount');
  refuses([opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', -1)], /bedrag is negative/, 'negative bedrag');
  refuses([opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 2 ** 53)], /whole number/, 'unsafe integer');
  refuses([betaling('E1', '2026-01-10T09:00:00+01:00', 'B1', Number.NaN)], /whole number/, 'NaN payment');
  refuses([kwijtschelding('E1', '2026-01-10T09:00:00+01:00', 'V1', -5, false)], /bedrag_kwijtgescholden is negative/, 'negative forgiveness');
  refuses([...basis(), betaling('E3', '2026-02-02T10:00:00+01:00', 'B1', 1)], /duplicate gebeurtenis_kenmerk/, 'duplicate kenmerk');
  refuses(
    [...basis(), betaling('E3', '2027-02-02T10:00:00+01:00', 'B1', 1)],
    /duplicate gebeurtenis_kenmerk/,
    'duplicate kenmerk, even after the peilmoment',
  );
  refuses([betaling('E1', '2026-01-10T09:00:00', 'B1', 1)], /datumtijd_gebeurtenis is not an RFC 3339/, 'timestamp without offset');
  refuses(
    [betalingsverplichting('E1', '2026-01-10T09:00:00+01:00', 'B1', 'V1', 1, '2026-02-30')],
    /vervaldatum is not a calendar date/,
    'impossible vervaldatum',
  );
  refuses(
    [opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 1), opgelegd('E2', '2026-01-11T09:00:00+01:00', 'V1', 2)],
    /imposed twice/,
    'same verplichtingskenmerk imposed twice',
  );
  refuses(
    [opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 1, { corrigeert_gebeurtenis_kenmerk: 'E1' })],
    /correct each other in a circle/,
    'an event correcting itself',
  );
  refuses(
    [
      ...basis(),
      ingetrokken('W1', '2026-02-15T09:00:00+01:00', 'W2'),
      ingetrokken('W2', '2026-02-15T09:00:00+01:00', 'W1'),
    ],
    /withdraw each other in a circle/,
    'withdrawals withdrawing each other',
  );
  refuses(
    [{ ...opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 1), gebeurtenis_type: 'RenteBerekend' } as unknown as Gebeurtenis],
    /unknown gebeurtenis_type/,
    'unknown event type',
  );
  refuses(basis(), /zaak listed twice/, 'duplicate zaak', [
    { zaakkenmerk: ZAAK, contactopties: [] },
    { zaakkenmerk: ZAAK, contactopties: [] },
  ]);
  t.throws(
    () => foldFinancieleVerplichtingen({ gebeurtenissen: [], zaken: [], contactopties: [], peilmoment: new Date(Number.NaN) }),
    RangeError,
  );
});
