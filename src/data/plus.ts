/**
 * Blauwe Knop Plus at the bronhouder: consents, their receipts, the event outbox and the
 * citizen's access log. Repository functions only (no HTTP, no signing); the rules live in
 * src/domain/toestemming.ts and the orchestration in src/roles/organisatie/plus/.
 */
import { randomBytes } from 'node:crypto';
import type { ToestemmingStatus } from '../domain/toestemming.js';
import { clientOf, type Database, type Db, type Queryable } from './database.js';
import { isUniqueViolation, oneOf } from './integrity.js';
import { TOESTEMMING_STATUSSEN } from '../domain/toestemming.js';

export interface ToestemmingRecord {
  id: number;
  toestemmingId: string;
  organisationId: number;
  citizenId: number;
  afnemer: string;
  onderwerp: string;
  doel: string;
  doelVersie: number;
  gebeurtenistypen: string[];
  scopes: string[];
  geldigVanaf: Date;
  geldigTot: Date;
  inhoudHash: string;
  status: ToestemmingStatus;
  statusReden: string;
  statusGewijzigdOp: Date;
  gebruikAantal: number;
  laatstGebruiktOp: Date | null;
  volgnummer: number;
}

type ToestemmingRow = Awaited<ReturnType<Queryable['toestemming']['findFirstOrThrow']>>;

function toRecord(row: ToestemmingRow): ToestemmingRecord {
  return {
    ...row,
    gebeurtenistypen: row.gebeurtenistypen ? row.gebeurtenistypen.split(',') : [],
    scopes: row.scopes ? row.scopes.split(',') : [],
    status: oneOf(TOESTEMMING_STATUSSEN, row.status, `toestemming ${row.id}: status`),
  };
}

/**
 * Runs `work` in one transaction. A unique violation (two writers extending the same
 * citizen's log chain, or the same consent's sequence) retries the whole transaction, so
 * concurrent processings serialise instead of failing.
 */
export async function inTransaction<T>(database: Database, work: (tx: Queryable) => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.prisma.$transaction(work, { timeout: 20_000, maxWait: 20_000 });
    } catch (error) {
      const retry = isUniqueViolation(error) || (error as { code?: string }).code === 'P2034';
      if (!retry || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

export async function citizenIdOf(database: Db, bsn: string, create: boolean): Promise<number | null> {
  const db = clientOf(database);
  if (create) return (await db.citizen.upsert({ where: { bsn }, create: { bsn }, update: {}, select: { id: true } })).id;
  return (await db.citizen.findUnique({ where: { bsn }, select: { id: true } }))?.id ?? null;
}

/**
 * A consent with the BSN behind it, in one query: what an afnemer read needs to build the
 * document, and all its consent check reads. The BSN never leaves the bronhouder.
 */
export async function toestemmingMetBsn(database: Db, organisationId: number, toestemmingId: string): Promise<{ toestemming: ToestemmingRecord; bsn: string } | null> {
  const row = await clientOf(database).toestemming.findFirst({ where: { organisationId, toestemmingId }, include: { citizen: { select: { bsn: true } } } });
  if (!row) return null;
  const { citizen, ...toestemming } = row;
  return { toestemming: toRecord(toestemming), bsn: citizen.bsn };
}

/**
 * The citizen's pseudonym for an afnemer: random (so nothing links it to the BSN), and the
 * same for every consent of this citizen for this afnemer at this bronhouder.
 */
export async function onderwerpVoor(database: Db, organisationId: number, citizenId: number, afnemer: string): Promise<string> {
  const earlier = await clientOf(database).toestemming.findFirst({ where: { organisationId, citizenId, afnemer }, select: { onderwerp: true } });
  return earlier?.onderwerp ?? randomBytes(32).toString('base64url');
}

export type NieuweToestemming = Omit<ToestemmingRecord, 'id' | 'gebruikAantal' | 'laatstGebruiktOp' | 'volgnummer'>;

export async function insertToestemming(database: Db, t: NieuweToestemming): Promise<ToestemmingRecord> {
  const row = await clientOf(database).toestemming.create({
    data: { ...t, gebeurtenistypen: t.gebeurtenistypen.join(','), scopes: t.scopes.join(',') },
  });
  return toRecord(row);
}

export async function findToestemming(database: Db, organisationId: number, toestemmingId: string): Promise<ToestemmingRecord | null> {
  const row = await clientOf(database).toestemming.findFirst({ where: { organisationId, toestemmingId } });
  return row ? toRecord(row) : null;
}

export async function toestemmingenVanBurger(database: Db, organisationId: number, citizenId: number): Promise<ToestemmingRecord[]> {
  const rows = await clientOf(database).toestemming.findMany({ where: { organisationId, citizenId }, orderBy: [{ geldigVanaf: 'desc' }, { id: 'desc' }] });
  return rows.map(toRecord);
}

/**
 * Changes the status only if it is still `van`: of two concurrent changes exactly one
 * wins; the loser re-reads and sees the winner's state. Returns whether this one won.
 */
export async function wijzigStatus(
  database: Db,
  id: number,
  van: ToestemmingStatus,
  naar: { status: ToestemmingStatus; reden: string; op: Date },
): Promise<boolean> {
  const { count } = await clientOf(database).toestemming.updateMany({
    where: { id, status: van },
    data: { status: naar.status, statusReden: naar.reden, statusGewijzigdOp: naar.op },
  });
  return count === 1;
}

/**
 * Counts a use only while the consent is still active and unexpired at `op`; false (nothing
 * written) when it is not. The afnemer read's last check, in the transaction of its log entry.
 */
export async function registreerGebruikAlsActief(database: Db, id: number, op: Date): Promise<boolean> {
  const { count } = await clientOf(database).toestemming.updateMany({
    where: { id, status: 'actief', geldigTot: { gt: op } },
    data: { gebruikAantal: { increment: 1 }, laatstGebruiktOp: op },
  });
  return count === 1;
}

export async function registreerGebruik(database: Db, id: number, op: Date): Promise<void> {
  await clientOf(database).toestemming.update({ where: { id }, data: { gebruikAantal: { increment: 1 }, laatstGebruiktOp: op } });
}

/** The next sequence number of a consent's events (the row is locked until the transaction ends). */
export async function volgendVolgnummer(database: Db, id: number): Promise<number> {
  const row = await clientOf(database).toestemming.update({ where: { id }, data: { volgnummer: { increment: 1 } }, select: { volgnummer: true } });
  return row.volgnummer;
}

/** Active consents of a citizen at this bronhouder that cover an event type. */
export async function actieveToestemmingenVoorGebeurtenis(
  database: Db,
  organisationId: number,
  citizenId: number,
  gebeurtenistype: string,
  now: Date,
): Promise<ToestemmingRecord[]> {
  const rows = await clientOf(database).toestemming.findMany({
    where: { organisationId, citizenId, status: 'actief', geldigTot: { gt: now }, gebeurtenistypen: { contains: gebeurtenistype } },
    orderBy: { id: 'asc' },
  });
  return rows.map(toRecord).filter((t) => t.gebeurtenistypen.includes(gebeurtenistype));
}

/** Consents that are past their end but not yet marked `verlopen`. */
export async function teVerlopenToestemmingen(database: Db, organisationId: number, now: Date, limit = 100): Promise<ToestemmingRecord[]> {
  const rows = await clientOf(database).toestemming.findMany({
    where: { organisationId, status: { in: ['actief', 'gepauzeerd', 'opgeschort'] }, geldigTot: { lte: now } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map(toRecord);
}

export async function toestemmingenVanAfnemer(database: Db, organisationId: number, afnemer: string, statussen: ToestemmingStatus[]): Promise<ToestemmingRecord[]> {
  const rows = await clientOf(database).toestemming.findMany({ where: { organisationId, afnemer, status: { in: statussen } }, orderBy: { id: 'asc' } });
  return rows.map(toRecord);
}

/** Afnemers that have consents in one of these states (for applying the scheme's suspensions). */
export async function afnemersMetToestemmingen(database: Db, organisationId: number, statussen: ToestemmingStatus[]): Promise<string[]> {
  const rows = await clientOf(database).toestemming.findMany({ where: { organisationId, status: { in: statussen } }, distinct: ['afnemer'], select: { afnemer: true } });
  return rows.map((r) => r.afnemer);
}

// ---------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------

export async function insertOntvangstbewijs(database: Db, toestemmingId: number, status: ToestemmingStatus, jws: string, op: Date): Promise<void> {
  await clientOf(database).ontvangstbewijs.create({ data: { toestemmingId, status, jws, createdAt: op } });
}

export async function laatsteOntvangstbewijs(database: Db, toestemmingId: number): Promise<string | null> {
  const row = await clientOf(database).ontvangstbewijs.findFirst({ where: { toestemmingId }, orderBy: { id: 'desc' }, select: { jws: true } });
  return row?.jws ?? null;
}

export async function aantalOntvangstbewijzen(database: Db, toestemmingId: number): Promise<number> {
  return clientOf(database).ontvangstbewijs.count({ where: { toestemmingId } });
}

// ---------------------------------------------------------------------------------------
// The event outbox
// ---------------------------------------------------------------------------------------

export type GebeurtenisStatus = 'wachtend' | 'afgeleverd' | 'geweigerd' | 'vervallen';

export interface OutboxGebeurtenis {
  id: number;
  toestemmingId: number;
  afnemer: string;
  volgnummer: number;
  jti: string;
  gebeurtenistype: string;
  setJws: string;
  status: string;
  pogingen: number;
  volgendePogingOp: Date;
  aangemaaktOp: Date;
}

export async function insertGebeurtenis(
  database: Db,
  g: { toestemmingId: number; afnemer: string; volgnummer: number; jti: string; gebeurtenistype: string; setJws: string; op: Date },
): Promise<void> {
  await clientOf(database).plusGebeurtenis.create({
    data: {
      toestemmingId: g.toestemmingId,
      afnemer: g.afnemer,
      volgnummer: g.volgnummer,
      jti: g.jti,
      gebeurtenistype: g.gebeurtenistype,
      setJws: g.setJws,
      status: 'wachtend',
      volgendePogingOp: g.op,
      aangemaaktOp: g.op,
    },
  });
}

/** Drops a consent's undelivered events (revocation, expiry); lifecycle events of `behalve` stay. */
export async function laatGebeurtenissenVervallen(database: Db, toestemmingId: number, reden: string, behalve: string[] = []): Promise<number> {
  const { count } = await clientOf(database).plusGebeurtenis.updateMany({
    where: { toestemmingId, status: 'wachtend', gebeurtenistype: { notIn: behalve } },
    data: { status: 'vervallen', laatsteFout: reden },
  });
  return count;
}

/**
 * Push candidates: per consent only its oldest waiting event (delivery in order), when due
 * and not past the retry schedule, for afnemers whose push is not paused (or, with
 * `alleen`, for that one afnemer: the probe of a paused push).
 */
export async function teBezorgen(database: Db, now: Date, maxPogingen: number, gepauzeerd: string[], limit: number, alleen?: string): Promise<OutboxGebeurtenis[]> {
  const db = clientOf(database);
  const wachtend = await db.plusGebeurtenis.findMany({
    where: { status: 'wachtend', afnemer: alleen ?? { notIn: gepauzeerd } },
    orderBy: { id: 'asc' },
    take: limit * 4,
  });
  const seen = new Set<number>();
  const due: OutboxGebeurtenis[] = [];
  for (const g of wachtend) {
    if (seen.has(g.toestemmingId)) continue;
    seen.add(g.toestemmingId);
    if (g.pogingen < maxPogingen && g.volgendePogingOp.getTime() <= now.getTime()) due.push(g);
    if (due.length >= limit) break;
  }
  return due;
}

/** Sets the final status of a waiting event; false when it was not waiting any more (delivered by poll, or dropped). */
export async function sluitGebeurtenis(database: Db, id: number, status: Exclude<GebeurtenisStatus, 'wachtend'>, op: Date, fout?: string): Promise<boolean> {
  const { count } = await clientOf(database).plusGebeurtenis.updateMany({
    where: { id, status: 'wachtend' },
    data: { status, ...(status === 'afgeleverd' ? { afgeleverdOp: op } : {}), ...(fout ? { laatsteFout: fout } : {}) },
  });
  return count === 1;
}

export async function mislukkePoging(database: Db, id: number, volgende: Date, fout: string): Promise<void> {
  await clientOf(database).plusGebeurtenis.update({ where: { id }, data: { pogingen: { increment: 1 }, volgendePogingOp: volgende, laatsteFout: fout.slice(0, 500) } });
}

export async function gebeurtenissenVoorPoll(database: Db, afnemer: string, limit: number): Promise<OutboxGebeurtenis[]> {
  return clientOf(database).plusGebeurtenis.findMany({ where: { afnemer, status: 'wachtend' }, orderBy: { id: 'asc' }, take: limit });
}

export async function gebeurtenissenMetJti(database: Db, afnemer: string, jtis: string[]): Promise<OutboxGebeurtenis[]> {
  if (jtis.length === 0) return [];
  return clientOf(database).plusGebeurtenis.findMany({ where: { afnemer, jti: { in: jtis } } });
}

export async function gebeurtenissenVanToestemming(database: Db, toestemmingId: number): Promise<OutboxGebeurtenis[]> {
  return clientOf(database).plusGebeurtenis.findMany({ where: { toestemmingId }, orderBy: { volgnummer: 'asc' } });
}

export interface GepauzeerdeAflevering {
  afnemer: string;
  gepauzeerdOp: Date;
  reden: string | null;
}

export async function gepauzeerdeAfleveringen(database: Db): Promise<GepauzeerdeAflevering[]> {
  const rows = await clientOf(database).plusAflevering.findMany({ where: { gepauzeerdOp: { not: null } }, orderBy: { afnemer: 'asc' } });
  return rows.map((r) => ({ afnemer: r.afnemer, gepauzeerdOp: r.gepauzeerdOp!, reden: r.reden }));
}

/** Push to this afnemer resumes (its waiting events are pushed again). False when it was not paused. */
export async function hervatAflevering(database: Db, afnemer: string): Promise<boolean> {
  const { count } = await clientOf(database).plusAflevering.deleteMany({ where: { afnemer } });
  return count > 0;
}

export async function pauzeerAflevering(database: Db, afnemer: string, op: Date, reden: string): Promise<void> {
  await clientOf(database).plusAflevering.upsert({ where: { afnemer }, create: { afnemer, gepauzeerdOp: op, reden }, update: { gepauzeerdOp: op, reden } });
}

// ---------------------------------------------------------------------------------------
// The access log
// ---------------------------------------------------------------------------------------

export interface VerwerkingRecord {
  volgnummer: number;
  traceId: string;
  operatie: string;
  verwerkingsactiviteit: string;
  anderePartij: string;
  toestemmingId: string | null;
  startOp: Date;
  eindOp: Date;
  status: 'geslaagd' | 'geweigerd';
  vorigeHash: string;
  hash: string;
}

export async function laatsteVerwerking(database: Db, organisationId: number, citizenId: number): Promise<{ volgnummer: number; hash: string } | null> {
  return clientOf(database).verwerking.findFirst({ where: { organisationId, citizenId }, orderBy: { volgnummer: 'desc' }, select: { volgnummer: true, hash: true } });
}

export async function insertVerwerking(database: Db, organisationId: number, citizenId: number, v: VerwerkingRecord): Promise<void> {
  await clientOf(database).verwerking.create({ data: { organisationId, citizenId, ...v } });
}

export async function verwerkingenVanBurger(database: Db, organisationId: number, citizenId: number): Promise<VerwerkingRecord[]> {
  const rows = await clientOf(database).verwerking.findMany({ where: { organisationId, citizenId }, orderBy: { volgnummer: 'asc' } });
  return rows.map((r) => ({ ...r, status: oneOf(['geslaagd', 'geweigerd'] as const, r.status, `verwerking ${r.id}: status`) }));
}
