/**
 * Tokens the checker makes up to see that an implementation refuses them. It cannot sign
 * (it has no key of the identity provider), so each crafted token is refused for a reason
 * that does not need one: no signature at all (`alg: none`), or a signature that no longer
 * matches. That limits what can be proven about expiry: see `expiredUnverifiableToken`.
 */

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signature: string;
}

/** The header and claims of a compact JWT, or undefined when the token is not one (an opaque token). */
export function decodeJwt(token: string): DecodedToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (!isRecord(header) || !isRecord(claims)) return undefined;
    return { header, claims, signature: parts[2]! };
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * An unsigned token (`alg: none`, empty signature) with the given token's claims and fresh
 * times: everything right except that nobody signed it. Without a JWT to copy from, it
 * carries minimal claims.
 */
export function algNoneToken(token: string | undefined, now: Date = new Date()): string {
  const claims = (token && decodeJwt(token)?.claims) || { sub: 'blauwe-knop-conformance' };
  const fresh = { ...claims, iat: seconds(now), nbf: seconds(now) - 60, exp: seconds(now) + 300 };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(fresh)}.`;
}

/**
 * The given token with `exp` an hour in the past (and `iat`/`nbf` before that), keeping its
 * header and signature, so the signature no longer matches. An implementation refuses it for
 * the signature or for the expiry, and the checker cannot tell which: a fair expiry test needs
 * a token the identity provider signed with an `exp` in the past. Undefined without a JWT.
 */
export function expiredUnverifiableToken(token: string | undefined, now: Date = new Date()): string | undefined {
  const decoded = token ? decodeJwt(token) : undefined;
  if (!decoded) return undefined;
  const past = seconds(now) - 3600;
  const claims = { ...decoded.claims, iat: past - 3600, nbf: past - 3600, exp: past };
  return `${base64url(decoded.header)}.${base64url(claims)}.${decoded.signature}`;
}

/**
 * Mints a token for the same citizen with the given claims replacing the usual ones, signed
 * by the identity provider the implementation trusts. The CLI builds one from `--token-command`:
 * the command gets the claims as a JSON object on stdin and prints the token.
 */
export type TokenMinter = (claims: Record<string, unknown>) => Promise<string>;

/** The claims of the tokens that are valid except for one thing, as the authentication checks ask for them. */
export function invalidTokenClaims(now: Date): Record<'expired' | 'notYetValid' | 'wrongAudience', Record<string, unknown>> {
  const t = seconds(now);
  return {
    // An hour past expiry: well beyond any clock tolerance.
    expired: { iat: t - 7200, nbf: t - 7200, exp: t - 3600 },
    notYetValid: { iat: t, nbf: t + 3600, exp: t + 7200 },
    // `.example` is reserved (RFC 2606): no implementation is this audience.
    wrongAudience: { aud: 'https://andere-ontvanger.example' },
  };
}

/** The requested claims a minted token does not carry (a command that ignores stdin, say); empty when it honoured them all. */
export function claimsNotHonoured(token: string, requested: Record<string, unknown>): string[] {
  const claims = decodeJwt(token)?.claims;
  if (!claims) return Object.keys(requested);
  return Object.entries(requested)
    .filter(([name, value]) => JSON.stringify(claims[name]) !== JSON.stringify(value))
    .map(([name]) => name);
}

/** The citizen's BSN as the token names it in `claim`, when the token is a JWT that carries one. */
export function citizenBsnOf(token: string | undefined, claim: string): string | undefined {
  const value = token ? decodeJwt(token)?.claims[claim] : undefined;
  return typeof value === 'string' ? value : undefined;
}
