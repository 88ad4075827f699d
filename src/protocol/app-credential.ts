/**
 * The app credential (docs/centraal.md §2): a short-lived JWT by an app manager that vouches
 * for the citizen's BSN and is bound to the app key through `cnf.jkt`. Issued by the app
 * manager, checked by the app (SDK) before relying on it and by each organisation.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { signBoundToken } from './bound-token.js';
import { hasNonCanonicalSignature } from './canonical-signature.js';
import { isValidBsn } from './bsn.js';
import { APP_CREDENTIAL_TYPE, EC_SIGNATURE_ALGORITHM, MAX_CREDENTIAL_SECONDS, TOKEN_CLOCK_TOLERANCE_SECONDS } from './constants.js';
import { AppCredentialError } from './errors.js';
import { importPublicKey, type Signer } from './jwk.js';
import { isIngetrokkenOp, sleutelGeldigOp, type StelselAppBeheerder } from './stelseldocument.js';

export interface CredentialClaims {
  /** The app manager's id. */
  iss: string;
  /** The registratie_id. */
  sub: string;
  bsn: string;
  /** RFC 7638 thumbprint of the app key. */
  jkt: string;
}

export interface VerifiedAppCredential extends CredentialClaims {
  iat: number;
  exp: number;
}

/** Signs an app credential: a short-lived JWT bound to the app key through `cnf.jkt`. */
export async function issueAppCredential(key: Signer, claims: CredentialClaims, now: Date, seconds: number): Promise<{ token: string; expiresAt: Date }> {
  return signBoundToken(
    key,
    { typ: APP_CREDENTIAL_TYPE, iss: claims.iss, sub: claims.sub, jkt: claims.jkt, claims: { bsn: claims.bsn } },
    { now, seconds, maxSeconds: MAX_CREDENTIAL_SECONDS },
  );
}

/**
 * Reads who issued a credential and with which key, before it is verified, so the verifier
 * can look the app manager up in the scheme. Checks the form, `typ` and algorithm.
 */
export function peekAppCredential(credential: string): { iss: string; kid: string | undefined } {
  let header;
  let claims;
  try {
    header = decodeProtectedHeader(credential);
    claims = decodeJwt(credential);
  } catch {
    throw new AppCredentialError('ERR_CREDENTIAL_MALFORMED', 'De app-credential is geen JWT.');
  }
  if (header.typ !== APP_CREDENTIAL_TYPE) throw new AppCredentialError('ERR_CREDENTIAL_TYPE', `De app-credential heeft niet typ "${APP_CREDENTIAL_TYPE}".`);
  if (header.alg !== EC_SIGNATURE_ALGORITHM) throw new AppCredentialError('ERR_CREDENTIAL_ALGORITHM', 'De app-credential moet met ES256 ondertekend zijn.');
  if (hasNonCanonicalSignature(credential)) throw new AppCredentialError('ERR_CREDENTIAL_SIGNATURE', 'De handtekening van de app-credential is niet canoniek (ECDSA met hoge s).');
  if (typeof claims.iss !== 'string') throw new AppCredentialError('ERR_CREDENTIAL_CLAIMS', 'De app-credential mist iss.');
  return { iss: claims.iss, kid: header.kid };
}

export interface AppCredentialExpectation {
  now: Date;
  /** The thumbprint of the app key it must be bound to (the app's own key, or the DPoP proof's). */
  jkt: string;
}

/**
 * Verifies an app credential against the keys the scheme lists for its app manager: a key
 * that is not revoked now and was valid when the credential was issued, ES256 signature,
 * `typ`, `iss` the app manager's id, `exp`/`iat`/`sub`/`bsn` present, at most 15 minutes
 * valid, not expired, and bound to the expected app key.
 */
export async function verifyAppCredential(credential: string, appBeheerder: StelselAppBeheerder, expected: AppCredentialExpectation): Promise<VerifiedAppCredential> {
  const { kid } = peekAppCredential(credential);
  const key = appBeheerder.sleutels.find((k) => k.kid === kid);
  if (!key) {
    throw new AppCredentialError('ERR_CREDENTIAL_UNKNOWN_KEY', `De app-credential is ondertekend met een sleutel die het stelsel niet voor ${appBeheerder.naam} noemt.`);
  }
  if (isIngetrokkenOp(key, expected.now)) {
    throw new AppCredentialError('ERR_CREDENTIAL_REVOKED_KEY', 'De app-credential is ondertekend met een ingetrokken sleutel van de app-beheerder.');
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(credential, await importPublicKey(key, EC_SIGNATURE_ALGORITHM), {
      typ: APP_CREDENTIAL_TYPE,
      algorithms: [EC_SIGNATURE_ALGORITHM],
      issuer: appBeheerder.id,
      requiredClaims: ['exp', 'iat', 'sub'],
      currentDate: expected.now,
      clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new AppCredentialError('ERR_CREDENTIAL_EXPIRED', 'De app-credential is verlopen.', { cause: error });
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new AppCredentialError('ERR_CREDENTIAL_SIGNATURE', 'De handtekening van de app-credential klopt niet.', { cause: error });
    }
    throw new AppCredentialError('ERR_CREDENTIAL_CLAIMS', `De app-credential is ongeldig (${(error as Error).message}).`, { cause: error });
  }
  const iat = payload.iat!;
  const exp = payload.exp!;
  if (exp - iat > MAX_CREDENTIAL_SECONDS) throw new AppCredentialError('ERR_CREDENTIAL_TOO_LONG', 'De app-credential is langer dan 15 minuten geldig.');
  if (!sleutelGeldigOp(key, new Date(iat * 1000))) {
    throw new AppCredentialError('ERR_CREDENTIAL_RETIRED_KEY', 'De app-credential is ondertekend met een sleutel van de app-beheerder die toen niet geldig was.');
  }
  if (!isValidBsn(payload.bsn)) throw new AppCredentialError('ERR_CREDENTIAL_CLAIMS', 'De app-credential bevat geen geldig BSN.');
  const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
  if (jkt !== expected.jkt) throw new AppCredentialError('ERR_CREDENTIAL_BINDING', 'De app-credential hoort bij een andere app-sleutel.');
  return { iss: appBeheerder.id, sub: payload.sub!, bsn: payload.bsn, jkt, iat, exp };
}
