/**
 * Producing Security Event Tokens into the outbox, always inside the transaction of the
 * processing that caused them: the consent's sequence number, the signed SET and the
 * outbox row commit together, or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../data/database.js';
import { insertGebeurtenis, volgendVolgnummer, type ToestemmingRecord } from '../../../data/plus.js';
import type { SigningKey } from '../../../keys/signing-key.js';
import { createSecurityEvent, GEBEURTENISTYPEN, type Gebeurtenistype } from '../../../protocol/security-event.js';
import type { ToestemmingStatus } from '../../../domain/toestemming.js';

/** The lifecycle event a new status produces; pausing and resuming stay between citizen and bronhouder. */
export const LEVENSLOOPGEBEURTENIS: Partial<Record<ToestemmingStatus, Gebeurtenistype>> = {
  ingetrokken: GEBEURTENISTYPEN.toestemmingIngetrokken,
  verlopen: GEBEURTENISTYPEN.toestemmingVerlopen,
  opgeschort: GEBEURTENISTYPEN.toestemmingOpgeschort,
};

export const LEVENSLOOPTYPEN: string[] = [GEBEURTENISTYPEN.toestemmingVerleend, ...Object.values(LEVENSLOOPGEBEURTENIS)];

export interface GebeurtenisInvoer {
  toestemming: ToestemmingRecord;
  gebeurtenistype: Gebeurtenistype;
  data?: Record<string, string>;
  traceId: string;
  toe: Date;
  now: Date;
}

/** Adds one event for one consent to the outbox (inside the caller's transaction). */
export async function voegGebeurtenisToe(tx: Queryable, key: SigningKey, bronhouderOin: string, invoer: GebeurtenisInvoer): Promise<string> {
  const volgnummer = await volgendVolgnummer(tx, invoer.toestemming.id);
  const jti = randomUUID();
  const setJws = await createSecurityEvent(key, {
    bronhouderOin,
    afnemer: invoer.toestemming.afnemer,
    subject: invoer.toestemming.onderwerp,
    gebeurtenistype: invoer.gebeurtenistype,
    toestemmingId: invoer.toestemming.toestemmingId,
    volgnummer,
    txn: invoer.traceId,
    toe: invoer.toe,
    iat: invoer.now,
    jti,
    ...(invoer.data ? { data: invoer.data } : {}),
  });
  await insertGebeurtenis(tx, {
    toestemmingId: invoer.toestemming.id,
    afnemer: invoer.toestemming.afnemer,
    volgnummer,
    jti,
    gebeurtenistype: invoer.gebeurtenistype,
    setJws,
    op: invoer.now,
  });
  return jti;
}

/** The `txn` of a stored SET (the trace id its delivery is logged under). */
export function traceIdVan(setJws: string): string {
  const payload = JSON.parse(Buffer.from(setJws.split('.')[1] ?? '', 'base64url').toString('utf8')) as { txn?: string };
  return payload.txn ?? '';
}
