/**
 * The scheme document (stelseldocument, docs/centraal.md §1): its version (a content hash),
 * signing by the scheme operator, and the one verification every participant uses: the
 * organisations' servers, the app SDK and the conformance checker.
 */
import { CompactSign, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { canonicalJson } from './canonical-json.js';
import { withCanonicalSignature } from './canonical-signature.js';
import { vertrouwdOndertekendOp } from './intrekking.js';
import type { components } from '../generated/stelselbeheerder.js';
import { EC_SIGNATURE_ALGORITHM, MAX_STELSEL_VALIDITY_SECONDS, STELSEL_CLOCK_SKEW_SECONDS, STELSELDOCUMENT_TYPE } from './constants.js';
import { fromUtf8, sha256, toBase64url, utf8 } from './encoding.js';
import { StelseldocumentError } from './errors.js';
import { importPublicKey, type Signer } from './jwk.js';
import { rfc3339Seconds } from './sign-document.js';

export type Stelseldocument = components['schemas']['Stelseldocument'];
export type StelselDeelnemer = components['schemas']['Deelnemer'];
export type StelselAppBeheerder = components['schemas']['AppBeheerder'];
export type StelselSleutel = components['schemas']['StelselSleutel'];
/** Blauwe Knop Plus: a third party that may receive data with a citizen's consent. */
export type StelselAfnemer = components['schemas']['Afnemer'];
/** Blauwe Knop Plus: a purpose, as the citizen sees it on the consent screen. */
export type StelselDoel = components['schemas']['Doel'];
export type StelselInhoud = Pick<Stelseldocument, 'organisaties' | 'app_beheerders' | 'afnemers' | 'doelen'>;

/**
 * `sha256:<base64url>` over the canonical JSON of `{ afnemers, app_beheerders, doelen,
 * organisaties }`; a document from before Plus has no afnemers and doelen, and keeps its version.
 */
export async function stelselVersie(content: StelselInhoud): Promise<string> {
  const canonical = canonicalJson({ afnemers: content.afnemers, app_beheerders: content.app_beheerders, doelen: content.doelen, organisaties: content.organisaties });
  return `sha256:${toBase64url(await sha256(canonical))}`;
}

export interface SignOptions {
  uitgever: Stelseldocument['uitgever'];
  omgeving: Stelseldocument['omgeving'];
  now: Date;
  geldigheidSeconden: number;
  key: Signer;
}

/** Builds and signs the document (ES256, `typ` bk-stelseldocument+jws). */
export async function signStelseldocument(content: StelselInhoud, options: SignOptions): Promise<{ jws: string; document: Stelseldocument }> {
  const seconds = Math.min(options.geldigheidSeconden, MAX_STELSEL_VALIDITY_SECONDS);
  const uitgegeven = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const document: Stelseldocument = {
    uitgever: options.uitgever,
    omgeving: options.omgeving,
    uitgegeven_op: rfc3339Seconds(uitgegeven),
    verloopt_op: rfc3339Seconds(new Date(uitgegeven.getTime() + seconds * 1000)),
    versie: await stelselVersie(content),
    organisaties: content.organisaties,
    app_beheerders: content.app_beheerders,
    ...(content.afnemers ? { afnemers: content.afnemers } : {}),
    ...(content.doelen ? { doelen: content.doelen } : {}),
  };
  const jws = withCanonicalSignature(
    await new CompactSign(utf8(JSON.stringify(document)))
      .setProtectedHeader({ alg: EC_SIGNATURE_ALGORITHM, kid: options.key.kid, typ: STELSELDOCUMENT_TYPE })
      .sign(options.key.privateKey),
  );
  return { jws, document };
}

export interface StelselVerificationOptions {
  /** The pinned operator key, or several during the operator's key rollover. */
  pinned: JWK | readonly JWK[];
  /** The moment the document must be valid at: now for a live fetch, the fetch time for a bundle. */
  at: Date;
  /**
   * The contract's schema check for `Stelseldocument` (every problem, in words). Required: a
   * document must follow the contract before anything reads it. Callers pass the compiled
   * contract (the wire rules themselves carry no schema engine).
   */
  schemaErrors: (document: unknown) => string[];
  /** `uitgegeven_op` of the last document accepted: an older one is a replay and refused. */
  lastAccepted?: string;
}

/**
 * Verifies a scheme document: ES256 signature by a pinned operator key (matching `kid` when
 * both name one), its own `typ`, the contract's schema, a validity of at most 24 hours that
 * includes `at` (issued at most STELSEL_CLOCK_SKEW_SECONDS in the future; no skew on expiry),
 * the version hash, and no rollback to a document older than the last one accepted.
 */
export async function verifyStelseldocument(jws: string, options: StelselVerificationOptions): Promise<Stelseldocument> {
  const compact = jws.trim();
  let header;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    throw new StelseldocumentError('ERR_STELSEL_MALFORMED', 'Het stelseldocument is geen compacte JWS.');
  }
  if (header.typ !== STELSELDOCUMENT_TYPE) {
    throw new StelseldocumentError('ERR_STELSEL_TYPE', `Het stelseldocument heeft typ ${String(header.typ)}, niet ${STELSELDOCUMENT_TYPE}.`);
  }
  if (header.alg !== EC_SIGNATURE_ALGORITHM) throw new StelseldocumentError('ERR_STELSEL_ALGORITHM', 'Het stelseldocument moet met ES256 ondertekend zijn.');
  const pinned: readonly JWK[] = Array.isArray(options.pinned) ? options.pinned : [options.pinned as JWK];
  const candidates = pinned.filter((k) => !header.kid || !k.kid || k.kid === header.kid);
  let payload: Uint8Array | undefined;
  for (const jwk of candidates) {
    try {
      ({ payload } = await compactVerify(compact, await importPublicKey(jwk, EC_SIGNATURE_ALGORITHM), { algorithms: [EC_SIGNATURE_ALGORITHM] }));
      break;
    } catch {
      // try the next pinned key
    }
  }
  if (!payload) {
    throw new StelseldocumentError('ERR_STELSEL_SIGNATURE', 'Het stelseldocument is niet ondertekend met de vastgepinde sleutel van de stelselbeheerder.');
  }
  let document: unknown;
  try {
    document = JSON.parse(fromUtf8(payload));
  } catch {
    throw new StelseldocumentError('ERR_STELSEL_MALFORMED', 'Het stelseldocument is geen JSON.');
  }
  const problems = options.schemaErrors(document);
  if (problems.length > 0) throw new StelseldocumentError('ERR_STELSEL_SCHEMA', `Het stelseldocument volgt het contract niet: ${problems.join('; ')}.`);
  const verified = document as Stelseldocument;
  const issued = Date.parse(verified.uitgegeven_op);
  const expires = Date.parse(verified.verloopt_op);
  if (Number.isNaN(issued) || Number.isNaN(expires)) throw new StelseldocumentError('ERR_STELSEL_SCHEMA', 'uitgegeven_op of verloopt_op is geen tijdstip.');
  if (expires - issued > MAX_STELSEL_VALIDITY_SECONDS * 1000) throw new StelseldocumentError('ERR_STELSEL_TOO_LONG', 'Het stelseldocument is langer dan 24 uur geldig.');
  const at = options.at.getTime();
  if (at >= expires) throw new StelseldocumentError('ERR_STELSEL_EXPIRED', `Het stelseldocument is verlopen op ${verified.verloopt_op}.`);
  if (at + STELSEL_CLOCK_SKEW_SECONDS * 1000 < issued) {
    throw new StelseldocumentError('ERR_STELSEL_NOT_YET_VALID', `Het stelseldocument is pas uitgegeven op ${verified.uitgegeven_op}.`);
  }
  if ((await stelselVersie(verified)) !== verified.versie) throw new StelseldocumentError('ERR_STELSEL_VERSION', 'De versie van het stelseldocument klopt niet met de inhoud.');
  if (options.lastAccepted !== undefined && issued < Date.parse(options.lastAccepted)) {
    throw new StelseldocumentError(
      'ERR_STELSEL_ROLLBACK',
      `Dit stelseldocument (${verified.uitgegeven_op}) is ouder dan het laatst geaccepteerde (${options.lastAccepted}).`,
    );
  }
  return verified;
}

/**
 * Whether a participant's key in the scheme vouches for something that says it was signed at
 * `at`: on or after `geldig_vanaf`, before `geldig_tot`, and trusted given its revocation
 * (before `ingetrokken_op` when retired as `buiten-gebruik`; never when compromised).
 */
export function sleutelGeldigOp(key: StelselSleutel, at: Date): boolean {
  const t = at.getTime();
  if (Number.isNaN(t) || t < Date.parse(key.geldig_vanaf)) return false;
  if (key.geldig_tot && t >= Date.parse(key.geldig_tot)) return false;
  return vertrouwdOndertekendOp(key, t);
}

/** Whether the scheme revoked the key at or before `at` (what it signed is no longer trusted). */
export function isIngetrokkenOp(key: StelselSleutel, at: Date): boolean {
  return key.ingetrokken_op !== undefined && Date.parse(key.ingetrokken_op) <= at.getTime();
}
