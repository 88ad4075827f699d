import { decodeProtectedHeader } from 'jose';
import type { Config } from '../../config.js';
import type { Db } from '../../data/database.js';
import { insertStelselPublicatie, latestStelselPublicatie, stelselInhoud, type StelselPublicatieRecord } from '../../data/stelsel.js';
import type { SigningKey } from '../../keys/signing-key.js';
import { signStelseldocument } from '../../protocol/stelseldocument.js';

export interface PublicatieOptions {
  db: Db;
  config: Config;
  key: () => SigningKey;
  /** Told after each signature (the metrics count them). */
  signed?: () => void;
  now: () => Date;
}

/** Signs the current state as a new scheme document and stores it. */
export async function publiceerStelseldocument(options: PublicatieOptions): Promise<StelselPublicatieRecord> {
  const key = options.key();
  if (key.algorithm !== 'ES256') throw new Error('De stelselbeheerder ondertekent met ES256 (SIGNING_ALGORITHM=ES256)');
  const { jws, document } = await signStelseldocument(await stelselInhoud(options.db), {
    uitgever: { oin: options.config.stelselbeheerder.oin, naam: options.config.stelselbeheerder.naam },
    omgeving: options.config.environment === 'production' ? 'productie' : 'ontwikkeling',
    now: options.now(),
    geldigheidSeconden: options.config.stelselbeheerder.geldigheidSeconden,
    key,
  });
  options.signed?.();
  const record = { versie: document.versie, uitgegevenOp: new Date(document.uitgegeven_op), verlooptOp: new Date(document.verloopt_op), jws };
  await insertStelselPublicatie(options.db, record);
  return record;
}

/** Re-sign when less than this remains: an hour, or half the validity when that is shorter. */
export function renewalMarginMs(config: Config): number {
  return Math.min(3600, config.stelselbeheerder.geldigheidSeconden / 2) * 1000;
}

/**
 * The document to serve: the latest publication, re-signed first when there is none, when it
 * (nearly) expired, or when the operator's signing key changed. A running operator therefore
 * never serves an expired document, and replicas need no timer.
 */
export async function actueelStelseldocument(options: PublicatieOptions): Promise<StelselPublicatieRecord> {
  const latest = await latestStelselPublicatie(options.db);
  const now = options.now().getTime();
  if (latest && latest.verlooptOp.getTime() - now > renewalMarginMs(options.config) && decodeProtectedHeader(latest.jws).kid === options.key().kid) {
    return latest;
  }
  return publiceerStelseldocument(options);
}
