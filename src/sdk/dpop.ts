import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { withCanonicalSignature } from '../protocol/canonical-signature.js';
import type { AppKey } from './app-key.js';

export interface DpopProofOptions {
  method: string;
  url: string;
  /** The access token the proof accompanies (adds `ath`, RFC 9449 §4.2). */
  accessToken?: string;
  /** For tests: a fixed `jti` (to prove a replay is refused) or `iat`. */
  jti?: string;
  issuedAt?: Date;
}

/** `htu` is the request URL without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** A DPoP proof (RFC 9449): a fresh JWT per request, signed with the app key, the public key in the header. */
export async function createDpopProof(appKey: AppKey, options: DpopProofOptions): Promise<string> {
  const claims: Record<string, unknown> = {
    jti: options.jti ?? randomUUID(),
    htm: options.method.toUpperCase(),
    htu: htuOf(options.url),
  };
  if (options.accessToken) claims.ath = createHash('sha256').update(options.accessToken, 'ascii').digest('base64url');
  const proof = await new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: appKey.publicJwk })
    .setIssuedAt(options.issuedAt ? Math.floor(options.issuedAt.getTime() / 1000) : undefined)
    .sign(appKey.signingKey);
  // Servers refuse the high-s twin of an ES256 signature (it would make one proof two).
  return withCanonicalSignature(proof);
}
