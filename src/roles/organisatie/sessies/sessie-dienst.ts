import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { APP_CREDENTIAL_TYPE, MAX_CREDENTIAL_SECONDS } from '../../../protocol/app-credential.js';
import { isValidBsn } from '../../../domain/bsn.js';
import { hasNonCanonicalSignature, withCanonicalSignature } from '../../../protocol/canonical-signature.js';
import type { SigningKeyring } from '../../../keys/keyring.js';
import type { StelselAppBeheerder } from '../../../protocol/stelseldocument.js';
import type { VerifiedDpopProof } from '../../../protocol/dpop.js';
import { StelselOnbereikbaarError, type StelselBron } from './stelsel-bron.js';

export const SESSIE_TOKEN_TYPE = 'bk-sessie+jwt';
export const MAX_SESSIE_SECONDS = 15 * 60;

/** Why a session is refused: 401 (prove again), 403 (not allowed), 503 (a dependency is down). */
export class SessieError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'SessieError';
  }
}

export interface SessieClaims {
  bsn: string;
  /** The app key the session is bound to. */
  jkt: string;
  registratieId: string;
  appBeheerder: string;
}

export interface SessieDienstOptions {
  oin: string;
  keyring: SigningKeyring;
  stelsel: StelselBron;
  now: () => Date;
  sessieSeconden: number;
  fetcher?: typeof fetch;
}

/**
 * Organisation sessions (docs/centraal.md §3): checks an app credential against the app
 * managers in the scheme document and the registration status, and issues a session token
 * bound to the app key; later verifies that token on document requests.
 */
export class SessieDienst {
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: SessieDienstOptions) {
    this.fetcher = options.fetcher ?? fetch;
  }

  private async appBeheerder(iss: string): Promise<StelselAppBeheerder | undefined> {
    const find = async (refresh: boolean) => (await this.options.stelsel.document({ refresh })).app_beheerders.find((b) => b.id === iss);
    try {
      return (await find(false)) ?? (await find(true));
    } catch (error) {
      if (error instanceof StelselOnbereikbaarError) throw new SessieError(503, error.message);
      throw error;
    }
  }

  async maakSessie(credential: string, proof: VerifiedDpopProof): Promise<{ token: string; expiresAt: Date; claims: SessieClaims }> {
    const now = this.options.now();
    let header;
    let unverified;
    try {
      header = decodeProtectedHeader(credential);
      unverified = decodeJwt(credential);
    } catch {
      throw new SessieError(401, 'De app-credential is geen JWT.');
    }
    if (hasNonCanonicalSignature(credential)) throw new SessieError(401, 'De handtekening van de app-credential is niet canoniek (ECDSA met hoge s).');
    if (header.typ !== APP_CREDENTIAL_TYPE) throw new SessieError(401, `De app-credential heeft niet typ "${APP_CREDENTIAL_TYPE}".`);
    if (header.alg !== 'ES256') throw new SessieError(401, 'De app-credential moet met ES256 ondertekend zijn.');
    if (typeof unverified.iss !== 'string') throw new SessieError(401, 'De app-credential mist iss.');
    let beheerder = await this.appBeheerder(unverified.iss);
    if (!beheerder) throw new SessieError(403, 'De app-credential komt van een app-beheerder die niet in het stelseldocument staat.');
    let key = beheerder.sleutels.find((k) => k.kid === header.kid);
    if (!key) {
      beheerder = (await this.options.stelsel.document({ refresh: true }).catch(() => undefined))?.app_beheerders.find((b) => b.id === unverified.iss) ?? beheerder;
      key = beheerder.sleutels.find((k) => k.kid === header.kid);
    }
    if (!key) throw new SessieError(401, 'De app-credential is ondertekend met een sleutel die niet in het stelseldocument staat.');
    if (key.ingetrokken_op && Date.parse(key.ingetrokken_op) <= now.getTime()) {
      throw new SessieError(401, 'De app-credential is ondertekend met een ingetrokken sleutel van de app-beheerder.');
    }
    let payload;
    try {
      const { geldig_vanaf: _v, geldig_tot: _t, ingetrokken_op: _i, ...jwk } = key;
      ({ payload } = await jwtVerify(credential, await importJWK(jwk as JWK, 'ES256'), {
        typ: APP_CREDENTIAL_TYPE,
        algorithms: ['ES256'],
        issuer: beheerder.id,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: now,
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new SessieError(401, 'De app-credential is verlopen.');
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new SessieError(401, 'De handtekening van de app-credential klopt niet.');
      throw new SessieError(401, 'De app-credential is ongeldig.');
    }
    if (payload.exp! - payload.iat! > MAX_CREDENTIAL_SECONDS) throw new SessieError(401, 'De app-credential is langer dan 15 minuten geldig.');
    if (key.geldig_tot && Date.parse(key.geldig_tot) < payload.iat! * 1000) {
      throw new SessieError(401, 'De app-credential is ondertekend met een uitgefaseerde sleutel van de app-beheerder.');
    }
    const bsn = payload.bsn;
    if (!isValidBsn(bsn)) throw new SessieError(401, 'De app-credential bevat geen geldig BSN.');
    const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (jkt !== proof.jkt) throw new SessieError(401, 'De app-credential hoort bij een andere app-sleutel dan het DPoP-bewijs.');
    await this.controleerRegistratie(beheerder, payload.sub!);

    const claims: SessieClaims = { bsn, jkt, registratieId: payload.sub!, appBeheerder: beheerder.id };
    const signing = await this.options.keyring.signingKey();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + Math.min(this.options.sessieSeconden, MAX_SESSIE_SECONDS);
    const token = await new SignJWT({ bsn, cnf: { jkt }, app_beheerder: beheerder.id })
      .setProtectedHeader({ alg: signing.algorithm, kid: signing.kid, typ: SESSIE_TOKEN_TYPE })
      .setIssuer(this.options.oin)
      .setAudience(this.options.oin)
      .setSubject(claims.registratieId)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(signing.privateKey);
    return { token: withCanonicalSignature(token), expiresAt: new Date(exp * 1000), claims };
  }

  /** The registration must be active at the app manager right now. */
  private async controleerRegistratie(beheerder: StelselAppBeheerder, registratieId: string): Promise<void> {
    const url = `${beheerder.url.replace(/\/$/, '')}/app-registraties/${encodeURIComponent(registratieId)}/status`;
    let response: Response;
    try {
      response = await this.fetcher(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    } catch {
      throw new SessieError(503, 'De app-beheerder is niet bereikbaar om de registratie te controleren.');
    }
    if (response.status === 404) throw new SessieError(403, 'De app-beheerder kent deze registratie niet.');
    if (!response.ok) throw new SessieError(503, 'De app-beheerder kon de registratie niet bevestigen.');
    const body = (await response.json().catch(() => ({}))) as { status?: unknown };
    if (body.status !== 'actief') throw new SessieError(403, 'De registratie van deze app is ingetrokken.');
  }

  /** Verifies a session token of this organisation (signature, typ, issuer, audience, expiry). */
  async controleerSessie(token: string): Promise<SessieClaims> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new SessieError(401, 'Het sessietoken is geen JWT.');
    }
    if (hasNonCanonicalSignature(token)) throw new SessieError(401, 'Het sessietoken is ongeldig.');
    const { keys } = await this.options.keyring.published();
    const key = keys.find((k) => k.kid === header.kid && k.status !== 'ingetrokken');
    if (!key) throw new SessieError(401, 'Het sessietoken is niet van deze organisatie.');
    let payload;
    try {
      const { status: _s, geldig_vanaf: _g, uitgefaseerd_op: _u, ingetrokken_op: _i, ...jwk } = key as Record<string, unknown>;
      ({ payload } = await jwtVerify(token, await importJWK(jwk as JWK, key.alg), {
        typ: SESSIE_TOKEN_TYPE,
        algorithms: [key.alg],
        issuer: this.options.oin,
        audience: this.options.oin,
        requiredClaims: ['exp', 'sub'],
        currentDate: this.options.now(),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new SessieError(401, 'Het sessietoken is verlopen.');
      throw new SessieError(401, 'Het sessietoken is ongeldig.');
    }
    const jkt = (payload.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (!isValidBsn(payload.bsn) || typeof jkt !== 'string') throw new SessieError(401, 'Het sessietoken is ongeldig.');
    return { bsn: payload.bsn, jkt, registratieId: payload.sub!, appBeheerder: String(payload.app_beheerder) };
  }
}
