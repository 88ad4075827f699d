/**
 * Financiële zaken and their FCID events (v4.1.0), read as the contract shapes them and
 * written from contract-shaped values. The derived view (totals, saldo, which events
 * count) is not computed here: see src/fcid.
 */
import { betalingsverplichtingstypeValues, gebeurtenistypeValues, verplichtingscategorieValues, type components } from '../generated/api.js';
import { clientOf, type Db, type Queryable } from './database.js';
import {
  calendarDate,
  compareText,
  DataIntegrityError,
  instantOf,
  oneOf,
  required,
  toAmount,
} from './integrity.js';
import { toContactoptie, type Contactoptie } from './organisations.js';

type Schemas = components['schemas'];
export type Gebeurtenis = Schemas['Gebeurtenis'];
export type GebeurtenisType = Gebeurtenis['gebeurtenis_type'];
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
 * The citizen's financiële zaken at the organisation and all their events. A citizen (or
 * organisation) the database does not know has no zaken: empty lists, not an error.
 */
export async function loadFinancieleZaken(database: Db, oin: string, bsn: string): Promise<FinancieleZakenVanInwoner> {
  const db = clientOf(database);
  const ids = await idsOf(db, oin, bsn);
  if (!ids) return { zaken: [], gebeurtenissen: [] };
  const rows = await db.financieleZaak.findMany({
    where: { organisationId: ids.organisationId, citizenId: ids.citizenId },
    include: {
      contactopties: { orderBy: { positie: 'asc' } },
      gebeurtenissen: {
        orderBy: [{ occurredAtUtc: 'asc' }, { kenmerk: 'asc' }],
        include: { corrects: { select: { kenmerk: true } }, withdraws: { select: { kenmerk: true } } },
      },
    },
  });
  rows.sort((a, b) => compareText(a.zaakkenmerk, b.zaakkenmerk));

  const zaken: FinancieleZaakGegevens[] = [];
  const timed: { at: number; kenmerk: string; gebeurtenis: Gebeurtenis }[] = [];
  for (const row of rows) {
    zaken.push({
      zaakkenmerk: row.zaakkenmerk,
      ...(row.omschrijving === null ? {} : { omschrijving: row.omschrijving }),
      contactopties: row.contactopties.map((c) => toContactoptie(c, `zaak ${row.id}`)),
    });
    for (const event of row.gebeurtenissen) {
      timed.push({ at: event.occurredAtUtc.getTime(), kenmerk: event.kenmerk, gebeurtenis: toGebeurtenis(event, row.zaakkenmerk, bsn) });
    }
  }
  // Ordered here, not only in SQL: text order differs between databases and collations.
  timed.sort((a, b) => a.at - b.at || compareText(a.kenmerk, b.kenmerk));
  return { zaken, gebeurtenissen: timed.map((t) => t.gebeurtenis) };
}

// ---------------------------------------------------------------------------------------
// Writing (the seed uses these; so can an importer)
// ---------------------------------------------------------------------------------------

async function organisationIdOf(db: Queryable, oin: string): Promise<number> {
  const organisation = await db.organisation.findUnique({ where: { oin }, select: { id: true } });
  if (!organisation) throw new DataIntegrityError(`unknown organisation ${oin}`);
  return organisation.id;
}

/** Records a zaak of a citizen (the citizen is created when unknown). */
export async function insertFinancieleZaak(
  database: Db,
  oin: string,
  bsn: string,
  zaak: { zaakkenmerk: string; omschrijving?: string; contactopties?: readonly Contactoptie[] },
): Promise<void> {
  const db = clientOf(database);
  const organisationId = await organisationIdOf(db, oin);
  const citizen = await db.citizen.upsert({ where: { bsn }, create: { bsn }, update: {}, select: { id: true } });
  await db.financieleZaak.create({
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
}

/** The type-specific columns of an event (all others NULL). */
function columnsOf(e: Gebeurtenis) {
  const where = (field: string) => `gebeurtenis ${e.gebeurtenis_kenmerk}: ${field}`;
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
  const cents = (value: number, field: string): bigint => {
    if (!Number.isSafeInteger(value) || value < 0) throw new DataIntegrityError(where(`${field} is not a whole, non-negative number of cents`));
    return BigInt(value);
  };
  switch (e.gebeurtenis_type) {
    case 'FinancieleVerplichtingOpgelegd':
      instantOf(e.datumtijd_opgelegd, where('datumtijd_opgelegd'));
      if (!VERPLICHTINGSTYPE.test(e.type)) throw new DataIntegrityError(where(`type ${JSON.stringify(e.type)}`));
      return {
        ...none,
        verplichtingskenmerk: e.verplichtingskenmerk,
        datumtijdOpgelegd: e.datumtijd_opgelegd,
        beschikkingsnummer: e.beschikkingsnummer,
        primaireVerplichting: e.primaire_verplichting,
        verplichtingstype: e.type,
        categorie: e.categorie ?? null,
        bedrag: cents(e.bedrag, 'bedrag'),
        omschrijving: e.omschrijving ?? null,
      };
    case 'FinancieleVerplichtingKwijtgescholden':
      return {
        ...none,
        verplichtingskenmerk: e.verplichtingskenmerk,
        bedragKwijtgescholden: cents(e.bedrag_kwijtgescholden, 'bedrag_kwijtgescholden'),
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
        bedrag: cents(e.bedrag, 'bedrag'),
        vervaldatum: calendarDate(e.vervaldatum, where('vervaldatum')),
      };
    case 'BetalingsverplichtingIngetrokken':
      return { ...none, betalingskenmerk: e.betalingskenmerk, omschrijving: e.omschrijving ?? null };
    case 'BetalingVerwerkt':
      instantOf(e.datumtijd_ontvangen, where('datumtijd_ontvangen'));
      return {
        ...none,
        betalingskenmerk: e.betalingskenmerk,
        datumtijdOntvangen: e.datumtijd_ontvangen,
        bedrag: cents(e.bedrag, 'bedrag'),
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
  const db = clientOf(database);
  const where = (field: string) => `gebeurtenis ${gebeurtenis.gebeurtenis_kenmerk}: ${field}`;
  const organisationId = await organisationIdOf(db, oin);
  const zaak = await db.financieleZaak.findUnique({
    where: { organisationId_zaakkenmerk: { organisationId, zaakkenmerk: gebeurtenis.zaakkenmerk } },
    select: { id: true, citizen: { select: { bsn: true } } },
  });
  if (!zaak) throw new DataIntegrityError(where(`unknown zaak ${gebeurtenis.zaakkenmerk}`));
  if (gebeurtenis.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd' && gebeurtenis.bsn !== zaak.citizen.bsn) {
    throw new DataIntegrityError(where('bsn differs from the citizen of the zaak'));
  }
  const idOfKenmerk = async (kenmerk: string | undefined, field: string): Promise<number | null> => {
    if (kenmerk === undefined) return null;
    const target = await db.gebeurtenis.findUnique({
      where: { organisationId_kenmerk: { organisationId, kenmerk } },
      select: { id: true },
    });
    if (!target) throw new DataIntegrityError(where(`${field} ${kenmerk} is not recorded`));
    return target.id;
  };
  await db.gebeurtenis.create({
    data: {
      organisationId,
      zaakId: zaak.id,
      kenmerk: gebeurtenis.gebeurtenis_kenmerk,
      gebeurtenisType: gebeurtenis.gebeurtenis_type,
      occurredAt: gebeurtenis.datumtijd_gebeurtenis,
      occurredAtUtc: instantOf(gebeurtenis.datumtijd_gebeurtenis, where('datumtijd_gebeurtenis')),
      correctsId: await idOfKenmerk(gebeurtenis.corrigeert_gebeurtenis_kenmerk, 'corrigeert_gebeurtenis_kenmerk'),
      withdrawsId:
        gebeurtenis.gebeurtenis_type === 'GebeurtenisIngetrokken'
          ? await idOfKenmerk(gebeurtenis.ingetrokken_gebeurtenis_kenmerk, 'ingetrokken_gebeurtenis_kenmerk')
          : null,
      ...columnsOf(gebeurtenis),
    },
  });
}
