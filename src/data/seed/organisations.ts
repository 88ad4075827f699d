/**
 * The six pilot organisations of De Blauwe Knop, as demo data. The OINs are clearly
 * synthetic (0000009900000000000n) and every name ends in " (demo)"; web and e-mail
 * addresses use the reserved `.example` domain.
 */
import type { Organisation } from '../organisations.js';

/** A pilot organisation exactly as the repository returns it. */
export type DemoOrganisation = Organisation;

export const OIN = {
  tilburg: '00000099000000000001',
  tholen: '00000099000000000002',
  boxtel: '00000099000000000003',
  sintMichielsgestel: '00000099000000000004',
  cak: '00000099000000000005',
  rdw: '00000099000000000006',
} as const;

const WERKDAGEN = 'Bereikbaar op werkdagen van 9.00 tot 17.00 uur';

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    oin: OIN.tilburg,
    naam: 'Gemeente Tilburg (demo)',
    code: 'tlb',
    kind: 'gemeente',
    documenttypen: ['financiele-verplichtingen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '14 013', omschrijving: WERKDAGEN },
      { contactvorm: 'website', waarde: 'https://www.tilburg.example/schulden' },
      { contactvorm: 'e-mail', waarde: 'belastingen@tilburg.example', omschrijving: 'Vragen over aanslagen en betalingsregelingen' },
      { contactvorm: 'postadres', waarde: 'Postbus 90155, 5000 LH Tilburg' },
    ],
  },
  {
    oin: OIN.tholen,
    naam: 'Gemeente Tholen (demo)',
    code: 'thl',
    kind: 'gemeente',
    documenttypen: ['financiele-verplichtingen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '14 0166', omschrijving: WERKDAGEN },
      { contactvorm: 'website', waarde: 'https://www.tholen.example/belastingen' },
      { contactvorm: 'bezoekadres', waarde: 'Hof van Tholen 1, 4691 AA Tholen', omschrijving: 'Alleen op afspraak' },
    ],
  },
  {
    oin: OIN.boxtel,
    naam: 'Gemeente Boxtel (demo)',
    code: 'bxt',
    kind: 'gemeente',
    documenttypen: ['financiele-verplichtingen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '14 0411', omschrijving: WERKDAGEN },
      { contactvorm: 'e-mail', waarde: 'belastingen@boxtel.example' },
      { contactvorm: 'website', waarde: 'https://www.boxtel.example/betalen' },
    ],
  },
  {
    oin: OIN.sintMichielsgestel,
    naam: 'Gemeente Sint-Michielsgestel (demo)',
    code: 'smg',
    kind: 'gemeente',
    documenttypen: ['financiele-verplichtingen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '14 073', omschrijving: WERKDAGEN },
      { contactvorm: 'website', waarde: 'https://www.sint-michielsgestel.example/belastingen' },
      { contactvorm: 'postadres', waarde: 'Postbus 10000, 5270 CA Sint-Michielsgestel' },
    ],
  },
  {
    oin: OIN.cak,
    naam: 'CAK (demo)',
    code: 'cak',
    kind: 'cak',
    documenttypen: ['financiele-verplichtingen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '0800 0087', omschrijving: 'Gratis, op werkdagen van 8.00 tot 18.00 uur' },
      { contactvorm: 'website', waarde: 'https://www.cak.example' },
      { contactvorm: 'postadres', waarde: 'Postbus 84030, 2508 AA Den Haag' },
    ],
  },
  {
    oin: OIN.rdw,
    naam: 'RDW (demo)',
    code: 'rdw',
    kind: 'rdw',
    documenttypen: ['voertuigen', 'rijbewijs', 'vaartuigen'],
    contactopties: [
      { contactvorm: 'telefoon', waarde: '0900 0739', omschrijving: 'Op werkdagen van 8.00 tot 17.30 uur' },
      { contactvorm: 'website', waarde: 'https://www.rdw.example' },
      { contactvorm: 'postadres', waarde: 'Postbus 30000, 9640 RA Veendam' },
    ],
  },
];
