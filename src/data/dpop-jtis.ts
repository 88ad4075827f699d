/**
 * DPoP proofs already seen (RFC 9449 §11.1). Stored in the database, not in memory, so that
 * stateless replicas behind a load balancer share the replay protection.
 */
import { clientOf, type Database, type Db } from './database.js';
import { isUniqueViolation } from './integrity.js';

/**
 * Records `key` (`<jkt>:<jti>`) until `expiresAt`. Returns false when it was already
 * recorded and has not expired: a replay. Expired entries are pruned on the way.
 */
export async function rememberJti(database: Db, key: string, expiresAt: Date, now: Date): Promise<boolean> {
  const db = clientOf(database);
  await db.dpopJti.deleteMany({ where: { verlooptOp: { lt: now } } });
  try {
    await db.dpopJti.create({ data: { sleutel: key, verlooptOp: expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** A replay store on this database, for verifyDpopProof. */
export function jtiStore(db: Db): { remember(key: string, expiresAt: Date, now: Date): Promise<boolean> } {
  return { remember: (key, expiresAt, now) => rememberJti(db, key, expiresAt, now) };
}

/**
 * Several single-use keys of one request (a client assertion and its DPoP proof) recorded
 * all or nothing: `work` records them through the store it gets, and a replay it throws
 * for rolls the others back, so a refused request leaves no key spent.
 */
export async function rememberTogether(database: Database, work: (store: ReturnType<typeof jtiStore>) => Promise<void>): Promise<void> {
  await database.prisma.$transaction(async (tx) => work(jtiStore(tx)));
}
