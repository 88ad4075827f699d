/**
 * Demo financiële zaken with their FCID events, written in the contract's own shape (so
 * what the repository returns can be compared with what was seeded). Fixed timestamps with
 * the real Europe/Amsterdam offsets (+01:00 in winter, +02:00 in summer), a few bank
 * batches in UTC (`Z`) and one with fractional seconds: the documents must reproduce each
 * string exactly. The demo's "today" is 2026-11-28: vervaldatums before it are overdue.
 */
import type { components } from '../../generated/api.js';
import type { Contactoptie } from '../organisations.js';
import { OIN } from './organisations.js';

type Schemas = components['schemas'];
type Gebeurtenis = Schemas['Gebeurtenis'];
type WithoutZaak<T> = T extends unknown ? Omit<T, 'zaakkenmerk' | 'bsn'> : never;
type Event = WithoutZaak<Gebeurtenis>;

export interface DemoZaak {
  oin: string;
  bsn: string;
  zaakkenmerk: string;
  omschrijving?: string;
  contactopties: Contactoptie[];
  gebeurtenissen: Gebeurtenis[];
}

// --- event builders ----------------------------------------------------------------------

const corrects = (kenmerk?: string) => (kenmerk === undefined ? {} : { corrigeert_gebeurtenis_kenmerk: kenmerk });

function opgelegd(
  kenmerk: string,
  at: string,
  v: {
    verplichtingskenmerk: string;
    beschikkingsnummer: string;
    type: string;
    bedrag: number;
    categorie?: Schemas['Verplichtingscategorie'];
    omschrijving?: string;
    primair?: boolean;
    opgelegd?: string;
    corrigeert?: string;
  },
): Event {
  return {
    gebeurtenis_type: 'FinancieleVerplichtingOpgelegd',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    ...corrects(v.corrigeert),
    verplichtingskenmerk: v.verplichtingskenmerk,
    datumtijd_opgelegd: v.opgelegd ?? at,
    beschikkingsnummer: v.beschikkingsnummer,
    primaire_verplichting: v.primair ?? true,
    type: v.type,
    ...(v.categorie === undefined ? {} : { categorie: v.categorie }),
    bedrag: v.bedrag,
    ...(v.omschrijving === undefined ? {} : { omschrijving: v.omschrijving }),
  };
}

function kwijtgescholden(
  kenmerk: string,
  at: string,
  v: { verplichtingskenmerk: string; bedrag: number; volledig: boolean; omschrijving?: string },
): Event {
  return {
    gebeurtenis_type: 'FinancieleVerplichtingKwijtgescholden',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    verplichtingskenmerk: v.verplichtingskenmerk,
    bedrag_kwijtgescholden: v.bedrag,
    volledig: v.volledig,
    ...(v.omschrijving === undefined ? {} : { omschrijving: v.omschrijving }),
  };
}

function betalingsverplichting(
  kenmerk: string,
  at: string,
  v: {
    betalingskenmerk: string;
    verplichtingskenmerk: string;
    type: Schemas['Betalingsverplichtingstype'];
    bedrag: number;
    vervaldatum: string;
    omschrijving?: string;
    corrigeert?: string;
  },
): Event {
  return {
    gebeurtenis_type: 'BetalingsverplichtingOpgelegd',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    ...corrects(v.corrigeert),
    betalingskenmerk: v.betalingskenmerk,
    verplichtingskenmerk: v.verplichtingskenmerk,
    type: v.type,
    ...(v.omschrijving === undefined ? {} : { omschrijving: v.omschrijving }),
    bedrag: v.bedrag,
    vervaldatum: v.vervaldatum,
  };
}

function betalingsverplichtingIngetrokken(kenmerk: string, at: string, betalingskenmerk: string, omschrijving?: string): Event {
  return {
    gebeurtenis_type: 'BetalingsverplichtingIngetrokken',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    betalingskenmerk,
    ...(omschrijving === undefined ? {} : { omschrijving }),
  };
}

function betaling(kenmerk: string, at: string, v: { betalingskenmerk: string; bedrag: number; ontvangen: string }): Event {
  return {
    gebeurtenis_type: 'BetalingVerwerkt',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    betalingskenmerk: v.betalingskenmerk,
    datumtijd_ontvangen: v.ontvangen,
    bedrag: v.bedrag,
  };
}

function ingetrokken(kenmerk: string, at: string, ingetrokkenKenmerk: string, omschrijving?: string): Event {
  return {
    gebeurtenis_type: 'GebeurtenisIngetrokken',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: at,
    ingetrokken_gebeurtenis_kenmerk: ingetrokkenKenmerk,
    ...(omschrijving === undefined ? {} : { omschrijving }),
  };
}

function zaak(
  oin: string,
  bsn: string,
  gegevens: { zaakkenmerk: string; omschrijving?: string; contactopties?: Contactoptie[] },
  events: Event[],
): DemoZaak {
  return {
    oin,
    bsn,
    zaakkenmerk: gegevens.zaakkenmerk,
    ...(gegevens.omschrijving === undefined ? {} : { omschrijving: gegevens.omschrijving }),
    contactopties: gegevens.contactopties ?? [],
    gebeurtenissen: events.map((e): Gebeurtenis => {
      const withZaak = { ...e, zaakkenmerk: gegevens.zaakkenmerk };
      return (e.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd' ? { ...withZaak, bsn } : withZaak) as Gebeurtenis;
    }),
  };
}

/** n equal instalments of `total` (the last one takes the remainder). */
function termijnen(total: number, n: number): number[] {
  const each = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? total - each * (n - 1) : each));
}

// --- contact options per zaak ---------------------------------------------------------------

const TILBURG_BETALEN: Contactoptie = {
  contactvorm: 'website',
  waarde: 'https://www.tilburg.example/belastingen/betalen',
  omschrijving: 'Betalen of een betalingsregeling aanvragen',
};
const TILBURG_PARKEREN: Contactoptie = {
  contactvorm: 'website',
  waarde: 'https://www.tilburg.example/parkeren/naheffingsaanslag',
  omschrijving: 'Bezwaar maken tegen een naheffingsaanslag',
};
const CAK_BETALEN: Contactoptie = { contactvorm: 'website', waarde: 'https://www.cak.example/betalen' };
const BOXTEL_BELASTINGEN: Contactoptie = {
  contactvorm: 'e-mail',
  waarde: 'invordering@boxtel.example',
  omschrijving: 'Vragen over uw betaling of een betalingsregeling',
};

// --- the zaken -------------------------------------------------------------------------------

export const DEMO_ZAKEN: readonly DemoZaak[] = [
  // ---- 999993653 Sanne de Vries: Tilburg, CAK (the contract's example), Boxtel -------------
  zaak(OIN.tilburg, '999993653', { zaakkenmerk: 'TLB-2026-004211', omschrijving: 'Gemeentelijke belastingen 2026, aanslag 2026.04211', contactopties: [TILBURG_BETALEN] }, [
    opgelegd('TLB-EV-0001', '2026-02-27T09:00:00+01:00', {
      verplichtingskenmerk: 'TLB-2026-004211-V1',
      beschikkingsnummer: 'AJ-2026-004211',
      type: 'tlb_gemeentelijke_belastingen',
      categorie: 'ALGEMEEN',
      bedrag: 48630,
      omschrijving: 'Onroerendezaakbelasting, afvalstoffenheffing en rioolheffing 2026',
    }),
    betalingsverplichting('TLB-EV-0002', '2026-02-27T09:00:00+01:00', {
      betalingskenmerk: '1100000000421101',
      verplichtingskenmerk: 'TLB-2026-004211-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 1 van 2',
      bedrag: 24315,
      vervaldatum: '2026-03-31',
    }),
    betalingsverplichting('TLB-EV-0003', '2026-02-27T09:00:00+01:00', {
      betalingskenmerk: '1100000000421102',
      verplichtingskenmerk: 'TLB-2026-004211-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 2 van 2',
      bedrag: 24315,
      vervaldatum: '2026-12-31',
    }),
    betaling('TLB-EV-0004', '2026-03-30T10:12:44+02:00', {
      betalingskenmerk: '1100000000421101',
      bedrag: 24315,
      ontvangen: '2026-03-30T00:00:00+02:00',
    }),
  ]),
  zaak(OIN.cak, '999993653', { zaakkenmerk: 'CAK-2026-000123', omschrijving: 'Eigen bijdrage Wmo, 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0001', '2026-01-15T09:00:00+01:00', {
      verplichtingskenmerk: 'CAK-2026-000123-V1',
      beschikkingsnummer: 'B-2026-77341',
      type: 'cak_eigen_bijdrage',
      categorie: 'ALGEMEEN',
      bedrag: 24650,
      omschrijving: 'Eigen bijdrage Wmo januari tot en met juni',
    }),
    betalingsverplichting('CAK-EV-0002', '2026-01-15T09:00:00+01:00', {
      betalingskenmerk: '5001234567890123',
      verplichtingskenmerk: 'CAK-2026-000123-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 1 van 2',
      bedrag: 12325,
      vervaldatum: '2026-02-28',
    }),
    betalingsverplichting('CAK-EV-0003', '2026-01-15T09:00:00+01:00', {
      betalingskenmerk: '5001234567890124',
      verplichtingskenmerk: 'CAK-2026-000123-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 2 van 2',
      bedrag: 12325,
      vervaldatum: '2026-12-31',
    }),
    betaling('CAK-EV-0004', '2026-02-20T14:32:10+01:00', {
      betalingskenmerk: '5001234567890123',
      bedrag: 12325,
      ontvangen: '2026-02-20T00:00:00+01:00',
    }),
  ]),
  zaak(OIN.boxtel, '999993653', { zaakkenmerk: 'BXT-2026-P-000871', omschrijving: 'Naheffingsaanslag parkeerbelasting van 14 augustus 2026' }, [
    opgelegd('BXT-EV-0001', '2026-08-14T13:05:00+02:00', {
      verplichtingskenmerk: 'BXT-2026-P-000871-V1',
      beschikkingsnummer: 'NH-BXT-2026-000871',
      type: 'bxt_parkeerbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 340,
      omschrijving: 'Parkeerbelasting',
    }),
    opgelegd('BXT-EV-0002', '2026-08-14T13:05:00+02:00', {
      verplichtingskenmerk: 'BXT-2026-P-000871-V2',
      beschikkingsnummer: 'NH-BXT-2026-000871',
      type: 'bxt_kosten_naheffingsaanslag',
      categorie: 'ADMINISTRATIEKOSTEN',
      bedrag: 7460,
      primair: false,
      omschrijving: 'Kosten naheffingsaanslag',
    }),
    betalingsverplichting('BXT-EV-0003', '2026-08-14T13:05:00+02:00', {
      betalingskenmerk: '3300000000087101',
      verplichtingskenmerk: 'BXT-2026-P-000871-V1',
      type: 'Aanschrijving',
      bedrag: 340,
      vervaldatum: '2026-09-14',
    }),
    betalingsverplichting('BXT-EV-0004', '2026-08-14T13:05:00+02:00', {
      betalingskenmerk: '3300000000087102',
      verplichtingskenmerk: 'BXT-2026-P-000871-V2',
      type: 'Aanschrijving',
      bedrag: 7460,
      vervaldatum: '2026-09-14',
    }),
    betaling('BXT-EV-0005', '2026-08-21T09:30:00+02:00', { betalingskenmerk: '3300000000087101', bedrag: 340, ontvangen: '2026-08-20T00:00:00+02:00' }),
    betaling('BXT-EV-0006', '2026-08-21T09:30:00+02:00', { betalingskenmerk: '3300000000087102', bedrag: 7460, ontvangen: '2026-08-20T00:00:00+02:00' }),
  ]),

  // ---- 999990019 Jeroen Bakker: arrears at Tilburg ----------------------------------------
  zaak(OIN.tilburg, '999990019', { zaakkenmerk: 'TLB-2026-007730', omschrijving: 'Gemeentelijke belastingen 2026, aanslag 2026.07730', contactopties: [TILBURG_BETALEN] }, [
    opgelegd('TLB-EV-0101', '2026-02-27T09:00:00+01:00', {
      verplichtingskenmerk: 'TLB-2026-007730-V1',
      beschikkingsnummer: 'AJ-2026-007730',
      type: 'tlb_gemeentelijke_belastingen',
      categorie: 'ALGEMEEN',
      bedrag: 39870,
      omschrijving: 'Afvalstoffenheffing en rioolheffing 2026',
    }),
    betalingsverplichting('TLB-EV-0102', '2026-02-27T09:00:00+01:00', {
      betalingskenmerk: '1100000000773001',
      verplichtingskenmerk: 'TLB-2026-007730-V1',
      type: 'Aanschrijving',
      omschrijving: 'Aanslag in één termijn',
      bedrag: 39870,
      vervaldatum: '2026-04-30',
    }),
    betalingsverplichtingIngetrokken('TLB-EV-0103', '2026-05-12T09:00:00+02:00', '1100000000773001', 'Vervangen door een herinnering'),
    betalingsverplichting('TLB-EV-0104', '2026-05-12T09:00:00+02:00', {
      betalingskenmerk: '1100000000773002',
      verplichtingskenmerk: 'TLB-2026-007730-V1',
      type: 'Herinnering',
      bedrag: 39870,
      vervaldatum: '2026-05-26',
    }),
    opgelegd('TLB-EV-0105', '2026-06-16T09:00:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-007730-V2',
      beschikkingsnummer: 'AJ-2026-007730-AM',
      type: 'tlb_aanmaningskosten',
      categorie: 'ADMINISTRATIEKOSTEN',
      bedrag: 1600,
      primair: false,
      omschrijving: 'Aanmaningskosten',
    }),
    betalingsverplichtingIngetrokken('TLB-EV-0106', '2026-06-16T09:00:00+02:00', '1100000000773002', 'Vervangen door een aanmaning'),
    betalingsverplichting('TLB-EV-0107', '2026-06-16T09:00:00+02:00', {
      betalingskenmerk: '1100000000773003',
      verplichtingskenmerk: 'TLB-2026-007730-V1',
      type: 'Aanmaning',
      bedrag: 39870,
      vervaldatum: '2026-06-30',
    }),
    betalingsverplichting('TLB-EV-0108', '2026-06-16T09:00:00+02:00', {
      betalingskenmerk: '1100000000773004',
      verplichtingskenmerk: 'TLB-2026-007730-V2',
      type: 'Aanmaning',
      omschrijving: 'Aanmaningskosten',
      bedrag: 1600,
      vervaldatum: '2026-06-30',
    }),
    opgelegd('TLB-EV-0109', '2026-10-06T09:00:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-007730-V3',
      beschikkingsnummer: 'AJ-2026-007730-IR',
      type: 'tlb_invorderingsrente',
      categorie: 'RENTE',
      bedrag: 812,
      primair: false,
      omschrijving: 'Invorderingsrente tot en met 30 september 2026',
    }),
    betalingsverplichting('TLB-EV-0110', '2026-10-06T09:00:00+02:00', {
      betalingskenmerk: '1100000000773005',
      verplichtingskenmerk: 'TLB-2026-007730-V3',
      type: 'Aanschrijving',
      omschrijving: 'Invorderingsrente',
      bedrag: 812,
      vervaldatum: '2026-11-05',
    }),
  ]),

  // ---- 999990020 Fatima El Amrani: full forgiveness at Tholen -----------------------------
  zaak(OIN.tholen, '999990020', { zaakkenmerk: 'THL-2026-0312', omschrijving: 'Gemeentelijke belastingen 2026' }, [
    opgelegd('THL-EV-0001', '2026-02-20T08:30:00+01:00', {
      verplichtingskenmerk: 'THL-2026-0312-V1',
      beschikkingsnummer: 'THL-AJ-2026-0312',
      type: 'thl_gemeentelijke_belastingen',
      categorie: 'ALGEMEEN',
      bedrag: 31240,
      omschrijving: 'Afvalstoffenheffing en rioolheffing 2026',
    }),
    betalingsverplichting('THL-EV-0002', '2026-02-20T08:30:00+01:00', {
      betalingskenmerk: '2200000000031201',
      verplichtingskenmerk: 'THL-2026-0312-V1',
      type: 'Aanschrijving',
      bedrag: 31240,
      vervaldatum: '2026-03-31',
    }),
    kwijtgescholden('THL-EV-0003', '2026-03-18T14:00:00+01:00', {
      verplichtingskenmerk: 'THL-2026-0312-V1',
      bedrag: 31240,
      volledig: true,
      omschrijving: 'Kwijtschelding toegekend, besluit K-2026-0087',
    }),
    betalingsverplichtingIngetrokken('THL-EV-0004', '2026-03-18T14:00:00+01:00', '2200000000031201', 'Vervalt door kwijtschelding'),
  ]),

  // ---- 999990032 Pieter Visser: partial forgiveness at the CAK ----------------------------
  zaak(OIN.cak, '999990032', { zaakkenmerk: 'CAK-2026-000456', omschrijving: 'Eigen bijdrage Wlz, 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0101', '2026-02-02T09:00:00+01:00', {
      verplichtingskenmerk: 'CAK-2026-000456-V1',
      beschikkingsnummer: 'B-2026-80112',
      type: 'cak_eigen_bijdrage',
      categorie: 'ALGEMEEN',
      bedrag: 96000,
      omschrijving: 'Eigen bijdrage Wlz januari tot en met juni',
    }),
    ...[1, 2, 3].map((n) =>
      betalingsverplichting(`CAK-EV-010${n + 1}`, '2026-02-02T09:00:00+01:00', {
        betalingskenmerk: `500123456789100${n}`,
        verplichtingskenmerk: 'CAK-2026-000456-V1',
        type: 'Aanschrijving',
        omschrijving: `Termijn ${n} van 3`,
        bedrag: 32000,
        vervaldatum: `2026-0${n + 2}-01`,
      }),
    ),
    betaling('CAK-EV-0105', '2026-02-26T11:04:51+01:00', { betalingskenmerk: '5001234567891001', bedrag: 32000, ontvangen: '2026-02-26T00:00:00+01:00' }),
    kwijtgescholden('CAK-EV-0106', '2026-03-20T10:00:00+01:00', {
      verplichtingskenmerk: 'CAK-2026-000456-V1',
      bedrag: 40000,
      volledig: false,
      omschrijving: 'Gedeeltelijke kwijtschelding na herberekening van het inkomen',
    }),
    betalingsverplichtingIngetrokken('CAK-EV-0107', '2026-03-20T10:00:00+01:00', '5001234567891002', 'Vervangen na gedeeltelijke kwijtschelding'),
    betalingsverplichtingIngetrokken('CAK-EV-0108', '2026-03-20T10:00:00+01:00', '5001234567891003', 'Vervangen na gedeeltelijke kwijtschelding'),
    betalingsverplichting('CAK-EV-0109', '2026-03-20T10:00:00+01:00', {
      betalingskenmerk: '5001234567891004',
      verplichtingskenmerk: 'CAK-2026-000456-V1',
      type: 'Aanschrijving',
      omschrijving: 'Restant na gedeeltelijke kwijtschelding',
      bedrag: 24000,
      vervaldatum: '2026-04-30',
    }),
    betaling('CAK-EV-0110', '2026-04-28T15:20:00+02:00', { betalingskenmerk: '5001234567891004', bedrag: 12000, ontvangen: '2026-04-28T00:00:00+02:00' }),
  ]),

  // ---- 999990044 Linda Smits: a correction at Sint-Michielsgestel, then paid -------------
  zaak(OIN.sintMichielsgestel, '999990044', { zaakkenmerk: 'SMG-2026-1187', omschrijving: 'Hondenbelasting 2026' }, [
    opgelegd('SMG-EV-0001', '2026-03-02T09:00:00+01:00', {
      verplichtingskenmerk: 'SMG-2026-1187-V1',
      beschikkingsnummer: 'SMG-HB-2026-1187',
      type: 'smg_hondenbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 22600,
      omschrijving: 'Hondenbelasting 2026, twee honden',
    }),
    betalingsverplichting('SMG-EV-0002', '2026-03-02T09:00:00+01:00', {
      betalingskenmerk: '4400000000118701',
      verplichtingskenmerk: 'SMG-2026-1187-V1',
      type: 'Aanschrijving',
      bedrag: 22600,
      vervaldatum: '2026-04-30',
    }),
    opgelegd('SMG-EV-0003', '2026-03-16T11:20:00+01:00', {
      corrigeert: 'SMG-EV-0001',
      verplichtingskenmerk: 'SMG-2026-1187-V1',
      beschikkingsnummer: 'SMG-HB-2026-1187-C',
      type: 'smg_hondenbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 11300,
      opgelegd: '2026-03-02T09:00:00+01:00',
      omschrijving: 'Hondenbelasting 2026, één hond (gecorrigeerd)',
    }),
    betalingsverplichting('SMG-EV-0004', '2026-03-16T11:20:00+01:00', {
      corrigeert: 'SMG-EV-0002',
      betalingskenmerk: '4400000000118701',
      verplichtingskenmerk: 'SMG-2026-1187-V1',
      type: 'Aanschrijving',
      omschrijving: 'Gecorrigeerd bedrag',
      bedrag: 11300,
      vervaldatum: '2026-04-30',
    }),
    betaling('SMG-EV-0005', '2026-04-21T16:45:09+02:00', { betalingskenmerk: '4400000000118701', bedrag: 11300, ontvangen: '2026-04-21T00:00:00+02:00' }),
  ]),

  // ---- 999990056 Mohammed Yilmaz: a withdrawn payment at Boxtel ---------------------------
  zaak(OIN.boxtel, '999990056', { zaakkenmerk: 'BXT-2026-A-002210', omschrijving: 'Afvalstoffenheffing 2026', contactopties: [BOXTEL_BELASTINGEN] }, [
    opgelegd('BXT-EV-0101', '2026-02-24T09:00:00+01:00', {
      verplichtingskenmerk: 'BXT-2026-A-002210-V1',
      beschikkingsnummer: 'BXT-AJ-2026-2210',
      type: 'bxt_afvalstoffenheffing',
      categorie: 'ALGEMEEN',
      bedrag: 35450,
    }),
    betalingsverplichting('BXT-EV-0102', '2026-02-24T09:00:00+01:00', {
      betalingskenmerk: '3300000000221001',
      verplichtingskenmerk: 'BXT-2026-A-002210-V1',
      type: 'Aanschrijving',
      bedrag: 35450,
      vervaldatum: '2026-04-30',
    }),
    betaling('BXT-EV-0103', '2026-04-14T08:00:00+02:00', { betalingskenmerk: '3300000000221001', bedrag: 35450, ontvangen: '2026-04-13T00:00:00+02:00' }),
    ingetrokken('BXT-EV-0104', '2026-04-22T10:30:00+02:00', 'BXT-EV-0103', 'Betaling hoorde bij een andere aanslag en is teruggeboekt'),
    betalingsverplichtingIngetrokken('BXT-EV-0105', '2026-05-19T09:00:00+02:00', '3300000000221001', 'Vervangen door een herinnering'),
    betalingsverplichting('BXT-EV-0106', '2026-05-19T09:00:00+02:00', {
      betalingskenmerk: '3300000000221002',
      verplichtingskenmerk: 'BXT-2026-A-002210-V1',
      type: 'Herinnering',
      bedrag: 35450,
      vervaldatum: '2026-06-02',
    }),
  ]),

  // ---- 999990068 Anouk Peeters: a fully paid naheffingsaanslag at Tilburg -----------------
  zaak(OIN.tilburg, '999990068', { zaakkenmerk: 'TLB-2026-P-031877', omschrijving: 'Naheffingsaanslag parkeerbelasting van 3 juni 2026', contactopties: [TILBURG_PARKEREN] }, [
    opgelegd('TLB-EV-0201', '2026-06-03T15:42:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-P-031877-V1',
      beschikkingsnummer: 'NH-TLB-2026-031877',
      type: 'tlb_parkeerbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 450,
      omschrijving: 'Parkeerbelasting, één uur',
    }),
    opgelegd('TLB-EV-0202', '2026-06-03T15:42:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-P-031877-V2',
      beschikkingsnummer: 'NH-TLB-2026-031877',
      type: 'tlb_kosten_naheffingsaanslag',
      categorie: 'ADMINISTRATIEKOSTEN',
      bedrag: 7560,
      primair: false,
      omschrijving: 'Kosten naheffingsaanslag',
    }),
    betalingsverplichting('TLB-EV-0203', '2026-06-03T15:42:00+02:00', {
      betalingskenmerk: '1100000003187701',
      verplichtingskenmerk: 'TLB-2026-P-031877-V1',
      type: 'Aanschrijving',
      bedrag: 450,
      vervaldatum: '2026-07-01',
    }),
    betalingsverplichting('TLB-EV-0204', '2026-06-03T15:42:00+02:00', {
      betalingskenmerk: '1100000003187702',
      verplichtingskenmerk: 'TLB-2026-P-031877-V2',
      type: 'Aanschrijving',
      bedrag: 7560,
      vervaldatum: '2026-07-01',
    }),
    betaling('TLB-EV-0205', '2026-06-10T09:15:00+02:00', { betalingskenmerk: '1100000003187701', bedrag: 450, ontvangen: '2026-06-09T00:00:00+02:00' }),
    betaling('TLB-EV-0206', '2026-06-10T09:15:00+02:00', { betalingskenmerk: '1100000003187702', bedrag: 7560, ontvangen: '2026-06-09T00:00:00+02:00' }),
  ]),

  // ---- 999990081 Willem van Dijk: four organisations --------------------------------------
  zaak(OIN.tholen, '999990081', { zaakkenmerk: 'THL-2026-0877', omschrijving: 'Rioolheffing 2026' }, [
    opgelegd('THL-EV-0101', '2026-02-20T08:30:00+01:00', {
      verplichtingskenmerk: 'THL-2026-0877-V1',
      beschikkingsnummer: 'THL-AJ-2026-0877',
      type: 'thl_rioolheffing',
      categorie: 'ALGEMEEN',
      bedrag: 23680,
    }),
    betalingsverplichting('THL-EV-0102', '2026-02-20T08:30:00+01:00', {
      betalingskenmerk: '2200000000087701',
      verplichtingskenmerk: 'THL-2026-0877-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 1 van 2',
      bedrag: 11840,
      vervaldatum: '2026-03-31',
    }),
    betalingsverplichting('THL-EV-0103', '2026-02-20T08:30:00+01:00', {
      betalingskenmerk: '2200000000087702',
      verplichtingskenmerk: 'THL-2026-0877-V1',
      type: 'Aanschrijving',
      omschrijving: 'Termijn 2 van 2',
      bedrag: 11840,
      vervaldatum: '2026-05-31',
    }),
    betaling('THL-EV-0104', '2026-03-25T12:00:00+01:00', { betalingskenmerk: '2200000000087701', bedrag: 11840, ontvangen: '2026-03-25T00:00:00+01:00' }),
  ]),
  zaak(OIN.sintMichielsgestel, '999990081', { zaakkenmerk: 'SMG-2026-0456', omschrijving: 'Onroerendezaakbelasting 2026' }, [
    opgelegd('SMG-EV-0101', '2026-03-02T09:00:00+01:00', {
      verplichtingskenmerk: 'SMG-2026-0456-V1',
      beschikkingsnummer: 'SMG-AJ-2026-0456',
      type: 'smg_onroerendezaakbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 41290,
    }),
    betalingsverplichting('SMG-EV-0102', '2026-03-02T09:00:00+01:00', {
      betalingskenmerk: '4400000000045601',
      verplichtingskenmerk: 'SMG-2026-0456-V1',
      type: 'Aanschrijving',
      bedrag: 41290,
      vervaldatum: '2026-12-31',
    }),
  ]),
  zaak(OIN.boxtel, '999990081', { zaakkenmerk: 'BXT-2026-H-000342', omschrijving: 'Hondenbelasting 2026' }, [
    opgelegd('BXT-EV-0201', '2026-02-24T09:00:00+01:00', {
      verplichtingskenmerk: 'BXT-2026-H-000342-V1',
      beschikkingsnummer: 'BXT-HB-2026-0342',
      type: 'bxt_hondenbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 12870,
    }),
    betalingsverplichting('BXT-EV-0202', '2026-02-24T09:00:00+01:00', {
      betalingskenmerk: '3300000000034201',
      verplichtingskenmerk: 'BXT-2026-H-000342-V1',
      type: 'Aanschrijving',
      bedrag: 12870,
      vervaldatum: '2026-04-30',
    }),
    betalingsverplichtingIngetrokken('BXT-EV-0203', '2026-05-19T09:00:00+02:00', '3300000000034201', 'Vervangen door een herinnering'),
    betalingsverplichting('BXT-EV-0204', '2026-05-19T09:00:00+02:00', {
      betalingskenmerk: '3300000000034202',
      verplichtingskenmerk: 'BXT-2026-H-000342-V1',
      type: 'Herinnering',
      bedrag: 12870,
      vervaldatum: '2026-06-02',
    }),
    betaling('BXT-EV-0205', '2026-05-29T10:41:00+02:00', { betalingskenmerk: '3300000000034202', bedrag: 12870, ontvangen: '2026-05-29T00:00:00+02:00' }),
  ]),
  zaak(OIN.cak, '999990081', { zaakkenmerk: 'CAK-2026-000789', omschrijving: 'Eigen bijdrage Wmo, 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0201', '2026-05-15T09:00:00+02:00', {
      verplichtingskenmerk: 'CAK-2026-000789-V1',
      beschikkingsnummer: 'B-2026-81907',
      type: 'cak_eigen_bijdrage',
      categorie: 'ALGEMEEN',
      bedrag: 8720,
      omschrijving: 'Eigen bijdrage Wmo, perioden 1 tot en met 4',
    }),
    betalingsverplichting('CAK-EV-0202', '2026-05-15T09:00:00+02:00', {
      betalingskenmerk: '5001234567892001',
      verplichtingskenmerk: 'CAK-2026-000789-V1',
      type: 'Aanschrijving',
      bedrag: 8720,
      vervaldatum: '2026-06-30',
    }),
    betaling('CAK-EV-0203', '2026-06-12T13:37:00+02:00', { betalingskenmerk: '5001234567892001', bedrag: 8720, ontvangen: '2026-06-12T00:00:00+02:00' }),
  ]),

  // ---- 999990093 Emma Mulder: exactly one debt, not yet due ------------------------------
  zaak(OIN.cak, '999990093', { zaakkenmerk: 'CAK-2026-000901', omschrijving: 'Eigen bijdrage Wlz, oktober 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0301', '2026-11-02T09:00:00+01:00', {
      verplichtingskenmerk: 'CAK-2026-000901-V1',
      beschikkingsnummer: 'B-2026-90114',
      type: 'cak_eigen_bijdrage',
      categorie: 'ALGEMEEN',
      bedrag: 43150,
      omschrijving: 'Eigen bijdrage Wlz, oktober 2026',
    }),
    betalingsverplichting('CAK-EV-0302', '2026-11-02T09:00:00+01:00', {
      betalingskenmerk: '5001234567893001',
      verplichtingskenmerk: 'CAK-2026-000901-V1',
      type: 'Aanschrijving',
      bedrag: 43150,
      vervaldatum: '2026-12-15',
    }),
  ]),

  // ---- 999990160 Thomas Bos: a completed payment plan, and CAK arrears --------------------
  zaak(OIN.tilburg, '999990160', { zaakkenmerk: 'TLB-2026-011452', omschrijving: 'Gemeentelijke belastingen 2026, betalingsregeling', contactopties: [TILBURG_BETALEN] }, [
    opgelegd('TLB-EV-0301', '2026-02-27T09:00:00+01:00', {
      verplichtingskenmerk: 'TLB-2026-011452-V1',
      beschikkingsnummer: 'AJ-2026-011452',
      type: 'tlb_gemeentelijke_belastingen',
      categorie: 'ALGEMEEN',
      bedrag: 52340,
      omschrijving: 'Onroerendezaakbelasting, afvalstoffenheffing en rioolheffing 2026',
    }),
    ...termijnen(52340, 4).flatMap((bedrag, i) => {
      const n = i + 1;
      const betalingskenmerk = `1100000011452${String(n).padStart(3, '0')}`;
      const maand = String(n + 3).padStart(2, '0');
      const laatsteDag = ['30', '31', '30', '31'][i]!;
      return [
        betalingsverplichting(`TLB-EV-031${n}`, '2026-03-10T09:00:00+01:00', {
          betalingskenmerk,
          verplichtingskenmerk: 'TLB-2026-011452-V1',
          type: 'Aanschrijving',
          omschrijving: `Betalingsregeling, termijn ${n} van 4`,
          bedrag,
          vervaldatum: `2026-${maand}-${laatsteDag}`,
        }),
        betaling(`TLB-EV-032${n}`, `2026-${maand}-25T07:00:00+02:00`, {
          betalingskenmerk,
          bedrag,
          ontvangen: `2026-${maand}-24T00:00:00+02:00`,
        }),
      ];
    }),
  ]),
  zaak(OIN.cak, '999990160', { zaakkenmerk: 'CAK-2026-000555', omschrijving: 'Eigen bijdrage Wmo, 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0401', '2026-04-15T09:00:00+02:00', {
      verplichtingskenmerk: 'CAK-2026-000555-V1',
      beschikkingsnummer: 'B-2026-84410',
      type: 'cak_eigen_bijdrage',
      categorie: 'ALGEMEEN',
      bedrag: 13080,
      omschrijving: 'Eigen bijdrage Wmo, perioden 1 tot en met 6',
    }),
    betalingsverplichting('CAK-EV-0402', '2026-04-15T09:00:00+02:00', {
      betalingskenmerk: '5001234567894001',
      verplichtingskenmerk: 'CAK-2026-000555-V1',
      type: 'Aanschrijving',
      bedrag: 13080,
      vervaldatum: '2026-05-31',
    }),
    betalingsverplichtingIngetrokken('CAK-EV-0403', '2026-06-10T09:00:00+02:00', '5001234567894001', 'Vervangen door een herinnering'),
    betalingsverplichting('CAK-EV-0404', '2026-06-10T09:00:00+02:00', {
      betalingskenmerk: '5001234567894002',
      verplichtingskenmerk: 'CAK-2026-000555-V1',
      type: 'Herinnering',
      bedrag: 13080,
      vervaldatum: '2026-06-24',
    }),
    betalingsverplichtingIngetrokken('CAK-EV-0405', '2026-07-08T09:00:00+02:00', '5001234567894002', 'Vervangen door een aanmaning'),
    betalingsverplichting('CAK-EV-0406', '2026-07-08T09:00:00+02:00', {
      betalingskenmerk: '5001234567894003',
      verplichtingskenmerk: 'CAK-2026-000555-V1',
      type: 'Aanmaning',
      bedrag: 13080,
      vervaldatum: '2026-07-22',
    }),
  ]),

  // ---- 999990172 Noor Vermeulen: VERHOGING and a partial payment at Sint-Michielsgestel ---
  zaak(OIN.sintMichielsgestel, '999990172', { zaakkenmerk: 'SMG-2026-T-0031', omschrijving: 'Toeristenbelasting 2025' }, [
    opgelegd('SMG-EV-0301', '2026-05-11T09:00:00+02:00', {
      verplichtingskenmerk: 'SMG-2026-T-0031-V1',
      beschikkingsnummer: 'SMG-TB-2025-0031',
      type: 'smg_toeristenbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 48600,
      omschrijving: 'Toeristenbelasting 2025 volgens aangifte',
    }),
    opgelegd('SMG-EV-0302', '2026-05-11T09:00:00+02:00', {
      verplichtingskenmerk: 'SMG-2026-T-0031-V2',
      beschikkingsnummer: 'SMG-TB-2025-0031',
      type: 'smg_verzuimboete',
      categorie: 'VERHOGING',
      bedrag: 6800,
      primair: false,
      omschrijving: 'Verzuimboete wegens te late aangifte',
    }),
    betalingsverplichting('SMG-EV-0303', '2026-05-11T09:00:00+02:00', {
      betalingskenmerk: '4400000000003101',
      verplichtingskenmerk: 'SMG-2026-T-0031-V1',
      type: 'Aanschrijving',
      bedrag: 48600,
      vervaldatum: '2026-07-10',
    }),
    betalingsverplichting('SMG-EV-0304', '2026-05-11T09:00:00+02:00', {
      betalingskenmerk: '4400000000003102',
      verplichtingskenmerk: 'SMG-2026-T-0031-V2',
      type: 'Aanschrijving',
      omschrijving: 'Verzuimboete',
      bedrag: 6800,
      vervaldatum: '2026-07-10',
    }),
    betaling('SMG-EV-0305', '2026-07-08T11:11:11+02:00', { betalingskenmerk: '4400000000003101', bedrag: 48600, ontvangen: '2026-07-08T00:00:00+02:00' }),
  ]),
  zaak(OIN.sintMichielsgestel, '999990172', { zaakkenmerk: 'SMG-2026-0733', omschrijving: 'Onroerendezaakbelasting 2026' }, [
    opgelegd('SMG-EV-0401', '2026-03-02T09:00:00+01:00', {
      verplichtingskenmerk: 'SMG-2026-0733-V1',
      beschikkingsnummer: 'SMG-AJ-2026-0733',
      type: 'smg_onroerendezaakbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 38110,
    }),
    betalingsverplichting('SMG-EV-0402', '2026-03-02T09:00:00+01:00', {
      betalingskenmerk: '4400000000073301',
      verplichtingskenmerk: 'SMG-2026-0733-V1',
      type: 'Aanschrijving',
      bedrag: 38110,
      vervaldatum: '2026-04-30',
    }),
    betalingsverplichtingIngetrokken('SMG-EV-0403', '2026-05-19T09:00:00+02:00', '4400000000073301', 'Vervangen door een herinnering'),
    betalingsverplichting('SMG-EV-0404', '2026-05-19T09:00:00+02:00', {
      betalingskenmerk: '4400000000073302',
      verplichtingskenmerk: 'SMG-2026-0733-V1',
      type: 'Herinnering',
      bedrag: 38110,
      vervaldatum: '2026-06-02',
    }),
    betaling('SMG-EV-0405', '2026-05-30T18:05:00+02:00', { betalingskenmerk: '4400000000073302', bedrag: 20000, ontvangen: '2026-05-30T00:00:00+02:00' }),
  ]),

  // ---- 999990184 Kees de Graaf: forensenbelasting at Tholen, not yet due ------------------
  zaak(OIN.tholen, '999990184', { zaakkenmerk: 'THL-2026-1024', omschrijving: 'Forensenbelasting 2026' }, [
    opgelegd('THL-EV-0201', '2026-10-19T08:30:00+02:00', {
      verplichtingskenmerk: 'THL-2026-1024-V1',
      beschikkingsnummer: 'THL-FB-2026-1024',
      type: 'thl_forensenbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 24500,
      omschrijving: 'Forensenbelasting 2026, tweede woning',
    }),
    betalingsverplichting('THL-EV-0202', '2026-10-19T08:30:00+02:00', {
      betalingskenmerk: '2200000000102401',
      verplichtingskenmerk: 'THL-2026-1024-V1',
      type: 'Aanschrijving',
      bedrag: 24500,
      vervaldatum: '2026-12-31',
    }),
  ]),

  // ---- 999990202 Ahmed Hassan: bestuursrechtelijke premie at the CAK ----------------------
  zaak(OIN.cak, '999990202', { zaakkenmerk: 'CAK-2026-BP-0077', omschrijving: 'Bestuursrechtelijke premie Zvw, 2026', contactopties: [CAK_BETALEN] }, [
    opgelegd('CAK-EV-0501', '2026-07-01T09:00:00+02:00', {
      verplichtingskenmerk: 'CAK-2026-BP-0077-V07',
      beschikkingsnummer: 'B-2026-BP-0077',
      type: 'cak_bestuursrechtelijke_premie',
      categorie: 'ALGEMEEN',
      bedrag: 17630,
      omschrijving: 'Bestuursrechtelijke premie, juli 2026',
    }),
    betalingsverplichting('CAK-EV-0502', '2026-07-01T09:00:00+02:00', {
      betalingskenmerk: '5001234567895007',
      verplichtingskenmerk: 'CAK-2026-BP-0077-V07',
      type: 'Aanschrijving',
      bedrag: 17630,
      vervaldatum: '2026-07-31',
    }),
    betaling('CAK-EV-0503', '2026-08-03T04:00:00Z', { betalingskenmerk: '5001234567895007', bedrag: 17630, ontvangen: '2026-07-31T00:00:00+02:00' }),
    opgelegd('CAK-EV-0504', '2026-08-01T09:00:00+02:00', {
      verplichtingskenmerk: 'CAK-2026-BP-0077-V08',
      beschikkingsnummer: 'B-2026-BP-0077',
      type: 'cak_bestuursrechtelijke_premie',
      categorie: 'ALGEMEEN',
      bedrag: 17630,
      omschrijving: 'Bestuursrechtelijke premie, augustus 2026',
    }),
    betalingsverplichting('CAK-EV-0505', '2026-08-01T09:00:00+02:00', {
      betalingskenmerk: '5001234567895008',
      verplichtingskenmerk: 'CAK-2026-BP-0077-V08',
      type: 'Aanschrijving',
      bedrag: 17630,
      vervaldatum: '2026-08-31',
    }),
  ]),

  // ---- 999990214 Eva Dekker: six instalments by direct debit at Boxtel --------------------
  zaak(OIN.boxtel, '999990214', { zaakkenmerk: 'BXT-2026-A-003305', omschrijving: 'Afvalstoffenheffing 2026, automatische incasso', contactopties: [BOXTEL_BELASTINGEN] }, [
    opgelegd('BXT-EV-0301', '2026-02-24T09:00:00+01:00', {
      verplichtingskenmerk: 'BXT-2026-A-003305-V1',
      beschikkingsnummer: 'BXT-AJ-2026-3305',
      type: 'bxt_afvalstoffenheffing',
      categorie: 'ALGEMEEN',
      bedrag: 30690,
    }),
    ...termijnen(30690, 6).map((bedrag, i) =>
      betalingsverplichting(`BXT-EV-031${i + 1}`, '2026-02-24T09:00:00+01:00', {
        betalingskenmerk: `330000000033050${i + 1}`,
        verplichtingskenmerk: 'BXT-2026-A-003305-V1',
        type: 'Aanschrijving',
        omschrijving: `Incassotermijn ${i + 1} van 6`,
        bedrag,
        vervaldatum: `2026-${String(i + 3).padStart(2, '0')}-28`,
      }),
    ),
    // Direct-debit batches from the bank, recorded in UTC; one carries milliseconds.
    ...termijnen(30690, 6).map((bedrag, i) => {
      const maand = String(i + 3).padStart(2, '0');
      return betaling(`BXT-EV-032${i + 1}`, i === 0 ? `2026-${maand}-28T05:00:00.250Z` : `2026-${maand}-28T05:00:00Z`, {
        betalingskenmerk: `330000000033050${i + 1}`,
        bedrag,
        ontvangen: i === 0 ? `2026-${maand}-28T00:00:00+01:00` : `2026-${maand}-28T00:00:00+02:00`,
      });
    }),
  ]),

  // ---- 999990226 Ruben Jansen: a naheffingsaanslag annulled after objection ---------------
  zaak(OIN.tilburg, '999990226', { zaakkenmerk: 'TLB-2026-P-040112', omschrijving: 'Naheffingsaanslag parkeerbelasting van 9 september 2026', contactopties: [TILBURG_PARKEREN] }, [
    opgelegd('TLB-EV-0401', '2026-09-09T11:20:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-P-040112-V1',
      beschikkingsnummer: 'NH-TLB-2026-040112',
      type: 'tlb_parkeerbelasting',
      categorie: 'ALGEMEEN',
      bedrag: 450,
      omschrijving: 'Parkeerbelasting, één uur',
    }),
    opgelegd('TLB-EV-0402', '2026-09-09T11:20:00+02:00', {
      verplichtingskenmerk: 'TLB-2026-P-040112-V2',
      beschikkingsnummer: 'NH-TLB-2026-040112',
      type: 'tlb_kosten_naheffingsaanslag',
      categorie: 'ADMINISTRATIEKOSTEN',
      bedrag: 7560,
      primair: false,
      omschrijving: 'Kosten naheffingsaanslag',
    }),
    betalingsverplichting('TLB-EV-0403', '2026-09-09T11:20:00+02:00', {
      betalingskenmerk: '1100000004011201',
      verplichtingskenmerk: 'TLB-2026-P-040112-V1',
      type: 'Aanschrijving',
      bedrag: 450,
      vervaldatum: '2026-10-09',
    }),
    betalingsverplichting('TLB-EV-0404', '2026-09-09T11:20:00+02:00', {
      betalingskenmerk: '1100000004011202',
      verplichtingskenmerk: 'TLB-2026-P-040112-V2',
      type: 'Aanschrijving',
      bedrag: 7560,
      vervaldatum: '2026-10-09',
    }),
    ingetrokken('TLB-EV-0405', '2026-09-30T10:00:00+02:00', 'TLB-EV-0401', 'Naheffingsaanslag vernietigd na bezwaar (geldige parkeervergunning)'),
    ingetrokken('TLB-EV-0406', '2026-09-30T10:00:00+02:00', 'TLB-EV-0402', 'Kosten vervallen met de vernietigde naheffingsaanslag'),
    betalingsverplichtingIngetrokken('TLB-EV-0407', '2026-09-30T10:00:00+02:00', '1100000004011201', 'Vervalt door de vernietiging'),
    betalingsverplichtingIngetrokken('TLB-EV-0408', '2026-09-30T10:00:00+02:00', '1100000004011202', 'Vervalt door de vernietiging'),
  ]),
];
