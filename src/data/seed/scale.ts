/**
 * A deterministic synthetic population for measuring at scale (`npm run seed:scale`):
 * citizen n always gets the same BSN (valid by the 11-check, outside the demo's 9999…
 * range), the same two zaken with ten events each (a realistic FCID mix: obligations,
 * payment obligations of every type, payments, a withdrawn reminder, a remission) and,
 * for every second citizen, a vehicle at the RDW. Written in batches through
 * insertNieuweInwoners, read model included.
 */
import type { components } from '../../generated/api.js';
import { formatRfc3339Amsterdam } from '../../domain/time.js';
import type { BulkInserter, BulkTable, BulkValue } from '../bulk-insert.js';
import type { Database } from '../database.js';
import { insertNieuweInwoners, type NieuweInwonerZaken } from '../financiele-zaken.js';
import { findOrganisationById } from '../organisations.js';

type Gebeurtenis = components['schemas']['Gebeurtenis'];

/** The 7-digit base of synthetic citizen 0 (the demo's BSNs start with 9999). */
const FIRST_BASE = 2_000_000;
const DAY_MS = 86_400_000;
/** Obligations start between 2024-01-01 and about 2026-06 (all in the past for the demo's "today"). */
const FIRST_START = Date.parse('2024-01-01T08:00:00Z');
export const ZAKEN_PER_CITIZEN = 2;
export const EVENTS_PER_ZAAK = 10;

/**
 * The BSN of synthetic citizen `index` (0-based, below 7,999,999): the 7 digits of
 * FIRST_BASE + index, then two digits that pass the 11-check (9·d1 + 8·d2 + … + 2·d8 − d9
 * divisible by 11). With d8 = 0 the check digit is the weighted sum mod 11; when that is
 * 10 (no digit), d8 = 1 adds 2 and makes it 1. One base, one BSN: all distinct.
 */
export function scaleBsn(index: number): string {
  const base = String(FIRST_BASE + index).padStart(7, '0');
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (9 - i) * Number(base[i]);
  const d8 = sum % 11 === 10 ? 1 : 0;
  return `${base}${d8}${(sum + 2 * d8) % 11}`;
}

/** A small deterministic hash of an index (xorshift-multiply), for amounts and dates. */
function mix(n: number): number {
  let x = (n + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

const at = (ms: number) => formatRfc3339Amsterdam(new Date(ms));
const date = (ms: number) => at(ms).slice(0, 10);

/** The zaken and events of synthetic citizen `index` at an organisation with code `code`. */
export function scaleInwoner(index: number, code: string): NieuweInwonerZaken {
  const bsn = scaleBsn(index);
  const zaken: NieuweInwonerZaken['zaken'] = [];
  for (let z = 0; z < ZAKEN_PER_CITIZEN; z++) {
    const zaakkenmerk = `${code.toUpperCase()}-S${index}-${z}`;
    const seed = mix(index * ZAKEN_PER_CITIZEN + z);
    const t0 = FIRST_START + (seed % 900) * DAY_MS + (seed % 37) * 60_000;
    const bedrag = 5_000 + (seed % 200_000);
    const eerste = Math.floor(bedrag / 2);
    const tweede = bedrag - eerste;
    const deel = Math.min(1_000, tweede - 1);
    const k = (n: number) => `${zaakkenmerk}-G${n}`;
    const v1 = `${zaakkenmerk}-V1`;
    const v2 = `${zaakkenmerk}-V2`;
    const p = (n: number) => `${zaakkenmerk}-P${n}`;
    const g: Gebeurtenis[] = [
      { gebeurtenis_type: 'FinancieleVerplichtingOpgelegd', gebeurtenis_kenmerk: k(0), datumtijd_gebeurtenis: at(t0), zaakkenmerk, verplichtingskenmerk: v1, datumtijd_opgelegd: at(t0), beschikkingsnummer: `BS-${index}-${z}`, bsn, primaire_verplichting: true, type: `${code}_synthetisch`, categorie: 'ALGEMEEN', bedrag, omschrijving: 'Synthetische verplichting' },
      { gebeurtenis_type: 'BetalingsverplichtingOpgelegd', gebeurtenis_kenmerk: k(1), datumtijd_gebeurtenis: at(t0 + 60_000), zaakkenmerk, betalingskenmerk: p(1), verplichtingskenmerk: v1, type: 'Aanschrijving', bedrag: eerste, vervaldatum: date(t0 + 30 * DAY_MS) },
      { gebeurtenis_type: 'BetalingsverplichtingOpgelegd', gebeurtenis_kenmerk: k(2), datumtijd_gebeurtenis: at(t0 + 120_000), zaakkenmerk, betalingskenmerk: p(2), verplichtingskenmerk: v1, type: 'Aanschrijving', bedrag: tweede, vervaldatum: date(t0 + 60 * DAY_MS) },
      { gebeurtenis_type: 'BetalingVerwerkt', gebeurtenis_kenmerk: k(3), datumtijd_gebeurtenis: at(t0 + 20 * DAY_MS), zaakkenmerk, betalingskenmerk: p(1), datumtijd_ontvangen: at(t0 + 19 * DAY_MS), bedrag: eerste },
      { gebeurtenis_type: 'FinancieleVerplichtingOpgelegd', gebeurtenis_kenmerk: k(4), datumtijd_gebeurtenis: at(t0 + 62 * DAY_MS), zaakkenmerk, verplichtingskenmerk: v2, datumtijd_opgelegd: at(t0 + 62 * DAY_MS), beschikkingsnummer: `BS-${index}-${z}-K`, bsn, primaire_verplichting: false, type: `${code}_aanmaningskosten`, categorie: 'ADMINISTRATIEKOSTEN', bedrag: 1_500 },
      { gebeurtenis_type: 'BetalingsverplichtingOpgelegd', gebeurtenis_kenmerk: k(5), datumtijd_gebeurtenis: at(t0 + 62 * DAY_MS + 60_000), zaakkenmerk, betalingskenmerk: p(3), verplichtingskenmerk: v2, type: 'Herinnering', bedrag: 1_500, vervaldatum: date(t0 + 75 * DAY_MS) },
      { gebeurtenis_type: 'BetalingVerwerkt', gebeurtenis_kenmerk: k(6), datumtijd_gebeurtenis: at(t0 + 65 * DAY_MS), zaakkenmerk, betalingskenmerk: p(2), datumtijd_ontvangen: at(t0 + 64 * DAY_MS), bedrag: deel },
      { gebeurtenis_type: 'BetalingsverplichtingOpgelegd', gebeurtenis_kenmerk: k(7), datumtijd_gebeurtenis: at(t0 + 70 * DAY_MS), zaakkenmerk, betalingskenmerk: p(4), verplichtingskenmerk: v1, type: 'Aanmaning', bedrag: tweede - deel, vervaldatum: date(t0 + 90 * DAY_MS) },
      { gebeurtenis_type: 'BetalingsverplichtingIngetrokken', gebeurtenis_kenmerk: k(8), datumtijd_gebeurtenis: at(t0 + 80 * DAY_MS), zaakkenmerk, betalingskenmerk: p(3), omschrijving: 'Herinnering vervalt' },
      { gebeurtenis_type: 'FinancieleVerplichtingKwijtgescholden', gebeurtenis_kenmerk: k(9), datumtijd_gebeurtenis: at(t0 + 80 * DAY_MS + 60_000), zaakkenmerk, verplichtingskenmerk: v2, bedrag_kwijtgescholden: 1_500, volledig: true },
    ];
    zaken.push({ zaakkenmerk, omschrijving: `Synthetische zaak ${z + 1}, één termijn`, contactopties: [], gebeurtenissen: g });
  }
  return { bsn, zaken };
}

const VOERTUIG_TABLE: BulkTable = {
  name: 'voertuig',
  columns: ['organisation_id', 'citizen_id', 'kenteken', 'voertuigsoort', 'merk', 'handelsbenaming', 'datum_eerste_toelating', 'datum_tenaamstelling', 'vervaldatum_apk', 'europese_voertuigcategorie'],
};

const SIDECODE_LETTERS = 'BDFGHJKLNPRSTVXZ';

/** A vehicle for synthetic citizen `index` (a kenteken unique below 4,096,000 citizens). */
function scaleVoertuig(index: number) {
  const letter = (n: number) => SIDECODE_LETTERS[n % 16]!;
  return {
    kenteken: `${letter(index)}${letter(index >>> 4)}-${String(Math.floor(index / 256) % 1000).padStart(3, '0')}-${letter(Math.floor(index / 256_000))}`,
    voertuigsoort: 'Personenauto',
    merk: 'SYNTHETISCH',
    handelsbenaming: `MODEL ${index % 7}`,
    datumEersteToelating: '2019-03-14',
    datumTenaamstelling: '2023-06-01',
    vervaldatumApk: '2027-03-14',
    europeseVoertuigcategorie: 'M1',
  };
}

export interface ScaleSeedOptions {
  /** The organisation that gets the zaken. */
  oin: string;
  citizens: number;
  batchSize?: number;
  /** The RDW organisation for vehicles (every even-numbered citizen), when it is in the database. */
  rdwOin?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ScaleSeedCounts {
  citizens: number;
  zaken: number;
  gebeurtenissen: number;
  voertuigen: number;
}

/**
 * Batches written side by side: PostgreSQL takes each on a connection of its own (a server
 * process each), so one batch is written while the next is built; SQLite has one writer at
 * a time and a synchronous driver, so it takes them one by one.
 */
const LANES = { sqlite: 1, postgresql: 2 } as const;

/**
 * Writes citizens 0 … citizens-1 (the database must not hold them yet). The rows are the
 * same for the same count; with PostgreSQL's two lanes only the order in which their
 * surrogate ids were drawn may differ.
 */
export async function seedScale(db: Database, options: ScaleSeedOptions): Promise<ScaleSeedCounts> {
  const client = db.prisma;
  const organisation = await client.organisation.findUnique({ where: { oin: options.oin }, select: { id: true, code: true } });
  if (!organisation) throw new Error(`organisation ${options.oin} is not in the database`);
  const uitgever = await findOrganisationById(db, organisation.id);
  const rdw = options.rdwOin ? await client.organisation.findUnique({ where: { oin: options.rdwOin }, select: { id: true } }) : null;
  const batchSize = options.batchSize ?? 1_000;
  let voertuigen = 0;
  const writeBatch = async (bulk: BulkInserter, from: number, to: number) => {
    const batch: NieuweInwonerZaken[] = [];
    for (let i = from; i < to; i++) batch.push(scaleInwoner(i, organisation.code));
    const citizenIdOf = await insertNieuweInwoners(bulk, organisation.id, uitgever, batch);
    if (rdw) {
      const rows: BulkValue[][] = [];
      for (let i = from + (from % 2); i < to; i += 2) {
        const v = scaleVoertuig(i);
        rows.push([rdw.id, citizenIdOf.get(scaleBsn(i))!, v.kenteken, v.voertuigsoort, v.merk, v.handelsbenaming, v.datumEersteToelating, v.datumTenaamstelling, v.vervaldatumApk, v.europeseVoertuigcategorie]);
      }
      await bulk.transaction(() => bulk.insert(VOERTUIG_TABLE, rows));
      voertuigen += rows.length;
    }
  };
  const lanes = Array.from({ length: LANES[db.provider] }, () => ({ bulk: db.bulkInserter(), busy: Promise.resolve() }));
  // Progress in batch order: a batch counts once it and every batch before it are written.
  let reported: Promise<unknown> = Promise.resolve();
  const ignore = () => undefined;
  try {
    let batchNumber = 0;
    for (let from = 0; from < options.citizens; from += batchSize) {
      const lane = lanes[batchNumber++ % lanes.length]!;
      await lane.busy;
      const to = Math.min(options.citizens, from + batchSize);
      lane.busy = writeBatch(lane.bulk, from, to);
      reported = Promise.all([reported, lane.busy]).then(() => options.onProgress?.(to, options.citizens));
      // Handled here so a failing batch is no unhandled rejection before it is awaited.
      lane.busy.catch(ignore);
      reported.catch(ignore);
    }
    for (const lane of lanes) await lane.busy;
    await reported;
    await lanes[0]!.bulk.analyse(new Set(lanes.flatMap((lane) => [...lane.bulk.written])));
  } finally {
    for (const lane of lanes) await lane.bulk.close();
  }
  return {
    citizens: options.citizens,
    zaken: options.citizens * ZAKEN_PER_CITIZEN,
    gebeurtenissen: options.citizens * ZAKEN_PER_CITIZEN * EVENTS_PER_ZAAK,
    voertuigen,
  };
}
