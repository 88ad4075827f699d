/**
 * The organisation's memory of the newest scheme document it accepted (issue 11, item 9):
 * kept in the database, so that after a restart, and on every replica, an older document
 * (a replay of one the operator has since replaced) is refused as a rollback.
 */
import { clientOf, type Db } from './database.js';

export interface GeaccepteerdStelseldocument {
  uitgegevenOp: Date;
  versie: string;
}

/** The newest document `oin` accepted, or undefined before the first. */
export async function laatstGeaccepteerd(database: Db, oin: string): Promise<GeaccepteerdStelseldocument | undefined> {
  const row = await clientOf(database).stelselAcceptatie.findUnique({ where: { organisatieOin: oin } });
  return row ? { uitgegevenOp: row.uitgegevenOp, versie: row.versie } : undefined;
}

/**
 * Records an accepted document, only ever moving forward: a replica that accepted a newer
 * one in the meantime is not overwritten by an older one.
 */
export async function registreerAcceptatie(database: Db, oin: string, document: GeaccepteerdStelseldocument, now: Date): Promise<void> {
  const db = clientOf(database);
  const data = { uitgegevenOp: document.uitgegevenOp, versie: document.versie, geaccepteerdOp: now };
  const { count } = await db.stelselAcceptatie.updateMany({ where: { organisatieOin: oin, uitgegevenOp: { lt: document.uitgegevenOp } }, data });
  if (count > 0) return;
  // No older row to move forward: there is none yet, or it is as new or newer (then it stays).
  await db.stelselAcceptatie.upsert({ where: { organisatieOin: oin }, update: {}, create: { organisatieOin: oin, ...data } });
}
