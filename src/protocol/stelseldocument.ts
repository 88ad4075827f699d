/**
 * The scheme document (stelseldocument, docs/centraal.md §1): its payload, its version (a
 * content hash), signing by the scheme operator and verifying with the pinned operator key.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, CompactSign, type JWK } from 'jose';

export const STELSELDOCUMENT_TYPE = 'bk-stelseldocument+jws';
/** The longest a scheme document may be valid. */
export const MAX_GELDIGHEID_SECONDEN = 24 * 60 * 60;

export type StelselSleutel = JWK & { kid: string; geldig_vanaf: string; geldig_tot?: string; ingetrokken_op?: string };

export interface StelselDeelnemer {
  oin: string;
  naam: string;
  ontdekkings_url: string;
  diensten: string[];
  sleutels: StelselSleutel[];
}

export interface StelselAppBeheerder {
  id: string;
  naam: string;
  url: string;
  sleutels: StelselSleutel[];
}

/** Blauwe Knop Plus: a third party that may receive data with a citizen's consent. */
export interface StelselAfnemer {
  /** A URN: `urn:nl:blauwe-knop:afnemer:<naam>`. */
  id: string;
  naam: string;
  status: 'actief' | 'opgeschort';
  /** Signing keys for `private_key_jwt` client assertions and DPoP proofs. */
  sleutels: StelselSleutel[];
  /** Where the bronhouder pushes Security Event Tokens (RFC 8935). */
  aflever_endpoint: string;
  /** Ids of the purposes it may ask consent for. */
  doelen: string[];
}

/** Blauwe Knop Plus: a purpose, as the citizen sees it on the consent screen. */
export interface StelselDoel {
  id: string;
  versie: number;
  omschrijving: string;
  /** The OIN of the bronhouder that holds the data. */
  bronhouder: string;
  /** Event type URIs the afnemer may receive. */
  gebeurtenistypen: string[];
  /** Data scopes (document types) the afnemer may read. */
  scopes: string[];
  /** At most 365. */
  maximale_duur_dagen: number;
  /** How long the afnemer keeps what it received. */
  bewaartermijn_dagen: number;
}

export interface Stelseldocument {
  uitgever: { oin: string; naam: string };
  omgeving: 'ontwikkeling' | 'productie';
  uitgegeven_op: string;
  verloopt_op: string;
  versie: string;
  organisaties: StelselDeelnemer[];
  app_beheerders: StelselAppBeheerder[];
  /** Absent in documents from before Plus. */
  afnemers?: StelselAfnemer[];
  doelen?: StelselDoel[];
}

export type StelselInhoud = Pick<Stelseldocument, 'organisaties' | 'app_beheerders' | 'afnemers' | 'doelen'>;

/** JSON with object keys sorted and no white space (enough for our values: strings, integers, arrays, objects). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `sha256:<base64url>` over the canonical JSON of `{ afnemers, app_beheerders, doelen,
 * organisaties }`; a document from before Plus has no afnemers and doelen, and keeps its version.
 */
export function stelselVersie(content: StelselInhoud): string {
  const canonical = canonicalJson({ afnemers: content.afnemers, app_beheerders: content.app_beheerders, doelen: content.doelen, organisaties: content.organisaties });
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('base64url')}`;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface SignOptions {
  uitgever: { oin: string; naam: string };
  omgeving: Stelseldocument['omgeving'];
  now: Date;
  geldigheidSeconden: number;
  key: { kid: string; privateKey: KeyObject };
}

/** Builds and signs the document (ES256, `typ` bk-stelseldocument+jws). */
export async function signStelseldocument(
  content: StelselInhoud,
  options: SignOptions,
): Promise<{ jws: string; document: Stelseldocument }> {
  const seconds = Math.min(options.geldigheidSeconden, MAX_GELDIGHEID_SECONDEN);
  const uitgegeven = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const document: Stelseldocument = {
    uitgever: options.uitgever,
    omgeving: options.omgeving,
    uitgegeven_op: rfc3339(uitgegeven),
    verloopt_op: rfc3339(new Date(uitgegeven.getTime() + seconds * 1000)),
    versie: stelselVersie(content),
    organisaties: content.organisaties,
    app_beheerders: content.app_beheerders,
    ...(content.afnemers ? { afnemers: content.afnemers } : {}),
    ...(content.doelen ? { doelen: content.doelen } : {}),
  };
  const jws = await new CompactSign(Buffer.from(JSON.stringify(document), 'utf8'))
    .setProtectedHeader({ alg: 'ES256', kid: options.key.kid, typ: STELSELDOCUMENT_TYPE })
    .sign(options.key.privateKey);
  return { jws, document };
}

export class StelseldocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StelseldocumentError';
  }
}

/**
 * Verifies a scheme document with the pinned operator key(s): signature (ES256 only),
 * `typ`, validity (`verloopt_op` in the future, at most 24 hours after `uitgegeven_op`)
 * and the version hash.
 */
export async function verifyStelseldocument(jws: string, pinned: JWK[], now: Date): Promise<Stelseldocument> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new StelseldocumentError('Het stelseldocument is geen compacte JWS.');
  }
  if (header.typ !== STELSELDOCUMENT_TYPE) throw new StelseldocumentError(`Het stelseldocument heeft typ ${String(header.typ)}.`);
  if (header.alg !== 'ES256') throw new StelseldocumentError('Het stelseldocument moet met ES256 ondertekend zijn.');
  const candidates = pinned.filter((k) => !header.kid || !k.kid || k.kid === header.kid);
  let payload: Uint8Array | undefined;
  for (const jwk of candidates) {
    try {
      const { d: _d, ...publicJwk } = jwk;
      ({ payload } = await compactVerify(jws, await importJWK(publicJwk, 'ES256'), { algorithms: ['ES256'] }));
      break;
    } catch {
      // try the next pinned key
    }
  }
  if (!payload) throw new StelseldocumentError('Het stelseldocument is niet ondertekend met de vastgepinde sleutel van de stelselbeheerder.');
  const document = JSON.parse(Buffer.from(payload).toString('utf8')) as Stelseldocument;
  const issued = Date.parse(document.uitgegeven_op);
  const expires = Date.parse(document.verloopt_op);
  if (!Number.isFinite(issued) || !Number.isFinite(expires)) throw new StelseldocumentError('Het stelseldocument mist uitgegeven_op of verloopt_op.');
  if (expires - issued > MAX_GELDIGHEID_SECONDEN * 1000) throw new StelseldocumentError('Het stelseldocument is langer dan 24 uur geldig.');
  if (expires <= now.getTime()) throw new StelseldocumentError('Het stelseldocument is verlopen.');
  if (stelselVersie(document) !== document.versie) throw new StelseldocumentError('De versie van het stelseldocument klopt niet met de inhoud.');
  return document;
}

/** Whether a participant's key may vouch for something signed at `at` (`iat`). */
export function sleutelGeldigOp(key: StelselSleutel, at: Date): boolean {
  const t = at.getTime();
  if (Date.parse(key.geldig_vanaf) > t + 60_000) return false;
  if (key.geldig_tot && Date.parse(key.geldig_tot) < t) return false;
  if (key.ingetrokken_op && Date.parse(key.ingetrokken_op) <= t) return false;
  return true;
}
