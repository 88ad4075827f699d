/**
 * The app manager's registrations of app instances. The citizen is referred to by the
 * surrogate citizen id (the BSN stays in the citizen table).
 */
import { clientOf, type Db } from './database.js';
import { oneOf } from './integrity.js';

export type RegistratieStatus = 'actief' | 'ingetrokken';
const STATUSES: readonly RegistratieStatus[] = ['actief', 'ingetrokken'];

export interface AppRegistratieRecord {
  id: string;
  bsn: string;
  jkt: string;
  publicJwk: string;
  status: RegistratieStatus;
  createdAt: Date;
  ingetrokkenOp: Date | null;
}

export async function insertAppRegistratie(
  database: Db,
  registratie: { id: string; bsn: string; jkt: string; publicJwk: string; createdAt: Date },
): Promise<void> {
  const db = clientOf(database);
  const citizen = await db.citizen.upsert({ where: { bsn: registratie.bsn }, update: {}, create: { bsn: registratie.bsn } });
  await db.appRegistratie.create({
    data: { id: registratie.id, citizenId: citizen.id, jkt: registratie.jkt, publicJwk: registratie.publicJwk, status: 'actief', createdAt: registratie.createdAt },
  });
}

export async function findAppRegistratie(database: Db, id: string): Promise<AppRegistratieRecord | null> {
  const db = clientOf(database);
  const row = await db.appRegistratie.findUnique({ where: { id }, include: { citizen: { select: { bsn: true } } } });
  if (!row) return null;
  return {
    id: row.id,
    bsn: row.citizen.bsn,
    jkt: row.jkt,
    publicJwk: row.publicJwk,
    status: oneOf(STATUSES, row.status, `app_registratie ${row.id}: status`),
    createdAt: row.createdAt,
    ingetrokkenOp: row.ingetrokkenOp,
  };
}

export async function revokeAppRegistratie(database: Db, id: string, at: Date): Promise<void> {
  await clientOf(database).appRegistratie.updateMany({ where: { id, status: 'actief' }, data: { status: 'ingetrokken', ingetrokkenOp: at } });
}
