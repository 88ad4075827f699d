import { SignJWT } from 'jose';
import { withCanonicalSignature } from './canonical-signature.js';
import { randomId } from './encoding.js';
import type { Signer } from './jwk.js';

/**
 * Signs a short-lived JWT bound to an app key (`cnf.jkt`, RFC 7800/9449): what app
 * credentials and session tokens have in common. `seconds` is capped at `maxSeconds`.
 */
export async function signBoundToken(
  key: Signer,
  token: { typ: string; iss: string; aud?: string; sub: string; jkt: string; claims: Record<string, unknown> },
  timing: { now: Date; seconds: number; maxSeconds: number },
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(timing.now.getTime() / 1000);
  const exp = iat + Math.min(timing.seconds, timing.maxSeconds);
  const jwt = new SignJWT({ ...token.claims, cnf: { jkt: token.jkt } })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: token.typ })
    .setIssuer(token.iss)
    .setSubject(token.sub)
    .setJti(randomId())
    .setIssuedAt(iat)
    .setExpirationTime(exp);
  if (token.aud !== undefined) jwt.setAudience(token.aud);
  // ES256 tokens leave in low-s form: verifiers refuse the other (canonical-signature.ts).
  return { token: withCanonicalSignature(await jwt.sign(key.privateKey)), expiresAt: new Date(exp * 1000) };
}
