/**
 * RDW data: vehicles, driving licences (with the look-ups of the licence) and registered
 * fast motorboats, read as the contract shapes them and written from contract shapes.
 */
import { rijbewijscategorieCategorieValues, type components } from '../generated/api.js';
import { clientOf, type Db, type Queryable } from './database.js';
import { calendarDate, compareText, DataIntegrityError, instantOf, oneOf } from './integrity.js';

type Schemas = components['schemas'];
export type Voertuig = Schemas['Voertuig'];
export type Rijbewijs = Schemas['Rijbewijs'];
export type Rijbewijscategorie = Schemas['Rijbewijscategorie'];
export type Raadpleging = Schemas['Raadpleging'];
export type RijbewijsGegevens = Schemas['RijbewijsGegevens'];
export type Vaartuig = Schemas['Vaartuig'];
export type Motor = Schemas['Motor'];

/** In the contract's (and the licence's) order; categories come back in this order. */
export const CATEGORIEEN = rijbewijscategorieCategorieValues;

const KENTEKEN = /^[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}$/;
const DOCUMENTNUMMER = /^[0-9]{10}$/;
const BEPERKING = /^[0-9A-Za-z.()/]+$/;

async function idsOf(db: Queryable, oin: string, bsn: string): Promise<{ organisationId: number; citizenId: number } | null> {
  const [organisation, citizen] = await Promise.all([
    db.organisation.findUnique({ where: { oin }, select: { id: true } }),
    db.citizen.findUnique({ where: { bsn }, select: { id: true } }),
  ]);
  return organisation && citizen ? { organisationId: organisation.id, citizenId: citizen.id } : null;
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/** The vehicles registered to the citizen at this organisation, by kenteken (empty when none). */
export async function loadVoertuigen(database: Db, oin: string, bsn: string): Promise<Voertuig[]> {
  const db = clientOf(database);
  const ids = await idsOf(db, oin, bsn);
  if (!ids) return [];
  const rows = await db.voertuig.findMany({ where: ids });
  rows.sort((a, b) => compareText(a.kenteken, b.kenteken));
  return rows.map((row) => ({
    kenteken: row.kenteken,
    voertuigsoort: row.voertuigsoort,
    merk: row.merk,
    handelsbenaming: row.handelsbenaming,
    datum_eerste_toelating: row.datumEersteToelating,
    datum_tenaamstelling: row.datumTenaamstelling,
    ...(row.vervaldatumApk === null ? {} : { vervaldatum_apk: row.vervaldatumApk }),
    europese_voertuigcategorie: row.europeseVoertuigcategorie,
  }));
}

/**
 * The citizen's current driving licence (the one issued last; absent when there is none)
 * and every look-up of any of the citizen's licences, oldest first.
 */
export async function loadRijbewijs(database: Db, oin: string, bsn: string): Promise<RijbewijsGegevens> {
  const db = clientOf(database);
  const ids = await idsOf(db, oin, bsn);
  if (!ids) return { raadplegingen: [] };
  const rows = await db.rijbewijs.findMany({
    where: ids,
    include: { categorieen: true, raadplegingen: { where: { vertrouwelijk: false } } },
  });
  rows.sort((a, b) => compareText(b.afgiftedatum, a.afgiftedatum) || compareText(b.documentnummer, a.documentnummer));

  const raadplegingen = rows
    .flatMap((row) => row.raadplegingen)
    .sort(
      (a, b) =>
        a.datumtijdUtc.getTime() - b.datumtijdUtc.getTime() ||
        compareText(a.afnemer, b.afnemer) ||
        compareText(a.doel, b.doel) ||
        a.id - b.id,
    )
    .map((r): Raadpleging => ({ datumtijd: r.datumtijd, afnemer: r.afnemer, doel: r.doel }));

  const current = rows[0];
  if (!current) return { raadplegingen };
  const categorieen = current.categorieen
    .map((c): Rijbewijscategorie => {
      const beperkingen = c.beperkingen === null || c.beperkingen === '' ? [] : c.beperkingen.split(',');
      return {
        categorie: oneOf(CATEGORIEEN, c.categorie, `rijbewijs_categorie ${c.id}: categorie`),
        afgiftedatum: c.afgiftedatum,
        geldig_tot: c.geldigTot,
        ...(beperkingen.length > 0 ? { beperkingen } : {}),
      };
    })
    .sort((a, b) => CATEGORIEEN.indexOf(a.categorie) - CATEGORIEEN.indexOf(b.categorie));
  return {
    rijbewijs: {
      documentnummer: current.documentnummer,
      afgiftedatum: current.afgiftedatum,
      geldig_tot: current.geldigTot,
      afgegeven_door: current.afgegevenDoor,
      categorieen,
    },
    raadplegingen,
  };
}

/** The citizen's registered vessels with their engines, by registratienummer (empty when none). */
export async function loadVaartuigen(database: Db, oin: string, bsn: string): Promise<Vaartuig[]> {
  const db = clientOf(database);
  const ids = await idsOf(db, oin, bsn);
  if (!ids) return [];
  const rows = await db.vaartuig.findMany({ where: ids, include: { motoren: { orderBy: { positie: 'asc' } } } });
  rows.sort((a, b) => compareText(a.registratienummer, b.registratienummer));
  return rows.map((row) => ({
    registratienummer: row.registratienummer,
    merk: row.merk,
    type: row.type,
    ...(row.lengteCm === null ? {} : { lengte_cm: row.lengteCm }),
    registratiedatum: row.registratiedatum,
    motoren: row.motoren.map((m): Motor => ({
      merk: m.merk,
      type: m.type,
      vermogen_kw: m.vermogenKw,
      ...(m.motornummer === null ? {} : { motornummer: m.motornummer }),
    })),
  }));
}

// ---------------------------------------------------------------------------------------
// Writing (the seed uses these; so can an importer). Unknown citizens are created.
// ---------------------------------------------------------------------------------------

async function writeIdsOf(db: Queryable, oin: string, bsn: string): Promise<{ organisationId: number; citizenId: number }> {
  const organisation = await db.organisation.findUnique({ where: { oin }, select: { id: true } });
  if (!organisation) throw new DataIntegrityError(`unknown organisation ${oin}`);
  const citizen = await db.citizen.upsert({ where: { bsn }, create: { bsn }, update: {}, select: { id: true } });
  return { organisationId: organisation.id, citizenId: citizen.id };
}

export async function insertVoertuig(database: Db, oin: string, bsn: string, voertuig: Voertuig): Promise<void> {
  const db = clientOf(database);
  const where = `voertuig ${voertuig.kenteken}`;
  if (!KENTEKEN.test(voertuig.kenteken)) throw new DataIntegrityError(`${where}: kenteken`);
  await db.voertuig.create({
    data: {
      ...(await writeIdsOf(db, oin, bsn)),
      kenteken: voertuig.kenteken,
      voertuigsoort: voertuig.voertuigsoort,
      merk: voertuig.merk,
      handelsbenaming: voertuig.handelsbenaming,
      datumEersteToelating: calendarDate(voertuig.datum_eerste_toelating, `${where}: datum_eerste_toelating`),
      datumTenaamstelling: calendarDate(voertuig.datum_tenaamstelling, `${where}: datum_tenaamstelling`),
      vervaldatumApk:
        voertuig.vervaldatum_apk === undefined ? null : calendarDate(voertuig.vervaldatum_apk, `${where}: vervaldatum_apk`),
      europeseVoertuigcategorie: voertuig.europese_voertuigcategorie,
    },
  });
}

/** Records a licence with its categories and, optionally, look-ups of it. */
export async function insertRijbewijs(
  database: Db,
  oin: string,
  bsn: string,
  rijbewijs: Rijbewijs,
  raadplegingen: readonly Raadpleging[] = [],
): Promise<void> {
  const db = clientOf(database);
  const where = `rijbewijs ${rijbewijs.documentnummer}`;
  if (!DOCUMENTNUMMER.test(rijbewijs.documentnummer)) throw new DataIntegrityError(`${where}: documentnummer`);
  await db.rijbewijs.create({
    data: {
      ...(await writeIdsOf(db, oin, bsn)),
      documentnummer: rijbewijs.documentnummer,
      afgiftedatum: calendarDate(rijbewijs.afgiftedatum, `${where}: afgiftedatum`),
      geldigTot: calendarDate(rijbewijs.geldig_tot, `${where}: geldig_tot`),
      afgegevenDoor: rijbewijs.afgegeven_door,
      categorieen: {
        create: rijbewijs.categorieen.map((c) => {
          const beperkingen = c.beperkingen ?? [];
          if (!beperkingen.every((code) => BEPERKING.test(code))) {
            throw new DataIntegrityError(`${where}: beperkingen of ${c.categorie}`);
          }
          return {
            categorie: oneOf(CATEGORIEEN, c.categorie, `${where}: categorie`),
            afgiftedatum: calendarDate(c.afgiftedatum, `${where}: afgiftedatum of ${c.categorie}`),
            geldigTot: calendarDate(c.geldig_tot, `${where}: geldig_tot of ${c.categorie}`),
            beperkingen: beperkingen.length > 0 ? beperkingen.join(',') : null,
          };
        }),
      },
      raadplegingen: {
        create: raadplegingen.map((r) => ({
          datumtijd: r.datumtijd,
          datumtijdUtc: instantOf(r.datumtijd, `${where}: raadpleging datumtijd`),
          afnemer: r.afnemer,
          doel: r.doel,
        })),
      },
    },
  });
}

/**
 * Records one more look-up of a licence (known by its documentnummer at this organisation).
 * A confidential one (by law) never shows in the citizen's document.
 */
export async function insertRaadpleging(database: Db, oin: string, documentnummer: string, raadpleging: Raadpleging, vertrouwelijk = false): Promise<void> {
  const db = clientOf(database);
  const organisation = await db.organisation.findUnique({ where: { oin }, select: { id: true } });
  if (!organisation) throw new DataIntegrityError(`unknown organisation ${oin}`);
  const rijbewijs = await db.rijbewijs.findUnique({
    where: { organisationId_documentnummer: { organisationId: organisation.id, documentnummer } },
    select: { id: true },
  });
  if (!rijbewijs) throw new DataIntegrityError(`unknown rijbewijs ${documentnummer}`);
  await db.raadpleging.create({
    data: {
      rijbewijsId: rijbewijs.id,
      datumtijd: raadpleging.datumtijd,
      datumtijdUtc: instantOf(raadpleging.datumtijd, `rijbewijs ${documentnummer}: raadpleging datumtijd`),
      afnemer: raadpleging.afnemer,
      doel: raadpleging.doel,
      vertrouwelijk,
    },
  });
}

export async function insertVaartuig(database: Db, oin: string, bsn: string, vaartuig: Vaartuig): Promise<void> {
  const db = clientOf(database);
  const where = `vaartuig ${vaartuig.registratienummer}`;
  await db.vaartuig.create({
    data: {
      ...(await writeIdsOf(db, oin, bsn)),
      registratienummer: vaartuig.registratienummer,
      merk: vaartuig.merk,
      type: vaartuig.type,
      lengteCm: vaartuig.lengte_cm ?? null,
      registratiedatum: calendarDate(vaartuig.registratiedatum, `${where}: registratiedatum`),
      motoren: {
        create: vaartuig.motoren.map((m, positie) => ({
          positie,
          merk: m.merk,
          type: m.type,
          vermogenKw: m.vermogen_kw,
          motornummer: m.motornummer ?? null,
        })),
      },
    },
  });
}
