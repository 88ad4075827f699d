/**
 * `private_key_jwt` client authentication (RFC 7523 §2.2, OpenID Connect Core §9): the
 * afnemer proves who it is with a short JWT signed by a key the scheme document lists for it.
 * Wire rules only (jose and Web Crypto, no node: imports); the replay store is the caller's.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { hasNonCanonicalSignature, withCanonicalSignature } from './canonical-signature.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Explicit typing (draft-ietf-oauth-rfc7523bis) so no other JWT can pass as a client assertion. */
export const CLIENT_ASSERTION_JWT_TYPE = 'client-authentication+jwt';
/** An assertion lives at most this long (seconds): enough for one token request. */
export const MAX_ASSERTION_SECONDS = 5 * 60;
/** Tolerated clock difference (seconds). */
const CLOCK_SKEW_SECONDS = 30;
const ALGORITHMS = ['ES256', 'PS256', 'EdDSA'];

export type ClientAssertionFailure = 'malformed' | 'unknown-client' | 'bad-signature' | 'wrong-audience' | 'expired' | 'too-long' | 'replayed';

/** Refused assertions are answered with `401 invalid_client` (RFC 6749 §5.2). */
export class ClientAssertionError extends Error {
  constructor(
    readonly reason: ClientAssertionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ClientAssertionError';
  }
}

export interface AssertionSigningKey {
  kid: string;
  algorithm: string;
  privateKey: Parameters<SignJWT['sign']>[0];
}

/** Single use of each `jti`: false when the key was seen before. Same shape as the DPoP store. */
export interface AssertionReplayStore {
  remember(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export interface ClientAssertionClaims {
  /** The afnemer id: both `iss` and `sub`. */
  clientId: string;
  /** The bronhouder's token endpoint URL. */
  audience: string;
  now: Date;
  /** At most MAX_ASSERTION_SECONDS; default 60. */
  lifetimeSeconds?: number;
}

export async function createClientAssertion(key: AssertionSigningKey, claims: ClientAssertionClaims): Promise<string> {
  const iat = Math.floor(claims.now.getTime() / 1000);
  const lifetime = Math.min(claims.lifetimeSeconds ?? 60, MAX_ASSERTION_SECONDS);
  // ES256 assertions leave in low-s form, like every token this project issues (canonical-signature.ts).
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: CLIENT_ASSERTION_JWT_TYPE })
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .setJti(globalThis.crypto.randomUUID())
    .sign(key.privateKey);
  return withCanonicalSignature(assertion);
}

export interface ClientAssertionExpectation {
  /** The token endpoint URL the assertion must name as `aud`. */
  audience: string;
  now: Date;
  /** The afnemer's keys from the signed scheme document; undefined when the client is unknown. */
  keysFor(clientId: string): JWK[] | undefined;
}

export interface VerifiedClientAssertion {
  clientId: string;
  jti: string;
  kid: string;
  expiresAt: Date;
  /** Until when the assertion could be replayed: how long its `jti` must be remembered. */
  replayableUntil: Date;
}

function claimsOf(assertion: string): { iss: string; kid: string; alg: string } {
  try {
    const header = decodeProtectedHeader(assertion);
    const claims = decodeJwt(assertion);
    if (header.typ !== CLIENT_ASSERTION_JWT_TYPE) throw new ClientAssertionError('malformed', `typ moet ${CLIENT_ASSERTION_JWT_TYPE} zijn.`);
    if (typeof claims.iss !== 'string' || claims.iss !== claims.sub) throw new ClientAssertionError('malformed', 'iss en sub moeten allebei het afnemer-id zijn.');
    if (typeof header.kid !== 'string' || !header.alg || !ALGORITHMS.includes(header.alg)) throw new ClientAssertionError('malformed', 'kid of alg ontbreekt of is niet toegestaan.');
    return { iss: claims.iss, kid: header.kid, alg: header.alg };
  } catch (error) {
    if (error instanceof ClientAssertionError) throw error;
    throw new ClientAssertionError('malformed', 'De client assertion is geen JWT.');
  }
}

/**
 * Verifies an assertion (RFC 7523 §3). Does not spend its `jti`: the caller does that with
 * recordClientAssertion once everything else about the request is accepted, so that a
 * refused request writes nothing (and leaves the assertion usable for a corrected retry).
 */
export async function verifyClientAssertion(assertion: string | undefined, expected: ClientAssertionExpectation): Promise<VerifiedClientAssertion> {
  if (!assertion) throw new ClientAssertionError('malformed', 'client_assertion ontbreekt.');
  const { iss, kid, alg } = claimsOf(assertion);
  // Refused before anything is looked up or stored: the high-s twin of a spent assertion would
  // otherwise be a second, different string for the same jti.
  if (hasNonCanonicalSignature(assertion)) throw new ClientAssertionError('bad-signature', 'De handtekening van de client assertion is niet canoniek (ECDSA met hoge s).');
  const keys = expected.keysFor(iss);
  if (!keys) throw new ClientAssertionError('unknown-client', 'Deze afnemer staat niet (actief) in het stelseldocument.');
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) throw new ClientAssertionError('unknown-client', `De afnemer heeft geen sleutel met kid ${kid}.`);
  let payload;
  try {
    const { kid: _k, use: _u, key_ops: _o, ...material } = jwk;
    const key = await importJWK(material, alg);
    ({ payload } = await jwtVerify(assertion, key, {
      typ: CLIENT_ASSERTION_JWT_TYPE,
      algorithms: [alg],
      currentDate: expected.now,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp', 'jti', 'iat'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw new ClientAssertionError('expired', 'De client assertion is verlopen.');
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new ClientAssertionError('bad-signature', 'De handtekening van de client assertion klopt niet.');
    throw new ClientAssertionError('malformed', `De client assertion is ongeldig: ${(error as Error).message}`);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(expected.audience)) throw new ClientAssertionError('wrong-audience', `aud moet ${expected.audience} zijn.`);
  const exp = payload.exp!;
  const iat = payload.iat!;
  if (exp - iat > MAX_ASSERTION_SECONDS || exp - Math.floor(expected.now.getTime() / 1000) > MAX_ASSERTION_SECONDS + CLOCK_SKEW_SECONDS) {
    throw new ClientAssertionError('too-long', `Een client assertion mag hoogstens ${MAX_ASSERTION_SECONDS} seconden geldig zijn.`);
  }
  return { clientId: iss, jti: payload.jti!, kid, expiresAt: new Date(exp * 1000), replayableUntil: new Date((exp + CLOCK_SKEW_SECONDS) * 1000) };
}

/** Spends a verified assertion's `jti` (RFC 7523 §3, item 7); an assertion seen before is a replay. */
export async function recordClientAssertion(verified: VerifiedClientAssertion, replay: AssertionReplayStore, now: Date): Promise<void> {
  const fresh = await replay.remember(`client-assertion:${verified.clientId}:${verified.jti}`, verified.replayableUntil, now);
  if (!fresh) throw new ClientAssertionError('replayed', 'Deze client assertion is al eerder gebruikt (jti).');
}
