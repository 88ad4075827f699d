/**
 * The organisation's session token (docs/centraal.md §3): a JWT the organisation issues to
 * itself (`iss` = `aud` = its OIN), bound to the app key through `cnf.jkt`, used with DPoP.
 */
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { signBoundToken } from './bound-token.js';
import { hasNonCanonicalSignature } from './canonical-signature.js';
import { isValidBsn } from './bsn.js';
import { MAX_SESSION_SECONDS, SESSION_TOKEN_TYPE } from './constants.js';
import { SessionTokenError } from './errors.js';
import { importPublicKey, type Signer } from './jwk.js';
import type { PublishedKey } from './verify-document.js';

export interface SessionClaims {
  bsn: string;
  /** The app key the session is bound to. */
  jkt: string;
  registratieId: string;
  appBeheerder: string;
  /** The app manager's key that signed the app credential (`app_beheerder_kid`): revoking it ends the session. */
  appBeheerderKid?: string;
}

export async function issueSessionToken(
  key: Signer,
  claims: SessionClaims,
  options: { oin: string; now: Date; seconds: number },
): Promise<{ token: string; expiresAt: Date }> {
  return signBoundToken(
    key,
    { typ: SESSION_TOKEN_TYPE, iss: options.oin, aud: options.oin, sub: claims.registratieId, jkt: claims.jkt, claims: { bsn: claims.bsn, app_beheerder: claims.appBeheerder, ...(claims.appBeheerderKid ? { app_beheerder_kid: claims.appBeheerderKid } : {}) } },
    { now: options.now, seconds: options.seconds, maxSeconds: MAX_SESSION_SECONDS },
  );
}

/** Verifies a session token with the organisation's own published keys (a revoked key is refused). */
export async function verifySessionToken(token: string, keys: readonly PublishedKey[], options: { oin: string; now: Date }): Promise<SessionClaims> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new SessionTokenError('ERR_SESSION_MALFORMED', 'Het sessietoken is geen JWT.');
  }
  if (hasNonCanonicalSignature(token)) throw new SessionTokenError('ERR_SESSION_INVALID', 'Het sessietoken is ongeldig.');
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
  return {
    bsn: payload.bsn,
    jkt,
    registratieId: payload.sub!,
    appBeheerder: String(payload.app_beheerder),
    ...(typeof payload.app_beheerder_kid === 'string' ? { appBeheerderKid: payload.app_beheerder_kid } : {}),
  };
}
