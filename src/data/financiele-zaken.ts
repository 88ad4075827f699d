/**
 * Financiële zaken and their FCID events (v4.1.0), read as the contract shapes them and
 * written from contract-shaped values. The derived view (totals, saldo, which events
 * count) is not computed here: see src/fcid.
 */
import { betalingsverplichtingstypeValues, gebeurtenistypeValues, verplichtingscategorieValues, type components } from '../generated/api.js';
import { Bundelaar } from './bundelaar.js';
import type { BulkInserter, BulkTable, BulkValue } from './bulk-insert.js';
import { clientOf, type Database, type DatabaseClient, type Db, type Queryable } from './database.js';
import {
  calendarDate,
  compareText,
  DataIntegrityError,
  instantOf,
  oneOf,
  required,
  toAmount,
} from './integrity.js';
import { findOrganisationById, findOrganisationWithId, toContactoptie, type Contactoptie } from './organisations.js';
import { maakFcidSjabloon, type GelezenFcidSjabloon, type GemaaktFcidSjabloon } from '../documenten/fcid-sjabloon.js';
import type { FcidUitgever } from '../documenten/financiele-verplichtingen.js';

type Schemas = components['schemas'];
export type Gebeurtenis = Schemas['Gebeurtenis'];
type Verplichtingscategorie = Schemas['Verplichtingscategorie'];
type Betalingsverplichtingstype = Schemas['Betalingsverplichtingstype'];

export const GEBEURTENIS_TYPES = gebeurtenistypeValues;
const CATEGORIEEN = verplichtingscategorieValues;
const BETALINGSVERPLICHTINGSTYPEN = betalingsverplichtingstypeValues;
const VERPLICHTINGSTYPE = /^[a-z0-9]{1,5}_[a-z0-9_]{1,50}$/;

/** A zaak as the organisation's records describe it, apart from its events. */
export interface FinancieleZaakGegevens {
  zaakkenmerk: string;
  omschrijving?: string;
  contactopties: Contactoptie[];
}

export interface FinancieleZakenVanInwoner {
  /** The citizen's zaken at this organisation, by zaakkenmerk. */
  zaken: FinancieleZaakGegevens[];
  /** Every event of those zaken, by moment (the instant of datumtijd_gebeurtenis), then kenmerk. */
  gebeurtenissen: Gebeurtenis[];
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/** Ids of the organisation and the citizen, or null when either is unknown. */
async function idsOf(db: Queryable, oin: string, bsn: string): Promise<{ organisationId: number; citizenId: number } | null> {
  const [organisation, citizen] = await Promise.all([
    db.organisation.findUnique({ where: { oin }, select: { id: true } }),
    db.citizen.findUnique({ where: { bsn }, select: { id: true } }),
  ]);
  return organisation && citizen ? { organisationId: organisation.id, citizenId: citizen.id } : null;
}

type GebeurtenisRow = {
  id: number;
  kenmerk: string;
  gebeurtenisType: string;
  occurredAt: string;
  occurredAtUtc: Date;
  verplichtingskenmerk: string | null;
  datumtijdOpgelegd: string | null;
  beschikkingsnummer: string | null;
  primaireVerplichting: boolean | null;
  verplichtingstype: string | null;
  categorie: string | null;
  bedrag: bigint | null;
  bedragKwijtgescholden: bigint | null;
  volledig: boolean | null;
  omschrijving: string | null;
  betalingskenmerk: string | null;
  betalingsverplichtingstype: string | null;
  vervaldatum: string | null;
  datumtijdOntvangen: string | null;
  corrects: { kenmerk: string } | null;
  withdraws: { kenmerk: string } | null;
};

/** One row as the contract's `Gebeurtenis`: fields in the contract's order, optional ones absent. */
function toGebeurtenis(row: GebeurtenisRow, zaakkenmerk: string, bsn: string): Gebeurtenis {
  const where = (field: string) => `gebeurtenis ${row.id}: ${field}`;
  const type = oneOf(GEBEURTENIS_TYPES, row.gebeurtenisType, where('gebeurtenis_type'));
  const kop = {
    gebeurtenis_kenmerk: row.kenmerk,
    datumtijd_gebeurtenis: row.occurredAt,
    zaakkenmerk,
    ...(row.corrects ? { corrigeert_gebeurtenis_kenmerk: row.corrects.kenmerk } : {}),
  };
  const omschrijving = row.omschrijving === null ? {} : { omschrijving: row.omschrijving };
  switch (type) {
    case 'FinancieleVerplichtingOpgelegd':
      return {
        gebeurtenis_type: type,
        ...kop,
        verplichtingskenmerk: required(row.verplichtingskenmerk, where('verplichtingskenmerk')),
        datumtijd_opgelegd: required(row.datumtijdOpgelegd, where('datumtijd_opgelegd')),
        beschikkingsnummer: required(row.beschikkingsnummer, where('beschikkingsnummer')),
        bsn,
        primaire_verplichting: required(row.primaireVerplichting, where('primaire_verplichting')),
        type: required(row.verplichtingstype, where('verplichtingstype')),
        ...(row.categorie === null ? {} : { categorie: oneOf(CATEGORIEEN, row.categorie, where('categorie')) }),
        bedrag: toAmount(required(row.bedrag, where('bedrag')), where('bedrag')),
        ...omschrijving,
      };
    case 'FinancieleVerplichtingKwijtgescholden':
      return {
        gebeurtenis_type: type,
        ...kop,
        verplichtingskenmerk: required(row.verplichtingskenmerk, where('verplichtingskenmerk')),
        bedrag_kwijtgescholden: toAmount(
          required(row.bedragKwijtgescholden, where('bedrag_kwijtgescholden')),
          where('bedrag_kwijtgescholden'),
        ),
        volledig: required(row.volledig, where('volledig')),
        ...omschrijving,
      };
    case 'BetalingsverplichtingOpgelegd':
      return {
        gebeurtenis_type: type,
        ...kop,
        betalingskenmerk: required(row.betalingskenmerk, where('betalingskenmerk')),
        verplichtingskenmerk: required(row.verplichtingskenmerk, where('verplichtingskenmerk')),
        type: oneOf(
          BETALINGSVERPLICHTINGSTYPEN,
          required(row.betalingsverplichtingstype, where('betalingsverplichtingstype')),
          where('betalingsverplichtingstype'),
        ),
        ...omschrijving,
        bedrag: toAmount(required(row.bedrag, where('bedrag')), where('bedrag')),
        vervaldatum: required(row.vervaldatum, where('vervaldatum')),
      };
    case 'BetalingsverplichtingIngetrokken':
      return {
        gebeurtenis_type: type,
        ...kop,
        betalingskenmerk: required(row.betalingskenmerk, where('betalingskenmerk')),
        ...omschrijving,
      };
    case 'BetalingVerwerkt':
      return {
        gebeurtenis_type: type,
        ...kop,
        betalingskenmerk: required(row.betalingskenmerk, where('betalingskenmerk')),
        datumtijd_ontvangen: required(row.datumtijdOntvangen, where('datumtijd_ontvangen')),
        bedrag: toAmount(required(row.bedrag, where('bedrag')), where('bedrag')),
      };
    case 'GebeurtenisIngetrokken':
      return {
        gebeurtenis_type: type,
        ...kop,
        ingetrokken_gebeurtenis_kenmerk: required(row.withdraws, where('withdraws_id')).kenmerk,
        ...omschrijving,
      };
  }
}

/**
 * The citizen's financiële zaken at the organisation and all their events, read from the
 * tables themselves (the read model is written from this; documents use
 * readFinancieleZaken). A citizen (or organisation) the database does not know has no
 * zaken: empty lists, not an error.
 */
export async function loadFinancieleZaken(database: Db, oin: string, bsn: string): Promise<FinancieleZakenVanInwoner> {
  const db = clientOf(database);
  const ids = await idsOf(db, oin, bsn);
  if (!ids) return { zaken: [], gebeurtenissen: [] };
  return loadByIds(db, ids.organisationId, ids.citizenId, bsn);
}

async function loadByIds(db: Queryable, organisationId: number, citizenId: number, bsn: string): Promise<FinancieleZakenVanInwoner> {
  const rows = await db.financieleZaak.findMany({
    where: { organisationId, citizenId },
    include: {
      contactopties: { orderBy: { positie: 'asc' } },
      gebeurtenissen: {
        orderBy: [{ occurredAtUtc: 'asc' }, { kenmerk: 'asc' }],
        include: { corrects: { select: { kenmerk: true } }, withdraws: { select: { kenmerk: true } } },
      },
    },
  });
  const zaken: FinancieleZaakGegevens[] = [];
  const timed: TimedGebeurtenis[] = [];
  for (const row of rows) {
    zaken.push({
      zaakkenmerk: row.zaakkenmerk,
      ...(row.omschrijving === null ? {} : { omschrijving: row.omschrijving }),
      contactopties: row.contactopties.map((c) => toContactoptie(c, `zaak ${row.id}`)),
    });
    for (const event of row.gebeurtenissen) {
      timed.push({ at: event.occurredAtUtc.getTime(), gebeurtenis: toGebeurtenis(event, row.zaakkenmerk, bsn) });
    }
  }
  return inDocumentOrder(zaken, timed);
}

interface TimedGebeurtenis {
  /** The instant of datumtijd_gebeurtenis (ms). */
  at: number;
  gebeurtenis: Gebeurtenis;
}

/**
 * Zaken by zaakkenmerk, events by moment and then kenmerk: the order documents show.
 * Ordered here, not only in SQL: text order differs between databases and collations.
 */
function inDocumentOrder(zaken: FinancieleZaakGegevens[], timed: TimedGebeurtenis[]): FinancieleZakenVanInwoner {
  zaken.sort((a, b) => compareText(a.zaakkenmerk, b.zaakkenmerk));
  timed.sort((a, b) => a.at - b.at || compareText(a.gebeurtenis.gebeurtenis_kenmerk, b.gebeurtenis.gebeurtenis_kenmerk));
  return { zaken, gebeurtenissen: timed.map((t) => t.gebeurtenis) };
}

// ---------------------------------------------------------------------------------------
// The read model (table financiele_zaken_leesmodel): what a document reads
// ---------------------------------------------------------------------------------------

export interface FinancieleZakenMetVersie extends FinancieleZakenVanInwoner {
  /** The data version of this citizen at this organisation; 0 when nothing was ever written. */
  versie: number;
}

/** Where a read-model row is found: by the citizen's BSN and the organisation's OIN, each a unique index. */
const LEESMODEL_RIJEN = `FROM citizen c
  JOIN financiele_zaken_leesmodel l ON l.citizen_id = c.id
  JOIN organisation o ON o.id = l.organisation_id`;

/** One citizen's row at one organisation (parameters `bsn` and `oin`). */
const EEN_LEESMODEL_RIJ = `${LEESMODEL_RIJEN}
  WHERE c.bsn = :bsn AND o.oin = :oin`;

const LEESMODEL_QUERY = `
  SELECT l.organisation_id AS organisation_id, l.citizen_id AS citizen_id, l.versie AS versie, l.gegevens AS gegevens
  ${EEN_LEESMODEL_RIJ}`;

/**
 * The citizen's financiële zaken at the organisation as loadFinancieleZaken returns them,
 * with their data version, in one prepared, indexed read of the read model.
 */
export async function readFinancieleZaken(database: Database, oin: string, bsn: string): Promise<FinancieleZakenMetVersie> {
  const stand = await readLeesmodel(database, oin, bsn);
  return { versie: stand.versie, ...stand.gegevens() };
}

/** Which read model row, by its primary key, at which data version: what renewing its template writes to. */
export interface LeesmodelRij {
  organisationId: number;
  citizenId: number;
  versie: number;
}

export interface LeesmodelStand {
  versie: number;
  /** The row it was read from; absent when the citizen has none. */
  rij?: LeesmodelRij;
  /** The zaken and events, parsed on demand: a request answered from its version alone never needs them. */
  gegevens(): FinancieleZakenVanInwoner;
}

/**
 * The template's text is read as bytes, which vulFcidSjabloon fills in: SQLite hands over the
 * UTF-8 bytes of a TEXT column as stored when it is cast to BLOB; PostgreSQL's driver gives
 * text as a string, encoded once here (as the filled document was before).
 */
const LEESMODEL_SJABLOON_QUERY: Record<Database['provider'], string> = {
  sqlite: `
  SELECT l.versie AS versie, l.sjabloon_kop AS sjabloon_kop, CAST(l.sjabloon AS BLOB) AS sjabloon
  ${EEN_LEESMODEL_RIJ}`,
  postgresql: `
  SELECT l.versie AS versie, l.sjabloon_kop AS sjabloon_kop, l.sjabloon AS sjabloon
  ${EEN_LEESMODEL_RIJ}`,
};

/** The data version and the FCID document made ahead at the write that made it, if one could be. */
export interface LeesmodelSjabloon {
  versie: number;
  sjabloon?: GelezenFcidSjabloon;
}

/**
 * The citizen's FCID document as made ahead (src/documenten/fcid-sjabloon.ts), with its data
 * version, in one indexed read that leaves the zaken themselves (readLeesmodel) unread.
 */
export async function readLeesmodelSjabloon(database: Database, oin: string, bsn: string): Promise<LeesmodelSjabloon> {
  const row = await database.statements.first<{ versie: number; sjabloon_kop: string | null; sjabloon: Uint8Array | string | null }>(
    'financiele_zaken_leesmodel_sjabloon',
    LEESMODEL_SJABLOON_QUERY[database.provider],
    { bsn, oin },
  );
  if (!row) return { versie: 0 };
  if (row.sjabloon_kop === null || row.sjabloon === null) return { versie: Number(row.versie) };
  const tekst = typeof row.sjabloon === 'string' ? Buffer.from(row.sjabloon, 'utf8') : row.sjabloon;
  return { versie: Number(row.versie), sjabloon: { kop: row.sjabloon_kop, tekst } };
}

const LEESMODEL_VERSIE_QUERY = `
  SELECT l.versie AS versie
  ${EEN_LEESMODEL_RIJ}`;

/** The versions of many citizens at once (PostgreSQL only: the BSNs as one array parameter `bsns`). */
export const LEESMODEL_VERSIES_QUERY = `
  SELECT c.bsn AS bsn, l.versie AS versie
  ${LEESMODEL_RIJEN}
  WHERE c.bsn = ANY(:bsns) AND o.oin = :oin`;

/** Version reads of one organisation's documents, batched (PostgreSQL), per open database. */
const versieBundels = new WeakMap<Database, Map<string, Bundelaar<string, number>>>();

function versieBundel(database: Database, oin: string): Bundelaar<string, number> {
  let perOin = versieBundels.get(database);
  if (!perOin) versieBundels.set(database, (perOin = new Map()));
  let bundel = perOin.get(oin);
  if (!bundel) {
    bundel = new Bundelaar(async (bsns) => {
      const rows = await database.statements.all<{ bsn: string; versie: number }>('financiele_zaken_leesmodel_versies', LEESMODEL_VERSIES_QUERY, { bsns, oin });
      return new Map(rows.map((row) => [row.bsn, Number(row.versie)]));
    }, 0);
    perOin.set(oin, bundel);
  }
  return bundel;
}

/**
 * Only the data version of the citizen's read model (0 when there is none, as readLeesmodel
 * says): enough to answer from a document already made, without reading and copying the
 * zaken themselves. On PostgreSQL the reads of concurrent requests go out as one query
 * (src/data/bundelaar.ts: each read still made after its request asked); SQLite reads in
 * process, where a batch would save nothing.
 */
export async function readLeesmodelVersie(database: Database, oin: string, bsn: string): Promise<number> {
  if (database.provider === 'postgresql') return versieBundel(database, oin).read(bsn);
  const row = await database.statements.first<{ versie: number }>('financiele_zaken_leesmodel_versie', LEESMODEL_VERSIE_QUERY, { bsn, oin });
  return row ? Number(row.versie) : 0;
}

/** The reads of a document request on this database, for the tests and benchmarks that look at their plans. */
export function leesmodelQueries(provider: Database['provider']): Record<'gegevens' | 'sjabloon' | 'versie', string> {
  return { gegevens: LEESMODEL_QUERY, sjabloon: LEESMODEL_SJABLOON_QUERY[provider], versie: LEESMODEL_VERSIE_QUERY };
}

/** The read model row as read: its version at once, its data when asked. */
export async function readLeesmodel(database: Database, oin: string, bsn: string): Promise<LeesmodelStand> {
  const row = await database.statements.first<{ organisation_id: number; citizen_id: number; versie: number; gegevens: string }>(
    'financiele_zaken_leesmodel',
    LEESMODEL_QUERY,
    { bsn, oin },
  );
  if (!row) return { versie: 0, gegevens: () => ({ zaken: [], gebeurtenissen: [] }) };
  const versie = Number(row.versie);
  return {
    versie,
    rij: { organisationId: Number(row.organisation_id), citizenId: Number(row.citizen_id), versie },
    gegevens: () => JSON.parse(row.gegevens) as FinancieleZakenVanInwoner,
  };
}

/**
 * Makes the FCID document ahead anew for a read model whose template no longer holds at `op`
 * (its span has passed, or it was made for another issuer, or by a version without
 * templates), as the write would have made it, but only while the row is still at the
 * version it was read at: a write in between made its own. Written by the row's primary key:
 * a filter through the citizen's BSN (Prisma's relation filter) scans the whole table on
 * SQLite, 74 ms a row at 100,000 citizens. Returns whether it was written.
 */
export async function vernieuwLeesmodelSjabloon(
  database: Db,
  rij: LeesmodelRij,
  bsn: string,
  uitgever: FcidUitgever,
  zaken: FinancieleZakenVanInwoner,
  op: Date,
): Promise<boolean> {
  const sjabloon = maakFcidSjabloon(uitgever, bsn, zaken, op);
  // None can be made (events that cannot be folded): the one that no longer holds goes, so
  // the bulk renewal does not pick the row again (every read folds, as after such a write).
  const { count } = await clientOf(database).financieleZakenLeesmodel.updateMany({
    where: { organisationId: rij.organisationId, citizenId: rij.citizenId, versie: rij.versie },
    data: sjabloonKolommen(sjabloon),
  });
  return sjabloon !== null && count > 0;
}

/** A read model whose template stopped holding: what renewing it needs, and where the next batch starts. */
export interface VerlopenSjabloon extends LeesmodelRij {
  bsn: string;
  /** When its template stopped holding (ms). */
  tot: number;
  /** The zaken and events, parsed on demand. */
  gegevens(): FinancieleZakenVanInwoner;
}

/**
 * The organisation's read models whose template stopped holding at or before `nu`, the
 * longest expired first, at most `max`, after `na` (the last of the previous batch: each row
 * comes up at most once in a pass, also one that could not be renewed). One range scan of the
 * index on (organisation, sjabloon_tot); rows without a template, or with one that holds for
 * good, are not in that range.
 */
export async function verlopenSjablonen(
  database: Db,
  oin: string,
  nu: Date,
  max: number,
  na?: Pick<VerlopenSjabloon, 'tot' | 'citizenId'>,
): Promise<VerlopenSjabloon[]> {
  const rows = await clientOf(database).financieleZakenLeesmodel.findMany({
    // After `na` as a range that starts at its end (an index seek), less the rows of that same
    // end up to its citizen; an OR of the two halves would scan the range from its start.
    where: {
      organisation: { oin },
      sjabloonTot: { lte: BigInt(nu.getTime()), ...(na ? { gte: BigInt(na.tot) } : {}) },
      ...(na ? { NOT: { sjabloonTot: BigInt(na.tot), citizenId: { lte: na.citizenId } } } : {}),
    },
    orderBy: [{ sjabloonTot: 'asc' }, { citizenId: 'asc' }],
    take: max,
    select: { organisationId: true, citizenId: true, versie: true, gegevens: true, sjabloonTot: true, citizen: { select: { bsn: true } } },
  });
  return rows.map((row) => ({
    organisationId: row.organisationId,
    citizenId: row.citizenId,
    bsn: row.citizen.bsn,
    versie: row.versie,
    tot: Number(row.sjabloonTot),
    gegevens: () => JSON.parse(row.gegevens) as FinancieleZakenVanInwoner,
  }));
}

/**
 * Claims the next data version of a citizen at an organisation. Done first in a write
 * transaction: on PostgreSQL the row lock it takes makes concurrent writers for the same
 * citizen wait, so each rebuilds the read model from what the other committed.
 */
async function claimVersie(tx: Queryable, organisationId: number, citizenId: number): Promise<void> {
  await tx.financieleZakenLeesmodel.upsert({
    where: { organisationId_citizenId: { organisationId, citizenId } },
    create: { organisationId, citizenId, versie: 1, gegevens: JSON.stringify({ zaken: [], gebeurtenissen: [] }) },
    update: { versie: { increment: 1 } },
  });
}

/**
 * The read model's columns for a citizen's zaken and events: the data, and the FCID document
 * made from it now, ahead of the reads (null when the events cannot be folded: a read then
 * folds, and answers what that gives).
 */
function leesmodelKolommen(uitgever: FcidUitgever, bsn: string, zaken: FinancieleZakenVanInwoner): { gegevens: string } & SjabloonKolommen {
  return { gegevens: JSON.stringify(zaken), ...sjabloonKolommen(maakFcidSjabloon(uitgever, bsn, zaken, new Date())) };
}

interface SjabloonKolommen {
  sjabloonKop: string | null;
  sjabloon: string | null;
  sjabloonTot: bigint | null;
}

/** The read model's columns for a template made ahead (all null when none could be made). */
function sjabloonKolommen(sjabloon: GemaaktFcidSjabloon | null): SjabloonKolommen {
  return { sjabloonKop: sjabloon?.kop ?? null, sjabloon: sjabloon?.tekst ?? null, sjabloonTot: sjabloon?.tot == null ? null : BigInt(sjabloon.tot) };
}

/**
 * Rewrites the read model from the tables (same transaction as the write), with the
 * organisation as its documents show it (`uitgever`, read once by the write).
 */
async function rebuildLeesmodel(tx: Queryable, organisation: { id: number; uitgever: FcidUitgever }, citizenId: number, bsn: string): Promise<void> {
  const organisationId = organisation.id;
  const zaken = await loadByIds(tx, organisationId, citizenId, bsn);
  await tx.financieleZakenLeesmodel.update({
    where: { organisationId_citizenId: { organisationId, citizenId } },
    data: leesmodelKolommen(organisation.uitgever, bsn, zaken),
  });
}

/**
 * Fills the read model of a database whose zaken were written before it existed (a
 * database migrated from an older version): once, when it is empty but zaken are not.
 */
export async function rebuildLeesmodellenIfMissing(client: DatabaseClient): Promise<void> {
  if ((await client.financieleZakenLeesmodel.count()) > 0 || (await client.financieleZaak.count()) === 0) return;
  const pairs = await client.financieleZaak.findMany({
    distinct: ['organisationId', 'citizenId'],
    select: { organisationId: true, citizenId: true, citizen: { select: { bsn: true } } },
  });
  const uitgevers = new Map<number, FcidUitgever>();
  for (const { organisationId, citizenId, citizen } of pairs) {
    let uitgever = uitgevers.get(organisationId);
    if (!uitgever) uitgevers.set(organisationId, (uitgever = await findOrganisationById(client, organisationId)));
    await inTransaction(client, async (tx) => {
      await claimVersie(tx, organisationId, citizenId);
      await rebuildLeesmodel(tx, { id: organisationId, uitgever: uitgever! }, citizenId, citizen.bsn);
    });
  }
}

/** Runs `work` in a transaction, or in the caller's when `database` already is one. */
async function inTransaction<T>(database: Db, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const db = clientOf(database);
  const client = db as Partial<DatabaseClient>;
  return typeof client.$transaction === 'function' ? (db as DatabaseClient).$transaction(work) : work(db);
}

// ---------------------------------------------------------------------------------------
// Writing (the seed uses these; so can an importer)
// ---------------------------------------------------------------------------------------

/** The writing organisation's id (for the foreign keys) and the organisation as its documents show it (for the read model). */
async function schrijvendeOrganisatie(db: Queryable, oin: string): Promise<{ id: number; uitgever: FcidUitgever }> {
  const found = await findOrganisationWithId(db, oin);
  if (!found) throw new DataIntegrityError(`unknown organisation ${oin}`);
  return { id: found.id, uitgever: found.organisation };
}

/**
 * Records a zaak of a citizen (the citizen is created when unknown) with its first events,
 * in order (an event may refer to an earlier one), and the read model once.
 */
export async function insertFinancieleZaak(
  database: Db,
  oin: string,
  bsn: string,
  zaak: { zaakkenmerk: string; omschrijving?: string; contactopties?: readonly Contactoptie[] },
  gebeurtenissen: readonly Gebeurtenis[] = [],
): Promise<void> {
  await inTransaction(database, async (db) => {
    const organisation = await schrijvendeOrganisatie(db, oin);
    const organisationId = organisation.id;
    const citizen = await db.citizen.upsert({ where: { bsn }, create: { bsn }, update: {}, select: { id: true } });
    await claimVersie(db, organisationId, citizen.id);
    const { id } = await db.financieleZaak.create({
      select: { id: true },
      data: {
        organisationId,
        citizenId: citizen.id,
        zaakkenmerk: zaak.zaakkenmerk,
        omschrijving: zaak.omschrijving ?? null,
        contactopties: {
          create: (zaak.contactopties ?? []).map((c, positie) => ({
            positie,
            contactvorm: c.contactvorm,
            waarde: c.waarde,
            omschrijving: c.omschrijving ?? null,
          })),
        },
      },
    });
    for (const gebeurtenis of gebeurtenissen) {
      if (gebeurtenis.zaakkenmerk !== zaak.zaakkenmerk) {
        throw new DataIntegrityError(`gebeurtenis ${gebeurtenis.gebeurtenis_kenmerk}: zaakkenmerk differs from its zaak`);
      }
      await recordGebeurtenis(db, organisationId, { id, bsn }, gebeurtenis);
    }
    await rebuildLeesmodel(db, organisation, citizen.id, bsn);
  });
}

/** Where in which event a problem is, for its message. */
function about(e: Gebeurtenis, field: string): string {
  return `gebeurtenis ${e.gebeurtenis_kenmerk}: ${field}`;
}

/** An amount as stored: whole, non-negative cents. */
function cents(e: Gebeurtenis, value: number, field: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new DataIntegrityError(about(e, `${field} is not a whole, non-negative number of cents`));
  return BigInt(value);
}

/**
 * The type-specific columns of an event (all others NULL). Module-level helpers rather
 * than closures per call: a bulk load calls this for every one of millions of events.
 */
function columnsOf(e: Gebeurtenis) {
  const none = {
    verplichtingskenmerk: null,
    datumtijdOpgelegd: null,
    beschikkingsnummer: null,
    primaireVerplichting: null,
    verplichtingstype: null,
    categorie: null,
    bedrag: null,
    bedragKwijtgescholden: null,
    volledig: null,
    omschrijving: null,
    betalingskenmerk: null,
    betalingsverplichtingstype: null,
    vervaldatum: null,
    datumtijdOntvangen: null,
  };
  switch (e.gebeurtenis_type) {
    case 'FinancieleVerplichtingOpgelegd':
      instantOf(e.datumtijd_opgelegd, about(e, 'datumtijd_opgelegd'));
      if (!VERPLICHTINGSTYPE.test(e.type)) throw new DataIntegrityError(about(e, `type ${JSON.stringify(e.type)}`));
      return {
        ...none,
        verplichtingskenmerk: e.verplichtingskenmerk,
        datumtijdOpgelegd: e.datumtijd_opgelegd,
        beschikkingsnummer: e.beschikkingsnummer,
        primaireVerplichting: e.primaire_verplichting,
        verplichtingstype: e.type,
        categorie: e.categorie ?? null,
        bedrag: cents(e, e.bedrag, 'bedrag'),
        omschrijving: e.omschrijving ?? null,
      };
    case 'FinancieleVerplichtingKwijtgescholden':
      return {
        ...none,
        verplichtingskenmerk: e.verplichtingskenmerk,
        bedragKwijtgescholden: cents(e, e.bedrag_kwijtgescholden, 'bedrag_kwijtgescholden'),
        volledig: e.volledig,
        omschrijving: e.omschrijving ?? null,
      };
    case 'BetalingsverplichtingOpgelegd':
      return {
        ...none,
        betalingskenmerk: e.betalingskenmerk,
        verplichtingskenmerk: e.verplichtingskenmerk,
        betalingsverplichtingstype: e.type,
        omschrijving: e.omschrijving ?? null,
        bedrag: cents(e, e.bedrag, 'bedrag'),
        vervaldatum: calendarDate(e.vervaldatum, about(e, 'vervaldatum')),
      };
    case 'BetalingsverplichtingIngetrokken':
      return { ...none, betalingskenmerk: e.betalingskenmerk, omschrijving: e.omschrijving ?? null };
    case 'BetalingVerwerkt':
      instantOf(e.datumtijd_ontvangen, about(e, 'datumtijd_ontvangen'));
      return {
        ...none,
        betalingskenmerk: e.betalingskenmerk,
        datumtijdOntvangen: e.datumtijd_ontvangen,
        bedrag: cents(e, e.bedrag, 'bedrag'),
      };
    case 'GebeurtenisIngetrokken':
      return { ...none, omschrijving: e.omschrijving ?? null };
  }
}

/**
 * Records one event, exactly as given (the RFC 3339 strings are kept verbatim). Its zaak
 * must exist; an event it corrects or withdraws must already be recorded at the same
 * organisation (they are foreign keys); on FinancieleVerplichtingOpgelegd the `bsn` must
 * be that of the zaak's citizen.
 */
export async function insertGebeurtenis(database: Db, oin: string, gebeurtenis: Gebeurtenis): Promise<void> {
  await inTransaction(database, (db) => insertGebeurtenisIn(db, oin, gebeurtenis));
}

async function insertGebeurtenisIn(db: Queryable, oin: string, gebeurtenis: Gebeurtenis): Promise<void> {
  const organisation = await schrijvendeOrganisatie(db, oin);
  const organisationId = organisation.id;
  const zaak = await db.financieleZaak.findUnique({
    where: { organisationId_zaakkenmerk: { organisationId, zaakkenmerk: gebeurtenis.zaakkenmerk } },
    select: { id: true, citizenId: true, citizen: { select: { bsn: true } } },
  });
  if (!zaak) throw new DataIntegrityError(`gebeurtenis ${gebeurtenis.gebeurtenis_kenmerk}: unknown zaak ${gebeurtenis.zaakkenmerk}`);
  await claimVersie(db, organisationId, zaak.citizenId);
  await recordGebeurtenis(db, organisationId, { id: zaak.id, bsn: zaak.citizen.bsn }, gebeurtenis);
  await rebuildLeesmodel(db, organisation, zaak.citizenId, zaak.citizen.bsn);
}

/** Writes the event's row (the read model is the caller's). */
async function recordGebeurtenis(db: Queryable, organisationId: number, zaak: { id: number; bsn: string }, gebeurtenis: Gebeurtenis): Promise<void> {
  if (gebeurtenis.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd' && gebeurtenis.bsn !== zaak.bsn) {
    throw new DataIntegrityError(about(gebeurtenis, 'bsn differs from the citizen of the zaak'));
  }
  const idOfKenmerk = async (kenmerk: string | undefined, field: string): Promise<number | null> => {
    if (kenmerk === undefined) return null;
    const target = await db.gebeurtenis.findUnique({
      where: { organisationId_kenmerk: { organisationId, kenmerk } },
      select: { id: true },
    });
    if (!target) throw new DataIntegrityError(about(gebeurtenis, `${field} ${kenmerk} is not recorded`));
    return target.id;
  };
  await db.gebeurtenis.create({
    data: {
      organisationId,
      zaakId: zaak.id,
      kenmerk: gebeurtenis.gebeurtenis_kenmerk,
      gebeurtenisType: gebeurtenis.gebeurtenis_type,
      occurredAt: gebeurtenis.datumtijd_gebeurtenis,
      occurredAtUtc: instantOf(gebeurtenis.datumtijd_gebeurtenis, about(gebeurtenis, 'datumtijd_gebeurtenis')),
      correctsId: await idOfKenmerk(gebeurtenis.corrigeert_gebeurtenis_kenmerk, 'corrigeert_gebeurtenis_kenmerk'),
      withdrawsId:
        gebeurtenis.gebeurtenis_type === 'GebeurtenisIngetrokken'
          ? await idOfKenmerk(gebeurtenis.ingetrokken_gebeurtenis_kenmerk, 'ingetrokken_gebeurtenis_kenmerk')
          : null,
      ...columnsOf(gebeurtenis),
    },
  });
}

// ---------------------------------------------------------------------------------------
// Writing many citizens at once (synthetic populations, bulk imports)
// ---------------------------------------------------------------------------------------

export interface NieuweInwonerZaken {
  bsn: string;
  zaken: (FinancieleZaakGegevens & { gebeurtenissen: Gebeurtenis[] })[];
}

const CITIZEN_TABLE: BulkTable = { name: 'citizen', columns: ['bsn'] };
const ZAAK_TABLE: BulkTable = {
  name: 'financiele_zaak',
  columns: ['organisation_id', 'citizen_id', 'zaakkenmerk', 'omschrijving'],
};
const ZAAK_CONTACTOPTIE_TABLE: BulkTable = {
  name: 'zaak_contactoptie',
  columns: ['zaak_id', 'positie', 'contactvorm', 'waarde', 'omschrijving'],
};
const LEESMODEL_TABLE: BulkTable = {
  name: 'financiele_zaken_leesmodel',
  columns: ['organisation_id', 'citizen_id', 'versie', 'gegevens', 'sjabloon_kop', 'sjabloon', 'sjabloon_tot'],
};
/** The event columns a standalone event has, with the field of columnsOf() each comes from. */
const GEBEURTENIS_COLUMNS = [
  ['verplichtingskenmerk', 'verplichtingskenmerk'],
  ['datumtijd_opgelegd', 'datumtijdOpgelegd'],
  ['beschikkingsnummer', 'beschikkingsnummer'],
  ['primaire_verplichting', 'primaireVerplichting'],
  ['verplichtingstype', 'verplichtingstype'],
  ['categorie', 'categorie'],
  ['bedrag', 'bedrag'],
  ['bedrag_kwijtgescholden', 'bedragKwijtgescholden'],
  ['volledig', 'volledig'],
  ['omschrijving', 'omschrijving'],
  ['betalingskenmerk', 'betalingskenmerk'],
  ['betalingsverplichtingstype', 'betalingsverplichtingstype'],
  ['vervaldatum', 'vervaldatum'],
  ['datumtijd_ontvangen', 'datumtijdOntvangen'],
] as const;
const GEBEURTENIS_TABLE: BulkTable = {
  name: 'gebeurtenis',
  columns: ['organisation_id', 'zaak_id', 'kenmerk', 'gebeurtenis_type', 'occurred_at', 'occurred_at_utc', ...GEBEURTENIS_COLUMNS.map((c) => c[0])],
};

/**
 * Records new citizens with their zaken and events in a few statements per batch, read
 * model included (version 1), all in one transaction, through the driver
 * (src/data/bulk-insert.ts). For citizens the database does not know yet, and for events
 * that stand on their own: a correction or withdrawal refers to another event's id, which
 * only insertGebeurtenis looks up. The rows are the ones insertFinancieleZaak and
 * insertGebeurtenis write (columnsOf), and a test holds the read model to the tables.
 * Returns the new citizens' ids by BSN.
 */
export async function insertNieuweInwoners(
  bulk: BulkInserter,
  organisationId: number,
  /** The organisation as its documents show it (findOrganisationById), for the documents made ahead. */
  uitgever: FcidUitgever,
  inwoners: readonly NieuweInwonerZaken[],
): Promise<Map<string, number>> {
  let citizenIdOf = new Map<string, number>();
  await bulk.transaction(async () => {
    citizenIdOf = await bulk.insertReturningIds(CITIZEN_TABLE, 'bsn', inwoners.map(({ bsn }) => [bsn]));
    const zaakIdOf = await bulk.insertReturningIds(
      ZAAK_TABLE,
      'zaakkenmerk',
      inwoners.flatMap(({ bsn, zaken }) => zaken.map((z) => [organisationId, citizenIdOf.get(bsn)!, z.zaakkenmerk, z.omschrijving ?? null])),
    );
    const contactopties: BulkValue[][] = [];
    const gebeurtenissen: BulkValue[][] = [];
    const leesmodellen: BulkValue[][] = [];
    for (const { bsn, zaken } of inwoners) {
      const timed: TimedGebeurtenis[] = [];
      for (const z of zaken) {
        const zaakId = zaakIdOf.get(z.zaakkenmerk)!;
        z.contactopties.forEach((c, positie) => contactopties.push([zaakId, positie, c.contactvorm, c.waarde, c.omschrijving ?? null]));
        for (const g of z.gebeurtenissen) {
          if (g.zaakkenmerk !== z.zaakkenmerk) throw new DataIntegrityError(about(g, 'zaakkenmerk differs from its zaak'));
          if (g.corrigeert_gebeurtenis_kenmerk !== undefined || g.gebeurtenis_type === 'GebeurtenisIngetrokken') {
            throw new DataIntegrityError(about(g, 'refers to another event: record it with insertGebeurtenis'));
          }
          if (g.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd' && g.bsn !== bsn) throw new DataIntegrityError(about(g, 'bsn differs from the citizen of the zaak'));
          const occurredAtUtc = instantOf(g.datumtijd_gebeurtenis, about(g, 'datumtijd_gebeurtenis'));
          const columns = columnsOf(g);
          const row: BulkValue[] = [organisationId, zaakId, g.gebeurtenis_kenmerk, g.gebeurtenis_type, g.datumtijd_gebeurtenis, occurredAtUtc];
          for (const [, field] of GEBEURTENIS_COLUMNS) row.push(columns[field]);
          gebeurtenissen.push(row);
          timed.push({ at: occurredAtUtc.getTime(), gebeurtenis: g });
        }
      }
      const gegevens = inDocumentOrder(
        zaken.map(({ gebeurtenissen: _events, ...zaak }) => zaak),
        timed,
      );
      const kolommen = leesmodelKolommen(uitgever, bsn, gegevens);
      leesmodellen.push([organisationId, citizenIdOf.get(bsn)!, 1, kolommen.gegevens, kolommen.sjabloonKop, kolommen.sjabloon, kolommen.sjabloonTot]);
    }
    await bulk.insert(ZAAK_CONTACTOPTIE_TABLE, contactopties);
    await bulk.insert(GEBEURTENIS_TABLE, gebeurtenissen);
    await bulk.insert(LEESMODEL_TABLE, leesmodellen);
  });
  return citizenIdOf;
}
