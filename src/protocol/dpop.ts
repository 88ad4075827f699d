import { createHash } from 'node:crypto';
import { hasNonCanonicalSignature } from './canonical-signature.js';
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';

/** RFC 9449 proofs are accepted this long around the server's clock (seconds). */
export const DPOP_MAX_AGE_SECONDS = 60;
/** App keys are EC P-256 (BK Connect): only ES256 proofs. */
export const DPOP_ALGORITHMS = ['ES256'];

/** Why a DPoP proof is refused; answered with 401 and `WWW-Authenticate: DPoP error="invalid_dpop_proof"`. */
export class DpopError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DpopError';
  }
}

export interface ReplayStore {
  /** False when the key was seen before (a replay). */
  remember(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export interface DpopExpectation {
  /** `htm`: the request method. */
  method: string;
  /** `htu`: the request URL as the client addresses it (public base URL + path), without query. */
  url: string;
  /** When the proof accompanies an access token: its `ath` must be the token's SHA-256. */
  accessToken?: string;
  now: Date;
}

export interface VerifiedDpopProof {
  /** The app's public key (the proof's `jwk`), without private members. */
  jwk: JWK;
  /** RFC 7638 thumbprint of `jwk`: what `cnf.jkt` binds to. */
  jkt: string;
  jti: string;
  /** Until when the proof could be replayed: how long its `jti` must be remembered. */
  replayableUntil: Date;
}

/** base64url(SHA-256(token)): the `ath` claim (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

/** `htu` comparison ignores query and fragment (RFC 9449 §4.3). */
function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Verifies a DPoP proof (RFC 9449 §4.3). Does not record its `jti`: the caller does that with
 * recordDpopProof once the credential the proof accompanies has been accepted, so that
 * refused requests write nothing.
 */
export async function verifyDpopProof(proof: string | undefined, expected: DpopExpectation): Promise<VerifiedDpopProof> {
  if (!proof) throw new DpopError('Het DPoP-bewijs ontbreekt (header DPoP).');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopError('Het DPoP-bewijs is geen JWT.');
  }
  if (hasNonCanonicalSignature(proof)) throw new DpopError('De handtekening van het DPoP-bewijs is niet canoniek (ECDSA met hoge s).');
  if (header.typ !== 'dpop+jwt') throw new DpopError('Het DPoP-bewijs heeft niet typ "dpop+jwt".');
  if (!header.alg || !DPOP_ALGORITHMS.includes(header.alg)) throw new DpopError('Het DPoP-bewijs moet met ES256 ondertekend zijn.');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new DpopError('Het DPoP-bewijs mist een publieke EC P-256-sleutel (jwk).');
  if ('d' in jwk) throw new DpopError('Het DPoP-bewijs bevat een privésleutel.');
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(publicJwk, 'ES256');
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: DPOP_ALGORITHMS, currentDate: expected.now }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new DpopError('De handtekening van het DPoP-bewijs klopt niet.');
    throw new DpopError('Het DPoP-bewijs is geen geldig JWT.');
  }
  if (payload.htm !== expected.method) throw new DpopError(`Het DPoP-bewijs is voor methode ${String(payload.htm)}, niet voor ${expected.method}.`);
  if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== withoutQuery(expected.url)) {
    throw new DpopError('Het DPoP-bewijs is voor een andere URL (htu).');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 128) throw new DpopError('Het DPoP-bewijs mist een jti.');
  if (typeof payload.iat !== 'number') throw new DpopError('Het DPoP-bewijs mist iat.');
  const nowSeconds = Math.floor(expected.now.getTime() / 1000);
  if (Math.abs(nowSeconds - payload.iat) > DPOP_MAX_AGE_SECONDS) {
    throw new DpopError(`Het DPoP-bewijs is te oud of uit de toekomst (iat meer dan ${DPOP_MAX_AGE_SECONDS} seconden ernaast).`);
  }
  if (expected.accessToken !== undefined && payload.ath !== accessTokenHash(expected.accessToken)) {
    throw new DpopError('Het DPoP-bewijs hoort niet bij dit token (ath).');
  }
  const jkt = await calculateJwkThumbprint(publicJwk);
  return { jwk: publicJwk, jkt, jti: payload.jti, replayableUntil: new Date((payload.iat + DPOP_MAX_AGE_SECONDS + 60) * 1000) };
}

/** Records a verified proof's `jti` (RFC 9449 §11.1); a proof seen before is a replay. */
export async function recordDpopProof(proof: VerifiedDpopProof, replay: ReplayStore, now: Date): Promise<void> {
  const fresh = await replay.remember(`${proof.jkt}:${proof.jti}`, proof.replayableUntil, now);
  if (!fresh) throw new DpopError('Dit DPoP-bewijs is al eerder gebruikt (jti).');
}

export function dpopChallenge(error: string, description?: string): string {
  const safe = description?.replace(/["\\]/g, '') ?? '';
  return `DPoP algs="${DPOP_ALGORITHMS.join(' ')}", error="${error}"${safe ? `, error_description="${safe}"` : ''}`;
}
