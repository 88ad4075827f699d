import type { components } from '../../src/generated/api.js';

// Small builders for hand-made FCID event lists. Every event gets an explicit kenmerk and
// time so each test reads as a ledger; `extra` overrides or adds fields.

type S = components['schemas'];
export type Gebeurtenis = S['Gebeurtenis'];

export const ZAAK = 'Z-2026-1';
export const BSN = '999993653';

export function opgelegd(
  kenmerk: string,
  datumtijd: string,
  verplichtingskenmerk: string,
  bedrag: number,
  extra: Partial<S['FinancieleVerplichtingOpgelegd']> = {},
): S['FinancieleVerplichtingOpgelegd'] {
  return {
    gebeurtenis_type: 'FinancieleVerplichtingOpgelegd',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    verplichtingskenmerk,
    datumtijd_opgelegd: datumtijd,
    beschikkingsnummer: `B-${verplichtingskenmerk}`,
    bsn: BSN,
    primaire_verplichting: true,
    type: 'gem_belasting',
    bedrag,
    ...extra,
  };
}

export function kwijtschelding(
  kenmerk: string,
  datumtijd: string,
  verplichtingskenmerk: string,
  bedrag_kwijtgescholden: number,
  volledig: boolean,
  extra: Partial<S['FinancieleVerplichtingKwijtgescholden']> = {},
): S['FinancieleVerplichtingKwijtgescholden'] {
  return {
    gebeurtenis_type: 'FinancieleVerplichtingKwijtgescholden',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    verplichtingskenmerk,
    bedrag_kwijtgescholden,
    volledig,
    ...extra,
  };
}

export function betalingsverplichting(
  kenmerk: string,
  datumtijd: string,
  betalingskenmerk: string,
  verplichtingskenmerk: string,
  bedrag: number,
  vervaldatum: string,
  extra: Partial<S['BetalingsverplichtingOpgelegd']> = {},
): S['BetalingsverplichtingOpgelegd'] {
  return {
    gebeurtenis_type: 'BetalingsverplichtingOpgelegd',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    betalingskenmerk,
    verplichtingskenmerk,
    type: 'Aanschrijving',
    bedrag,
    vervaldatum,
    ...extra,
  };
}

export function betalingsverplichtingIngetrokken(
  kenmerk: string,
  datumtijd: string,
  betalingskenmerk: string,
  extra: Partial<S['BetalingsverplichtingIngetrokken']> = {},
): S['BetalingsverplichtingIngetrokken'] {
  return {
    gebeurtenis_type: 'BetalingsverplichtingIngetrokken',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    betalingskenmerk,
    ...extra,
  };
}

export function betaling(
  kenmerk: string,
  datumtijd: string,
  betalingskenmerk: string,
  bedrag: number,
  extra: Partial<S['BetalingVerwerkt']> = {},
): S['BetalingVerwerkt'] {
  return {
    gebeurtenis_type: 'BetalingVerwerkt',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    betalingskenmerk,
    datumtijd_ontvangen: datumtijd,
    bedrag,
    ...extra,
  };
}

export function ingetrokken(
  kenmerk: string,
  datumtijd: string,
  ingetrokken_gebeurtenis_kenmerk: string,
  extra: Partial<S['GebeurtenisIngetrokken']> = {},
): S['GebeurtenisIngetrokken'] {
  return {
    gebeurtenis_type: 'GebeurtenisIngetrokken',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: datumtijd,
    zaakkenmerk: ZAAK,
    ingetrokken_gebeurtenis_kenmerk,
    ...extra,
  };
}

/**
 * The ledger most tests start from: obligation V1 of EUR 100.00 with one payment obligation
 * B1 (due 2026-02-28) and a payment of EUR 30.00 on it.
 */
export function basis(): Gebeurtenis[] {
  return [
    opgelegd('E1', '2026-01-10T09:00:00+01:00', 'V1', 10000),
    betalingsverplichting('E2', '2026-01-10T09:00:00+01:00', 'B1', 'V1', 10000, '2026-02-28'),
    betaling('E3', '2026-02-01T10:00:00+01:00', 'B1', 3000),
  ];
}

/** A peilmoment well after everything in basis(), with B1 overdue. */
export const LATER = new Date('2026-03-10T12:00:00Z');
