/**
 * The scheme operator's state: participating organisations, app managers, their public keys,
 * and every signed scheme document. The document is built from these rows (src/stelsel/).
 */
import type { JWK } from 'jose';
import type { Intrekkingsreden } from '../protocol/intrekking.js';
import { publicJwk } from '../protocol/jwk.js';
import { rfc3339Seconds } from '../protocol/sign-document.js';
import type { StelselAfnemer, StelselAppBeheerder, StelselDeelnemer, StelselDoel, StelselInhoud, StelselSleutel } from '../protocol/stelseldocument.js';
import { clientOf, type Db } from './database.js';
import { DataIntegrityError } from './integrity.js';

export type EigenaarSoort = 'organisatie' | 'app-beheerder' | 'afnemer';

export interface NieuweStelselSleutel {
  eigenaarSoort: EigenaarSoort;
  eigenaar: string;
  jwk: JWK;
  geldigVanaf: Date;
  geldigTot?: Date | null;
  ingetrokkenOp?: Date | null;
  intrekkingsreden?: Intrekkingsreden | null;
}

function publicOnly(jwk: JWK): JWK & { kid: string } {
  const cleaned = publicJwk(jwk);
  if (!cleaned.kid) throw new DataIntegrityError('a key in the scheme document needs a kid');
  return cleaned as JWK & { kid: string };
}

export async function upsertStelselOrganisatie(
  database: Db,
  org: { oin: string; naam: string; ontdekkingsUrl: string; diensten: string[] },
  now: Date,
): Promise<void> {
  const db = clientOf(database);
  const data = { naam: org.naam, ontdekkingsUrl: org.ontdekkingsUrl, diensten: org.diensten.join(',') };
  await db.stelselOrganisatie.upsert({ where: { oin: org.oin }, update: data, create: { ...data, oin: org.oin, createdAt: now } });
}

export async function removeStelselOrganisatie(database: Db, oin: string): Promise<boolean> {
  const db = clientOf(database);
  const { count } = await db.stelselOrganisatie.deleteMany({ where: { oin } });
  await db.stelselSleutel.deleteMany({ where: { eigenaarSoort: 'organisatie', eigenaar: oin } });
  return count > 0;
}

export async function upsertStelselAppBeheerder(database: Db, beheerder: { id: string; naam: string; url: string }, now: Date): Promise<void> {
  const db = clientOf(database);
  const data = { naam: beheerder.naam, url: beheerder.url };
  await db.stelselAppBeheerder.upsert({ where: { beheerderId: beheerder.id }, update: data, create: { ...data, beheerderId: beheerder.id, createdAt: now } });
}

export async function removeStelselAppBeheerder(database: Db, id: string): Promise<boolean> {
  const db = clientOf(database);
  const { count } = await db.stelselAppBeheerder.deleteMany({ where: { beheerderId: id } });
  await db.stelselSleutel.deleteMany({ where: { eigenaarSoort: 'app-beheerder', eigenaar: id } });
  return count > 0;
}

/** Adds a key (or updates the validity of a key with the same kid). */
export async function putStelselSleutel(database: Db, key: NieuweStelselSleutel): Promise<void> {
  const db = clientOf(database);
  const jwk = publicOnly(key.jwk);
  const where = { eigenaarSoort_eigenaar_kid: { eigenaarSoort: key.eigenaarSoort, eigenaar: key.eigenaar, kid: jwk.kid } };
  const data = {
    publicJwk: JSON.stringify(jwk),
    geldigVanaf: key.geldigVanaf,
    geldigTot: key.geldigTot ?? null,
    ingetrokkenOp: key.ingetrokkenOp ?? null,
    intrekkingsreden: key.ingetrokkenOp ? (key.intrekkingsreden ?? null) : null,
  };
  await db.stelselSleutel.upsert({ where, update: data, create: { ...data, eigenaarSoort: key.eigenaarSoort, eigenaar: key.eigenaar, kid: jwk.kid } });
}

/** Sets `geldig_tot` (rotation) of a key; returns how many keys matched. */
export async function updateStelselSleutel(database: Db, match: { kid: string; eigenaar?: string }, change: { geldigTot: Date }): Promise<number> {
  const db = clientOf(database);
  const { count } = await db.stelselSleutel.updateMany({ where: sleutelMatch(match), data: { geldigTot: change.geldigTot } });
  return count;
}

function sleutelMatch(match: { kid: string; eigenaar?: string }): { kid: string; eigenaar?: string } {
  return { kid: match.kid, ...(match.eigenaar ? { eigenaar: match.eigenaar } : {}) };
}

/**
 * Revokes a key for `reden`; returns how many keys matched. The first revocation moment is
 * kept, and a compromise (or a revocation without a reason, read as one) is never taken back
 * to `buiten-gebruik` (src/protocol/intrekking.ts).
 */
export async function trekStelselSleutelIn(database: Db, match: { kid: string; eigenaar?: string }, reden: Intrekkingsreden, at: Date): Promise<number> {
  const db = clientOf(database);
  const rows = await db.stelselSleutel.findMany({ where: sleutelMatch(match) });
  for (const row of rows) {
    const alGecompromitteerd = row.ingetrokkenOp !== null && row.intrekkingsreden !== 'buiten-gebruik';
    await db.stelselSleutel.update({
      where: { id: row.id },
      data: { ingetrokkenOp: row.ingetrokkenOp ?? at, intrekkingsreden: alGecompromitteerd ? 'gecompromitteerd' : reden },
    });
  }
  return rows.length;
}

function toSleutel(row: { publicJwk: string; kid: string; geldigVanaf: Date; geldigTot: Date | null; ingetrokkenOp: Date | null; intrekkingsreden: string | null }): StelselSleutel {
  const iso = rfc3339Seconds;
  return {
    ...(JSON.parse(row.publicJwk) as Pick<StelselSleutel, 'kty'>),
    kid: row.kid,
    geldig_vanaf: iso(row.geldigVanaf),
    ...(row.geldigTot ? { geldig_tot: iso(row.geldigTot) } : {}),
    ...(row.ingetrokkenOp ? { ingetrokken_op: iso(row.ingetrokkenOp) } : {}),
    ...(row.ingetrokkenOp && row.intrekkingsreden ? { intrekkingsreden: row.intrekkingsreden as Intrekkingsreden } : {}),
  };
}

/** The content of the scheme document, in a stable order (by OIN, by id, keys by start then kid). */
export async function stelselInhoud(database: Db): Promise<Required<StelselInhoud>> {
  const db = clientOf(database);
  const [organisaties, beheerders, afnemers, doelen, sleutels] = await Promise.all([
    db.stelselOrganisatie.findMany({ orderBy: { oin: 'asc' } }),
    db.stelselAppBeheerder.findMany({ orderBy: { beheerderId: 'asc' } }),
    db.stelselAfnemer.findMany({ orderBy: { afnemerId: 'asc' } }),
    db.stelselDoel.findMany({ orderBy: { doelId: 'asc' } }),
    db.stelselSleutel.findMany({ orderBy: [{ geldigVanaf: 'asc' }, { kid: 'asc' }] }),
  ]);
  const keysOf = (soort: EigenaarSoort, eigenaar: string) =>
    sleutels.filter((s) => s.eigenaarSoort === soort && s.eigenaar === eigenaar).map(toSleutel);
  return {
    organisaties: organisaties.map((o) => ({
      oin: o.oin,
      naam: o.naam,
      ontdekkings_url: o.ontdekkingsUrl,
      diensten: o.diensten ? o.diensten.split(',') : [],
      sleutels: keysOf('organisatie', o.oin),
    })),
    app_beheerders: beheerders.map((b) => ({ id: b.beheerderId, naam: b.naam, url: b.url, sleutels: keysOf('app-beheerder', b.beheerderId) })),
    afnemers: afnemers.map(
      (a): StelselAfnemer => ({
        id: a.afnemerId,
        naam: a.naam,
        status: a.status === 'opgeschort' ? 'opgeschort' : 'actief',
        sleutels: keysOf('afnemer', a.afnemerId),
        aflever_endpoint: a.afleverEndpoint,
        doelen: splitList(a.doelen),
      }),
    ),
    doelen: doelen.map(
      (d): StelselDoel => ({
        id: d.doelId,
        versie: d.versie,
        omschrijving: d.omschrijving,
        bronhouder: d.bronhouder,
        gebeurtenistypen: splitList(d.gebeurtenistypen),
        scopes: splitList(d.scopes),
        maximale_duur_dagen: d.maximaleDuurDagen,
        bewaartermijn_dagen: d.bewaartermijnDagen,
      }),
    ),
  };
}

function splitList(value: string): string[] {
  return value ? value.split(',') : [];
}

export interface AfnemerRecord {
  id: string;
  naam: string;
  afleverEndpoint: string;
  doelen: string[];
}

/** Adds or changes an afnemer; a new afnemer starts `actief`, a changed one keeps its status. */
export async function upsertStelselAfnemer(database: Db, afnemer: AfnemerRecord, now: Date): Promise<void> {
  const db = clientOf(database);
  const data = { naam: afnemer.naam, afleverEndpoint: afnemer.afleverEndpoint, doelen: afnemer.doelen.join(',') };
  await db.stelselAfnemer.upsert({ where: { afnemerId: afnemer.id }, update: data, create: { ...data, afnemerId: afnemer.id, status: 'actief', createdAt: now } });
}

/** Sets an afnemer's status; false when the scheme has no such afnemer. */
export async function setStelselAfnemerStatus(database: Db, id: string, status: StelselAfnemer['status']): Promise<boolean> {
  const { count } = await clientOf(database).stelselAfnemer.updateMany({ where: { afnemerId: id }, data: { status } });
  return count > 0;
}

export type DoelRecord = Omit<StelselDoel, 'versie'>;

/** Adds a purpose (versie 1) or changes it (versie + 1, only when something changed). */
export async function upsertStelselDoel(database: Db, doel: DoelRecord, now: Date): Promise<number> {
  const db = clientOf(database);
  const data = {
    omschrijving: doel.omschrijving,
    bronhouder: doel.bronhouder,
    gebeurtenistypen: doel.gebeurtenistypen.join(','),
    scopes: doel.scopes.join(','),
    maximaleDuurDagen: doel.maximale_duur_dagen,
    bewaartermijnDagen: doel.bewaartermijn_dagen,
  };
  const existing = await db.stelselDoel.findUnique({ where: { doelId: doel.id } });
  if (!existing) {
    await db.stelselDoel.create({ data: { ...data, doelId: doel.id, versie: 1, createdAt: now } });
    return 1;
  }
  const changed = (Object.keys(data) as (keyof typeof data)[]).some((k) => existing[k] !== data[k]);
  if (!changed) return existing.versie;
  await db.stelselDoel.update({ where: { doelId: doel.id }, data: { ...data, versie: existing.versie + 1 } });
  return existing.versie + 1;
}

export interface StelselPublicatieRecord {
  versie: string;
  uitgegevenOp: Date;
  verlooptOp: Date;
  jws: string;
}

export async function insertStelselPublicatie(database: Db, publicatie: StelselPublicatieRecord): Promise<void> {
  await clientOf(database).stelselPublicatie.create({ data: publicatie });
}

export async function latestStelselPublicatie(database: Db): Promise<StelselPublicatieRecord | null> {
  const row = await clientOf(database).stelselPublicatie.findFirst({ orderBy: [{ uitgegevenOp: 'desc' }, { id: 'desc' }] });
  return row ? { versie: row.versie, uitgegevenOp: row.uitgegevenOp, verlooptOp: row.verlooptOp, jws: row.jws } : null;
}
