import type { JWK } from 'jose';
import { stelseldocumentErrors } from '../contract/shapes.js';
import { StelseldocumentError } from '../protocol/errors.js';
import { verifyStelseldocument as verifyWithProtocol } from '../protocol/stelseldocument.js';
import { StelselError } from './errors.js';
import type { OverzichtInput } from './overview.js';
import { declaredCode, type Stelseldocument } from './protocol.js';
import type { StelselStore } from './stelsel-store.js';

export interface VerifiedStelseldocument {
  document: Stelseldocument;
  /** The compact JWS as received: what a bundle stores. */
  jws: string;
}

export interface StelselVerificationOptions {
  /** The moment the document must be valid at: now for a live fetch, the fetch time for a bundle. */
  at: Date;
  /** Consulted and updated for a live fetch; absent for offline verification. */
  store?: StelselStore;
}

/**
 * Verifies a scheme document against the pinned operator key with the wire rules of
 * src/protocol/stelseldocument.ts, and, with a store, refuses a document older than the last
 * one accepted (a replayed document could hide a revoked key) and remembers this one.
 */
export async function verifyStelseldocument(jws: string, operatorKey: JWK, options: StelselVerificationOptions): Promise<VerifiedStelseldocument> {
  const lastAccepted = await options.store?.lastAccepted();
  let document: Stelseldocument;
  try {
    document = await verifyWithProtocol(jws, {
      pinned: operatorKey,
      at: options.at,
      schemaErrors: stelseldocumentErrors,
      ...(lastAccepted !== undefined ? { lastAccepted } : {}),
    });
  } catch (error) {
    if (error instanceof StelseldocumentError) throw new StelselError(error.code, error.message, undefined, { cause: error });
    throw error;
  }
  if (options.store && (lastAccepted === undefined || Date.parse(document.uitgegeven_op) > Date.parse(lastAccepted))) {
    await options.store.accept(document.uitgegeven_op);
  }
  return { document, jws: jws.trim() };
}

export async function fetchStelseldocument(stelselUrl: string, signal?: AbortSignal): Promise<string> {
  const base = stelselUrl.replace(/\/+$/, '');
  const url = base.endsWith('/stelseldocument') ? base : `${base}/stelseldocument`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/jose' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new StelselError('ERR_STELSEL_UNREACHABLE', `De stelselbeheerder is niet bereikbaar op ${url} (${cause}).`);
  }
  if (!res.ok) throw new StelselError('ERR_STELSEL_UNREACHABLE', `De stelselbeheerder antwoordde ${res.status} op ${url}.`, res.status);
  return (await res.text()).trim();
}

/** What the fold needs from the scheme: the order, the names and any declared codes. */
export function stelselForFold(stelsel: VerifiedStelseldocument): OverzichtInput['stelsel'] {
  return {
    versie: stelsel.document.versie,
    uitgegeven_op: stelsel.document.uitgegeven_op,
    organisaties: stelsel.document.organisaties.map((o) => {
      const code = declaredCode(o);
      return { oin: o.oin, naam: o.naam, ...(code ? { code } : {}) };
    }),
  };
}
