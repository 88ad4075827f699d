import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.js';
import { BoundedLru } from '../cache/bounded-lru.js';
import { isValidBsn } from '../protocol/bsn.js';
import { hasNonCanonicalSignature } from '../protocol/canonical-signature.js';
import { developmentJwks } from './development-identity-provider.js';

/** Only asymmetric algorithms: a shared-secret (HS*) or unsigned (`none`) token is refused. */
export const ACCEPTED_TOKEN_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'];

/**
 * The longest a citizen's access token may be valid, counted from its `iat` and from now: a
 * stolen token is useful for at most this long, however far away its `exp` is.
 */
export const MAX_TOKEN_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 30;

/** Why a request is not authenticated; `status` 401 asks for a (new) token, 403 means "not a citizen". */
export class AuthenticationError extends Error {
  constructor(
    readonly status: 401 | 403,
    /** RFC 6750 error code for WWW-Authenticate (absent when no token was presented). */
    readonly oauthError: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined,
    message: string,
    /** Why, as a fixed code for the metrics (bk_tokens_refused_total); never shown to the client. */
    readonly reden: string = 'ongeldig',
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface Citizen {
  bsn: string;
}

export interface CitizenVerifier {
  verify(authorization: string | undefined): Promise<Citizen>;
}

export interface VerifierOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  bsnClaim: string;
  /** Bound of the verified-token cache (entries); 0 turns it off. */
  tokenCacheEntries?: number;
  /** The clock (ms since the epoch) for expiry, of cached tokens and in verification. */
  now?: () => number;
}

/**
 * Verified tokens kept, so an app that refreshes a document does not pay for the token's
 * signature check again: 10,000 tokens of about 1 kB each, about 10 MB at most.
 */
export const TOKEN_CACHE_ENTRIES = 10_000;

/** Why jose refused a token: a fixed code for the metrics and a Dutch message for the client. */
function reasonOf(error: unknown): [reden: string, message: string] {
  if (error instanceof errors.JWTExpired) return ['verlopen', 'Het toegangstoken is verlopen.'];
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return ['nog-niet-geldig', 'Het toegangstoken is nog niet geldig.'];
    if (error.claim === 'aud') return ['andere-ontvanger', 'Het toegangstoken is voor een andere ontvanger bestemd.'];
    if (error.claim === 'iss') return ['onbekende-uitgever', 'Het toegangstoken komt van een onbekende uitgever.'];
    if (error.claim === 'exp') return ['geen-vervaltijd', 'Het toegangstoken heeft geen vervaltijd.'];
    return ['claim-ontbreekt', 'Het toegangstoken mist een verplichte claim.'];
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return ['algoritme', 'Het toegangstoken is niet (asymmetrisch) ondertekend.'];
  if (error instanceof errors.JWKSNoMatchingKey) return ['onbekende-sleutel', 'Het toegangstoken is ondertekend met een onbekende sleutel.'];
  if (error instanceof errors.JWSSignatureVerificationFailed) return ['handtekening', 'De handtekening van het toegangstoken klopt niet.'];
  return ['geen-jwt', 'Het toegangstoken is geen geldig JWT.'];
}

export function createCitizenVerifier(options: VerifierOptions): CitizenVerifier {
  // A token that verified once is the same citizen until it expires (`exp`, without the
  // clock tolerance): only successes are kept, and only until then. A key withdrawn from
  // the identity provider's JWKS therefore stops working for new tokens at once, and for
  // tokens seen before within their (short) lifetime. A token is kept from its second use
  // on (bounded-lru.ts): one used once, as most are, costs the cache nothing.
  const entries = options.tokenCacheEntries ?? TOKEN_CACHE_ENTRIES;
  const now = options.now ?? Date.now;
  const verified = entries > 0 ? new BoundedLru<string, { citizen: Citizen; expiresAtMs: number }>({ maxEntries: entries, admitOnSecondSight: true }) : undefined;
  return {
    async verify(authorization) {
      if (!authorization) throw new AuthenticationError(401, undefined, 'Er is geen toegangstoken meegestuurd in de Authorization-header.', 'ontbreekt');
      const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(authorization);
      if (!match) throw new AuthenticationError(401, 'invalid_request', 'De Authorization-header moet de vorm "Bearer <token>" hebben.', 'vorm');
      const token = match[1]!;
      // A token in the cache passed every check below, the low-s form included: a repeated
      // request costs one lookup.
      const known = verified?.get(token);
      if (known) {
        if (now() < known.expiresAtMs) return known.citizen;
        verified!.delete(token);
      }
      if (hasNonCanonicalSignature(token)) throw new AuthenticationError(401, 'invalid_token', 'De handtekening van het toegangstoken is niet canoniek (ECDSA met hoge s).', 'niet-canoniek');
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ACCEPTED_TOKEN_ALGORITHMS,
          requiredClaims: ['exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        const [reden, message] = reasonOf(error);
        throw new AuthenticationError(401, 'invalid_token', message, reden);
      }
      const exp = payload.exp as number;
      const nowSeconds = now() / 1000;
      const lifetime = Math.max(exp - nowSeconds, typeof payload.iat === 'number' ? exp - payload.iat : 0);
      if (lifetime > MAX_TOKEN_SECONDS + CLOCK_TOLERANCE_SECONDS) {
        throw new AuthenticationError(401, 'invalid_token', `Het toegangstoken is langer dan ${MAX_TOKEN_SECONDS} seconden geldig.`, 'te-lang-geldig');
      }
      // RFC 9449 §7.1: a token bound to a key is worthless without a proof of that key; sent
      // as a bearer token it may have been stolen.
      if (payload.cnf !== undefined) {
        throw new AuthenticationError(401, 'invalid_token', 'Het toegangstoken is gebonden aan een sleutel (cnf) en geldt niet als Bearer-token.', 'gebonden-zonder-bewijs');
      }
      const bsn = payload[options.bsnClaim];
      if (!isValidBsn(bsn)) throw new AuthenticationError(403, 'insufficient_scope', 'Het toegangstoken bevat geen geldig BSN.', 'geen-bsn');
      const citizen = { bsn };
      // requiredClaims made jose check that `exp` is a number.
      verified?.set(token, { citizen, expiresAtMs: (payload.exp as number) * 1000 });
      return citizen;
    },
  };
}

/** The verifier for this instance: the configured identity provider, or the development one. */
export async function citizenVerifierFor(config: Config): Promise<CitizenVerifier> {
  let keys: JWTVerifyGetKey;
  if (config.auth.jwksUrl) {
    keys = createRemoteJWKSet(new URL(config.auth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  } else if (config.auth.jwksFile) {
    keys = createLocalJWKSet(JSON.parse(readFileSync(config.auth.jwksFile, 'utf8')) as JSONWebKeySet);
  } else {
    keys = createLocalJWKSet(await developmentJwks(config.dataDir));
  }
  return createCitizenVerifier({ issuer: config.auth.issuer, audience: config.auth.audience, keys, bsnClaim: config.auth.bsnClaim });
}
