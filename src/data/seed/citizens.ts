/**
 * The demo citizens: synthetic test BSNs (9999xxxxx, each passing the 11-check) with a
 * display name for documentation and a one-line Dutch description of what each shows.
 * Nothing here is a real person.
 */

export interface DemoCitizen {
  bsn: string;
  naam: string;
  /** Wat deze inwoner laat zien (voor de README en demo's). */
  toont: string;
}

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    bsn: '999993653',
    naam: 'Sanne de Vries',
    toont: 'Schulden bij Tilburg, Boxtel en het CAK (de voorbeelden uit het contract), plus auto, rijbewijs met raadpleging en motorboot bij de RDW',
  },
  {
    bsn: '999990019',
    naam: 'Jeroen Bakker',
    toont: 'Achterstand bij Tilburg: aanschrijving, herinnering en aanmaning, met aanmaningskosten en invorderingsrente',
  },
  {
    bsn: '999990020',
    naam: 'Fatima El Amrani',
    toont: 'Volledige kwijtschelding van de gemeentelijke belastingen bij Tholen; de betalingsverplichting is ingetrokken',
  },
  {
    bsn: '999990032',
    naam: 'Pieter Visser',
    toont: 'Gedeeltelijke kwijtschelding bij het CAK na herberekening, met een achterstallig restant',
  },
  {
    bsn: '999990044',
    naam: 'Linda Smits',
    toont: 'Correctie bij Sint-Michielsgestel (hondenbelasting van twee naar één hond), daarna volledig betaald',
  },
  {
    bsn: '999990056',
    naam: 'Mohammed Yilmaz',
    toont: 'Een ten onrechte geboekte betaling bij Boxtel die is ingetrokken, waardoor de aanslag weer openstaat',
  },
  {
    bsn: '999990068',
    naam: 'Anouk Peeters',
    toont: 'Volledig betaalde naheffingsaanslag parkeerbelasting bij Tilburg, en een bedrijfsauto bij de RDW',
  },
  {
    bsn: '999990081',
    naam: 'Willem van Dijk',
    toont: 'Schulden bij vier organisaties (Tholen, Sint-Michielsgestel, Boxtel en het CAK), deels betaald, deels achterstallig',
  },
  {
    bsn: '999990093',
    naam: 'Emma Mulder',
    toont: 'Precies één openstaande schuld: een eigen bijdrage bij het CAK die nog niet vervallen is',
  },
  {
    bsn: '999990111',
    naam: 'Lucas Hendriks',
    toont: 'Geen schulden; motorfiets en rijbewijs AM, A2, A en B met twee raadplegingen bij de RDW',
  },
  {
    bsn: '999990123',
    naam: 'Sophie de Boer',
    toont: 'Geen schulden; een personenauto en een aanhangwagen (zonder APK) bij de RDW',
  },
  {
    bsn: '999990135',
    naam: 'Daan Koster',
    toont: 'Nergens iets: bij geen enkele organisatie gegevens (ondertekend leeg antwoord)',
  },
  {
    bsn: '999990147',
    naam: 'Henk Willems',
    toont: 'Geen schulden; vrachtwagenrijbewijs met acht categorieën, eigen datums, beperkingscodes 01 en 95, en drie raadplegingen',
  },
  {
    bsn: '999990159',
    naam: 'Ingrid Jacobs',
    toont: 'Geen schulden; twee motorboten, waarvan één met twee buitenboordmotoren',
  },
  {
    bsn: '999990160',
    naam: 'Thomas Bos',
    toont: 'Afgeronde betalingsregeling in vier termijnen bij Tilburg, en bij het CAK aanschrijving, herinnering en aanmaning zonder betaling',
  },
  {
    bsn: '999990172',
    naam: 'Noor Vermeulen',
    toont: 'Sint-Michielsgestel: toeristenbelasting met verzuimboete (verhoging) en een deels betaalde onroerendezaakbelasting',
  },
  {
    bsn: '999990184',
    naam: 'Kees de Graaf',
    toont: 'Forensenbelasting bij Tholen die nog niet vervallen is, en een personenauto bij de RDW',
  },
  {
    bsn: '999990196',
    naam: 'Maria Kok',
    toont: 'Geen schulden; rijbewijs B met beperking 78 (automaat), een eerder rijbewijs en een raadpleging door een verzekeraar met toestemming',
  },
  {
    bsn: '999990202',
    naam: 'Ahmed Hassan',
    toont: 'Bestuursrechtelijke premie bij het CAK: juli betaald (bankbatch in UTC), augustus achterstallig',
  },
  {
    bsn: '999990214',
    naam: 'Eva Dekker',
    toont: 'Afvalstoffenheffing bij Boxtel in zes termijnen per automatische incasso, volledig betaald',
  },
  {
    bsn: '999990226',
    naam: 'Ruben Jansen',
    toont: 'Naheffingsaanslag bij Tilburg die na bezwaar is vernietigd: de verplichtingen zijn ingetrokken, saldo nul',
  },
];
