/** DPoP proofs (RFC 9449): made by the app with its key, verified by every server. */
import { calculateJwkThumbprint, decodeProtectedHeader, errors, jwtVerify, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { hasNonCanonicalSignature, withCanonicalSignature } from './canonical-signature.js';
import { DPOP_MAX_AGE_SECONDS, DPOP_TYPE, EC_SIGNATURE_ALGORITHM } from './constants.js';
import { randomId, sha256, toBase64url } from './encoding.js';
import { DpopError } from './errors.js';
import { importPublicKey, publicJwk } from './jwk.js';

/** App keys are EC P-256 (BK Connect): only ES256 proofs. */
export const DPOP_ALGORITHMS: readonly string[] = [EC_SIGNATURE_ALGORITHM];

/** base64url(SHA-256(token)): the `ath` claim (RFC 9449 §4.2). */
export async function accessTokenHash(token: string): Promise<string> {
  return toBase64url(await sha256(token));
}

/** `htu` is the request URL without query and fragment (RFC 9449 §4.2, §4.3). */
export function htuOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export interface DpopProofOptions {
  method: string;
  url: string;
  /** The access token the proof accompanies (adds `ath`). */
  accessToken?: string;
  /** For tests: a fixed `jti` (to prove a replay is refused) or `iat`. */
  jti?: string;
  issuedAt?: Date;
}

/** A fresh proof for one request, signed with the app key, its public key in the header. */
export async function createDpopProof(key: { publicJwk: JWK; signingKey: CryptoKey | KeyObject }, options: DpopProofOptions): Promise<string> {
  const claims: Record<string, unknown> = { jti: options.jti ?? randomId(), htm: options.method.toUpperCase(), htu: htuOf(options.url) };
  if (options.accessToken !== undefined) claims.ath = await accessTokenHash(options.accessToken);
  const proof = await new SignJWT(claims)
    .setProtectedHeader({ typ: DPOP_TYPE, alg: EC_SIGNATURE_ALGORITHM, jwk: publicJwk(key.publicJwk) })
    .setIssuedAt(options.issuedAt ? Math.floor(options.issuedAt.getTime() / 1000) : undefined)
    .sign(key.signingKey);
  // Servers refuse the high-s twin of an ES256 signature (it would make one proof two).
  return withCanonicalSignature(proof);
}

export interface ReplayStore {
  /** False when the key was seen before (a replay). */
  remember(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export interface DpopExpectation {
  /** `htm`: the request method. */
  method: string;
  /** `htu`: the request URL as the client addresses it (public base URL + path). */
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

/**
 * Verifies a DPoP proof (RFC 9449 §4.3). Does not record its `jti`: the caller does that with
 * recordDpopProof once the credential the proof accompanies has been accepted, so that
 * refused requests write nothing.
 */
export async function verifyDpopProof(proof: string | undefined, expected: DpopExpectation): Promise<VerifiedDpopProof> {
  if (!proof) throw new DpopError('ERR_DPOP_MISSING', 'Het DPoP-bewijs ontbreekt (header DPoP).');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopError('ERR_DPOP_MALFORMED', 'Het DPoP-bewijs is geen JWT.');
  }
  if (hasNonCanonicalSignature(proof)) throw new DpopError('ERR_DPOP_SIGNATURE', 'De handtekening van het DPoP-bewijs is niet canoniek (ECDSA met hoge s).');
  if (header.typ !== DPOP_TYPE) throw new DpopError('ERR_DPOP_TYPE', `Het DPoP-bewijs heeft niet typ "${DPOP_TYPE}".`);
  if (!header.alg || !DPOP_ALGORITHMS.includes(header.alg)) throw new DpopError('ERR_DPOP_ALGORITHM', 'Het DPoP-bewijs moet met ES256 ondertekend zijn.');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    throw new DpopError('ERR_DPOP_KEY', 'Het DPoP-bewijs mist een publieke EC P-256-sleutel (jwk).');
  }
  if ('d' in jwk) throw new DpopError('ERR_DPOP_KEY', 'Het DPoP-bewijs bevat een privésleutel.');
  const key: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, await importPublicKey(key, EC_SIGNATURE_ALGORITHM), {
      typ: DPOP_TYPE,
      algorithms: [...DPOP_ALGORITHMS],
      currentDate: expected.now,
    }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new DpopError('ERR_DPOP_SIGNATURE', 'De handtekening van het DPoP-bewijs klopt niet.', { cause: error });
    throw new DpopError('ERR_DPOP_MALFORMED', 'Het DPoP-bewijs is geen geldig JWT.', { cause: error });
  }
  if (payload.htm !== expected.method) throw new DpopError('ERR_DPOP_METHOD', `Het DPoP-bewijs is voor methode ${String(payload.htm)}, niet voor ${expected.method}.`);
  if (typeof payload.htu !== 'string' || htuOf(payload.htu) !== htuOf(expected.url)) throw new DpopError('ERR_DPOP_URL', 'Het DPoP-bewijs is voor een andere URL (htu).');
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 128) throw new DpopError('ERR_DPOP_CLAIMS', 'Het DPoP-bewijs mist een jti.');
  if (typeof payload.iat !== 'number') throw new DpopError('ERR_DPOP_CLAIMS', 'Het DPoP-bewijs mist iat.');
  const nowSeconds = Math.floor(expected.now.getTime() / 1000);
  if (Math.abs(nowSeconds - payload.iat) > DPOP_MAX_AGE_SECONDS) {
    throw new DpopError('ERR_DPOP_TIME', `Het DPoP-bewijs is te oud of uit de toekomst (iat meer dan ${DPOP_MAX_AGE_SECONDS} seconden ernaast).`);
  }
  if (expected.accessToken !== undefined && payload.ath !== (await accessTokenHash(expected.accessToken))) {
    throw new DpopError('ERR_DPOP_ATH', 'Het DPoP-bewijs hoort niet bij dit token (ath).');
  }
  const jkt = await calculateJwkThumbprint(key);
  return { jwk: key, jkt, jti: payload.jti, replayableUntil: new Date((payload.iat + DPOP_MAX_AGE_SECONDS + 60) * 1000) };
}

/** Records a verified proof's `jti` (RFC 9449 §11.1); a proof seen before is a replay. */
export async function recordDpopProof(proof: VerifiedDpopProof, replay: ReplayStore, now: Date): Promise<void> {
  const fresh = await replay.remember(`${proof.jkt}:${proof.jti}`, proof.replayableUntil, now);
  if (!fresh) throw new DpopError('ERR_DPOP_REPLAY', 'Dit DPoP-bewijs is al eerder gebruikt (jti).');
}

/** The `WWW-Authenticate` challenge for a refused DPoP request. */
export function dpopChallenge(error: string, description?: string): string {
  const safe = description?.replace(/["\\]/g, '') ?? '';
  return `DPoP algs="${DPOP_ALGORITHMS.join(' ')}", error="${error}"${safe ? `, error_description="${safe}"` : ''}`;
}
