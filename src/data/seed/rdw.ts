/**
 * Demo RDW data in the contract's shape: vehicles, driving licences with their look-ups,
 * and registered fast motorboats. Kentekens follow real sidecodes (XX-999-X, 99-XXX-9,
 * XX-99-XX, ...); documentnummers are 10 digits; everything is synthetic.
 */
import type { Raadpleging, Rijbewijs, Vaartuig, Voertuig } from '../rdw.js';

export interface DemoVoertuigen {
  bsn: string;
  voertuigen: Voertuig[];
}

export interface DemoRijbewijs {
  bsn: string;
  rijbewijs: Rijbewijs;
  raadplegingen: Raadpleging[];
}

export interface DemoVaartuigen {
  bsn: string;
  vaartuigen: Vaartuig[];
}

export const DEMO_VOERTUIGEN: readonly DemoVoertuigen[] = [
  {
    bsn: '999993653',
    voertuigen: [
      {
        kenteken: 'GB-123-X',
        voertuigsoort: 'Personenauto',
        merk: 'VOLKSWAGEN',
        handelsbenaming: 'GOLF',
        datum_eerste_toelating: '2019-04-12',
        datum_tenaamstelling: '2022-08-01',
        vervaldatum_apk: '2027-04-12',
        europese_voertuigcategorie: 'M1',
      },
    ],
  },
  {
    bsn: '999990068',
    voertuigen: [
      {
        kenteken: 'VGT-42-K',
        voertuigsoort: 'Bedrijfsauto',
        merk: 'FORD',
        handelsbenaming: 'TRANSIT CUSTOM',
        datum_eerste_toelating: '2021-02-18',
        datum_tenaamstelling: '2021-02-18',
        vervaldatum_apk: '2027-02-18',
        europese_voertuigcategorie: 'N1',
      },
    ],
  },
  {
    bsn: '999990111',
    voertuigen: [
      {
        kenteken: 'MH-47-ZR',
        voertuigsoort: 'Motorfiets',
        merk: 'YAMAHA',
        handelsbenaming: 'MT-07',
        datum_eerste_toelating: '2018-03-23',
        datum_tenaamstelling: '2023-05-06',
        vervaldatum_apk: '2027-03-23',
        europese_voertuigcategorie: 'L3e',
      },
    ],
  },
  {
    bsn: '999990123',
    voertuigen: [
      {
        kenteken: '12-ABC-3',
        voertuigsoort: 'Personenauto',
        merk: 'TOYOTA',
        handelsbenaming: 'YARIS',
        datum_eerste_toelating: '2012-09-14',
        datum_tenaamstelling: '2020-01-10',
        vervaldatum_apk: '2027-09-14',
        europese_voertuigcategorie: 'M1',
      },
      {
        // Light trailers have no periodic inspection: no vervaldatum_apk.
        kenteken: 'WV-34-DT',
        voertuigsoort: 'Aanhangwagen',
        merk: 'ANSSEMS',
        handelsbenaming: 'GT 750',
        datum_eerste_toelating: '2016-05-02',
        datum_tenaamstelling: '2020-01-10',
        europese_voertuigcategorie: 'O1',
      },
    ],
  },
  {
    bsn: '999990184',
    voertuigen: [
      {
        kenteken: 'HZ-704-J',
        voertuigsoort: 'Personenauto',
        merk: 'PEUGEOT',
        handelsbenaming: '208',
        datum_eerste_toelating: '2014-06-30',
        datum_tenaamstelling: '2019-11-02',
        vervaldatum_apk: '2027-06-30',
        europese_voertuigcategorie: 'M1',
      },
    ],
  },
];

export const DEMO_RIJBEWIJZEN: readonly DemoRijbewijs[] = [
  {
    bsn: '999993653',
    rijbewijs: {
      documentnummer: '5123456789',
      afgiftedatum: '2021-03-02',
      geldig_tot: '2031-03-02',
      afgegeven_door: 'Gemeente Tilburg',
      categorieen: [
        { categorie: 'AM', afgiftedatum: '2011-06-20', geldig_tot: '2031-03-02' },
        { categorie: 'B', afgiftedatum: '2011-06-20', geldig_tot: '2031-03-02', beperkingen: ['01'] },
      ],
    },
    raadplegingen: [{ datumtijd: '2026-10-03T11:42:00+02:00', afnemer: 'Politie (demo)', doel: 'Verkeerscontrole' }],
  },
  {
    bsn: '999990111',
    rijbewijs: {
      documentnummer: '5234567890',
      afgiftedatum: '2019-07-02',
      geldig_tot: '2029-07-02',
      afgegeven_door: 'Gemeente Boxtel',
      categorieen: [
        { categorie: 'AM', afgiftedatum: '2015-05-11', geldig_tot: '2029-07-02' },
        { categorie: 'A2', afgiftedatum: '2017-06-20', geldig_tot: '2029-07-02' },
        { categorie: 'A', afgiftedatum: '2019-07-02', geldig_tot: '2029-07-02' },
        { categorie: 'B', afgiftedatum: '2015-09-30', geldig_tot: '2029-07-02' },
      ],
    },
    raadplegingen: [
      { datumtijd: '2026-06-14T22:17:00+02:00', afnemer: 'Politie (demo)', doel: 'Verkeerscontrole' },
      { datumtijd: '2026-08-02T10:05:00+02:00', afnemer: 'Autoverhuur Brabant (demo)', doel: 'Controle rijbevoegdheid bij huur van een voertuig' },
    ],
  },
  {
    bsn: '999990147',
    rijbewijs: {
      documentnummer: '5345678901',
      afgiftedatum: '2024-02-12',
      geldig_tot: '2034-02-12',
      afgegeven_door: 'Gemeente Sint-Michielsgestel',
      // Listed here out of order on purpose: the repository returns the licence's order.
      categorieen: [
        { categorie: 'C', afgiftedatum: '2001-09-18', geldig_tot: '2029-02-12', beperkingen: ['01', '95'] },
        { categorie: 'AM', afgiftedatum: '1998-04-03', geldig_tot: '2034-02-12', beperkingen: ['01'] },
        { categorie: 'B', afgiftedatum: '1998-04-03', geldig_tot: '2034-02-12', beperkingen: ['01'] },
        { categorie: 'BE', afgiftedatum: '2001-09-18', geldig_tot: '2034-02-12', beperkingen: ['01'] },
        { categorie: 'C1', afgiftedatum: '2001-09-18', geldig_tot: '2029-02-12', beperkingen: ['01', '95'] },
        { categorie: 'C1E', afgiftedatum: '2001-09-18', geldig_tot: '2029-02-12', beperkingen: ['01', '95'] },
        { categorie: 'CE', afgiftedatum: '2003-06-01', geldig_tot: '2029-02-12', beperkingen: ['01', '95'] },
        { categorie: 'T', afgiftedatum: '2003-06-01', geldig_tot: '2034-02-12', beperkingen: ['01'] },
      ],
    },
    raadplegingen: [
      { datumtijd: '2026-11-10T14:02:33+01:00', afnemer: 'CBR (demo)', doel: 'Beoordeling medische geschiktheid voor verlenging' },
      { datumtijd: '2026-01-05T08:30:00+01:00', afnemer: 'Transportbedrijf De Meierij (demo)', doel: 'Controle rijbevoegdheid van een chauffeur' },
      { datumtijd: '2026-09-22T06:45:00+02:00', afnemer: 'Politie (demo)', doel: 'Controle vrachtverkeer' },
    ],
  },
  {
    // An earlier licence of the same citizen: its look-up is still shown.
    bsn: '999990196',
    rijbewijs: {
      documentnummer: '4987654321',
      afgiftedatum: '2013-11-18',
      geldig_tot: '2023-11-18',
      afgegeven_door: 'Gemeente Boxtel',
      categorieen: [{ categorie: 'B', afgiftedatum: '2013-11-18', geldig_tot: '2023-11-18', beperkingen: ['78'] }],
    },
    raadplegingen: [{ datumtijd: '2019-03-14T17:20:00+01:00', afnemer: 'Politie (demo)', doel: 'Verkeerscontrole' }],
  },
  {
    bsn: '999990196',
    rijbewijs: {
      documentnummer: '5456789012',
      afgiftedatum: '2023-11-20',
      geldig_tot: '2033-11-20',
      afgegeven_door: 'Gemeente Boxtel',
      categorieen: [{ categorie: 'B', afgiftedatum: '2013-11-18', geldig_tot: '2033-11-20', beperkingen: ['78'] }],
    },
    raadplegingen: [
      {
        datumtijd: '2026-09-09T16:31:00+02:00',
        afnemer: 'Verzekeraar Zeker & Co (demo)',
        doel: 'Premieberekening autoverzekering, met toestemming van de inwoner',
      },
    ],
  },
];

export const DEMO_VAARTUIGEN: readonly DemoVaartuigen[] = [
  {
    bsn: '999993653',
    vaartuigen: [
      {
        registratienummer: 'AB12CD',
        merk: 'Quicksilver',
        type: 'Activ 555 Open',
        lengte_cm: 555,
        registratiedatum: '2020-05-14',
        motoren: [{ merk: 'Mercury', type: 'F115 EFI', vermogen_kw: 85, motornummer: '2B123456' }],
      },
    ],
  },
  {
    bsn: '999990159',
    vaartuigen: [
      {
        registratienummer: 'KT34RB',
        merk: 'Bayliner',
        type: 'VR6 Bowrider',
        lengte_cm: 648,
        registratiedatum: '2021-04-09',
        motoren: [
          { merk: 'Yamaha', type: 'F150', vermogen_kw: 110, motornummer: '6EL-1012345' },
          // The second engine's number was never registered.
          { merk: 'Yamaha', type: 'F150', vermogen_kw: 110 },
        ],
      },
      {
        // A rigid inflatable whose length was not recorded.
        registratienummer: 'ZP77HL',
        merk: 'Zodiac',
        type: 'Medline 580',
        registratiedatum: '2017-07-21',
        motoren: [{ merk: 'Suzuki', type: 'DF100', vermogen_kw: 74, motornummer: '10003F-512345' }],
      },
    ],
  },
];
