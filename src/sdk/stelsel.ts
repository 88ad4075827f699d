import { compactVerify, importJWK, type JWK } from 'jose';
import { StelselError } from './errors.js';
import { stelseldocumentErrors } from './contract-shapes.js';
import type { OverzichtInput } from './overview.js';
import { declaredCode, STELSELDOCUMENT_TYPE, type Stelseldocument } from './protocol.js';
import type { StelselStore } from './stelsel-store.js';

const MAX_VALIDITY_MS = 24 * 60 * 60 * 1000;

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
 * Verifies a scheme document against the pinned operator key: the signature (ES256, its own
 * `typ`), a validity of at most 24 hours that includes `at`, and, with a store, that it is not
 * older than the last one accepted (a replayed document could hide a revoked key).
 */
export async function verifyStelseldocument(jws: string, operatorKey: JWK, options: StelselVerificationOptions): Promise<VerifiedStelseldocument> {
  let payload: Uint8Array;
  try {
    const key = await importJWK(withoutPrivateFields(operatorKey), 'ES256');
    const result = await compactVerify(jws.trim(), key, { algorithms: ['ES256'] });
    if (result.protectedHeader.typ !== STELSELDOCUMENT_TYPE) {
      throw new StelselError('wrong-type', `Het stelseldocument heeft typ ${String(result.protectedHeader.typ)}, niet ${STELSELDOCUMENT_TYPE}.`);
    }
    if (operatorKey.kid && result.protectedHeader.kid && result.protectedHeader.kid !== operatorKey.kid) {
      throw new StelselError('bad-signature', `Het stelseldocument is ondertekend met sleutel ${result.protectedHeader.kid}, niet met de vastgepinde sleutel ${operatorKey.kid}.`);
    }
    payload = result.payload;
  } catch (error) {
    if (error instanceof StelselError) throw error;
    throw new StelselError('bad-signature', `De handtekening van het stelseldocument klopt niet met de vastgepinde sleutel van de stelselbeheerder (${(error as Error).message}).`);
  }
  let document: Stelseldocument;
  try {
    document = JSON.parse(Buffer.from(payload).toString('utf8')) as Stelseldocument;
  } catch {
    throw new StelselError('malformed', 'Het stelseldocument is geen JSON.');
  }
  const errors = stelseldocumentErrors(document);
  if (errors.length > 0) throw new StelselError('malformed', `Het stelseldocument volgt het contract niet: ${errors.slice(0, 3).join('; ')}.`);
  const issued = Date.parse(document.uitgegeven_op);
  const expires = Date.parse(document.verloopt_op);
  if (Number.isNaN(issued) || Number.isNaN(expires)) throw new StelselError('malformed', 'uitgegeven_op of verloopt_op is geen tijdstip.');
  if (expires - issued > MAX_VALIDITY_MS) throw new StelselError('too-long', 'Het stelseldocument is langer dan 24 uur geldig.');
  const at = options.at.getTime();
  if (at >= expires) throw new StelselError('expired', `Het stelseldocument is verlopen op ${document.verloopt_op}.`);
  // A little clock skew between the operator and the device is tolerated.
  if (at + 5 * 60 * 1000 < issued) throw new StelselError('not-yet-valid', `Het stelseldocument is pas uitgegeven op ${document.uitgegeven_op}.`);
  if (options.store) {
    const last = await options.store.lastAccepted();
    if (last !== undefined && issued < Date.parse(last)) {
      throw new StelselError('older-than-accepted', `Dit stelseldocument (${document.uitgegeven_op}) is ouder dan het laatst geaccepteerde (${last}).`);
    }
    if (last === undefined || issued > Date.parse(last)) await options.store.accept(document.uitgegeven_op);
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
    throw new StelselError('unreachable', `De stelselbeheerder is niet bereikbaar op ${url} (${cause}).`);
  }
  if (!res.ok) throw new StelselError('unreachable', `De stelselbeheerder antwoordde ${res.status} op ${url}.`);
  return (await res.text()).trim();
}

export function withoutPrivateFields(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
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

