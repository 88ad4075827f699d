/**
 * The organisation's session token (docs/centraal.md §3): a JWT the organisation issues to
 * itself (`iss` = `aud` = its OIN), bound to the app key through `cnf.jkt`, used with DPoP.
 */
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { isValidBsn } from './bsn.js';
import { MAX_SESSION_SECONDS, SESSION_TOKEN_TYPE } from './constants.js';
import { randomId } from './encoding.js';
import { SessionTokenError } from './errors.js';
import { importPublicKey, type Signer } from './jwk.js';
import type { PublishedKey } from './verify-document.js';

export interface SessionClaims {
  bsn: string;
  /** The app key the session is bound to. */
  jkt: string;
  registratieId: string;
  appBeheerder: string;
}

export async function issueSessionToken(
  key: Signer,
  claims: SessionClaims,
  options: { oin: string; now: Date; seconds: number },
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(options.now.getTime() / 1000);
  const exp = iat + Math.min(options.seconds, MAX_SESSION_SECONDS);
  const token = await new SignJWT({ bsn: claims.bsn, cnf: { jkt: claims.jkt }, app_beheerder: claims.appBeheerder })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: SESSION_TOKEN_TYPE })
    .setIssuer(options.oin)
    .setAudience(options.oin)
    .setSubject(claims.registratieId)
    .setJti(randomId())
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Verifies a session token with the organisation's own published keys (a revoked key is refused). */
export async function verifySessionToken(token: string, keys: readonly PublishedKey[], options: { oin: string; now: Date }): Promise<SessionClaims> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new SessionTokenError('ERR_SESSION_MALFORMED', 'Het sessietoken is geen JWT.');
  }
  const key = keys.find((k) => k.kid === header.kid && k.status !== 'ingetrokken');
  if (!key?.alg) throw new SessionTokenError('ERR_SESSION_UNKNOWN_KEY', 'Het sessietoken is niet van deze organisatie.');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await importPublicKey(key, key.alg), {
      typ: SESSION_TOKEN_TYPE,
      algorithms: [key.alg],
      issuer: options.oin,
      audience: options.oin,
      requiredClaims: ['exp', 'sub'],
      currentDate: options.now,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new SessionTokenError('ERR_SESSION_EXPIRED', 'Het sessietoken is verlopen.', { cause: error });
    throw new SessionTokenError('ERR_SESSION_INVALID', 'Het sessietoken is ongeldig.', { cause: error });
  }
  const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
  if (!isValidBsn(payload.bsn) || typeof jkt !== 'string') throw new SessionTokenError('ERR_SESSION_INVALID', 'Het sessietoken is ongeldig.');
  return { bsn: payload.bsn, jkt, registratieId: payload.sub!, appBeheerder: String(payload.app_beheerder) };
}
