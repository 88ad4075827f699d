import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { withCanonicalSignature } from './canonical-signature.js';
import type { SigningKey } from '../keys/signing-key.js';

export const APP_CREDENTIAL_TYPE = 'bk-app-credential+jwt';
/** An app credential lives at most this long (docs/centraal.md §2). */
export const MAX_CREDENTIAL_SECONDS = 15 * 60;

export interface CredentialClaims {
  /** The app manager's id. */
  iss: string;
  /** The registratie_id. */
  sub: string;
  bsn: string;
  /** RFC 7638 thumbprint of the app key. */
  jkt: string;
}

/** Signs an app credential: a short-lived JWT bound to the app key through `cnf.jkt`. */
export async function issueAppCredential(key: SigningKey, claims: CredentialClaims, now: Date, seconds: number): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(seconds, MAX_CREDENTIAL_SECONDS);
  const token = await new SignJWT({ bsn: claims.bsn, cnf: { jkt: claims.jkt } })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: APP_CREDENTIAL_TYPE })
    .setIssuer(claims.iss)
    .setSubject(claims.sub)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token: withCanonicalSignature(token), expiresAt: new Date(exp * 1000) };
}
