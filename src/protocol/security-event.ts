/**
 * Security Event Tokens (RFC 8417) for Blauwe Knop Plus: what a bronhouder tells an afnemer
 * about a consent (a raadpleging, or a change of the consent's state). Wire rules only:
 * jose and the platform's Web Crypto, no node: imports, so the afnemer side and a browser
 * can use the same module.
 *
 * A BSN cannot reach a SET by construction: every claim has a closed shape. The subject is
 * a pairwise pseudonym of a fixed format, the trace id is hex, the event data may only hold
 * the members listed per event type, with values from a closed list.
 */
import { compactVerify, CompactSign, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { hasNonCanonicalSignature, withCanonicalSignature } from './canonical-signature.js';
import { intrekkingUitleg, vertrouwdOndertekendOp, type IntrekkingVanSleutel } from './intrekking.js';

export const SECURITY_EVENT_TYPE = 'secevent+jwt';
export const EVENT_TYPE_PREFIX = 'urn:nl:blauwe-knop:plus:event:';

export const GEBEURTENISTYPEN = {
  rijbewijsGeraadpleegd: `${EVENT_TYPE_PREFIX}rijbewijs-geraadpleegd`,
  toestemmingVerleend: `${EVENT_TYPE_PREFIX}toestemming-verleend`,
  toestemmingIngetrokken: `${EVENT_TYPE_PREFIX}toestemming-ingetrokken`,
  toestemmingVerlopen: `${EVENT_TYPE_PREFIX}toestemming-verlopen`,
  toestemmingOpgeschort: `${EVENT_TYPE_PREFIX}toestemming-opgeschort`,
} as const;
export type Gebeurtenistype = (typeof GEBEURTENISTYPEN)[keyof typeof GEBEURTENISTYPEN];

/** Who looked a licence up, as a category: never a person or an organisation's identity. */
export const RAADPLEGER_CATEGORIEEN = ['politie', 'boa', 'gemeente', 'rdw', 'justitie', 'verzekeraar', 'werkgever', 'overig'] as const;
export const RAADPLEGING_RESULTATEN = ['gevonden', 'niet-gevonden', 'ongeldig'] as const;
export const INTREKKERS = ['burger', 'afnemer'] as const;

/** The data members each event type may carry, and the values each may take. */
const EVENT_DATA: Record<Gebeurtenistype, Record<string, readonly string[]>> = {
  [GEBEURTENISTYPEN.rijbewijsGeraadpleegd]: { categorie: RAADPLEGER_CATEGORIEEN, resultaat: RAADPLEGING_RESULTATEN },
  [GEBEURTENISTYPEN.toestemmingVerleend]: {},
  [GEBEURTENISTYPEN.toestemmingIngetrokken]: { door: INTREKKERS },
  [GEBEURTENISTYPEN.toestemmingVerlopen]: {},
  [GEBEURTENISTYPEN.toestemmingOpgeschort]: {},
};

/** A pairwise subject is a base64url hash (at least 128 bits): it can never be a BSN. */
const PAIRWISE_SUBJECT = /^[A-Za-z0-9_-]{22,86}$/;
/** W3C trace id: 32 lowercase hex characters. */
const TRACE_ID = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OIN_ISSUER = /^urn:nld:oin:\d{20}$/;
const AFNEMER_ID = /^urn:nl:blauwe-knop:afnemer:[a-z0-9-]{1,64}$/;
const ALGORITHMS = ['ES256', 'PS256', 'EdDSA'];

export class SecurityEventError extends Error {
  constructor(
    readonly reason: 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience',
    message: string,
  ) {
    super(message);
    this.name = 'SecurityEventError';
  }
}

/** What the bronhouder knows about one event; everything else in the SET is derived. */
export interface SecurityEventInput {
  /** The bronhouder's OIN (20 digits). */
  bronhouderOin: string;
  /** The afnemer id (a URN from the scheme document). */
  afnemer: string;
  /** The pairwise subject of the citizen for this afnemer. */
  subject: string;
  gebeurtenistype: Gebeurtenistype;
  toestemmingId: string;
  volgnummer: number;
  /** Trace id of the processing log entry. */
  txn: string;
  /** When the event happened. */
  toe: Date;
  /** When the SET is issued; the same on every retry, since the SET is signed once. */
  iat: Date;
  /** Kept on every retry (RFC 8935: the afnemer deduplicates on it). */
  jti: string;
  data?: Record<string, string>;
}

export interface SecurityEventPayload {
  iss: string;
  aud: string;
  iat: number;
  jti: string;
  toe: number;
  txn: string;
  sub_id: { format: 'opaque'; id: string };
  events: Record<string, { toestemming_id: string; volgnummer: number } & Record<string, string | number>>;
}

export interface VerifiedSecurityEvent {
  payload: SecurityEventPayload;
  gebeurtenistype: Gebeurtenistype;
  toestemmingId: string;
  volgnummer: number;
  data: Record<string, string>;
  kid: string;
}

/** A key able to sign: structurally the server's SigningKey, or any jose key. */
export interface EventSigningKey {
  kid: string;
  algorithm: string;
  privateKey: Parameters<CompactSign['sign']>[0];
}

/** Published keys may carry the Blauwe Knop status fields (as on `/sleutels`). */
export type EventVerificationKey = JWK & IntrekkingVanSleutel & { status?: string };

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function isGebeurtenistype(value: string): value is Gebeurtenistype {
  return Object.prototype.hasOwnProperty.call(EVENT_DATA, value);
}

/** Every problem with the event data, so a caller sees them at once. */
function dataProblems(type: Gebeurtenistype, data: Record<string, unknown>): string[] {
  const allowed = EVENT_DATA[type];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    const values = allowed[name];
    if (!values) problems.push(`${name} hoort niet bij ${type}`);
    else if (typeof value !== 'string' || !values.includes(value)) problems.push(`${name} moet een van ${values.join(', ')} zijn`);
  }
  for (const name of Object.keys(allowed)) if (!(name in data)) problems.push(`${name} ontbreekt`);
  return problems;
}

function payloadProblems(p: SecurityEventPayload): string[] {
  const problems: string[] = [];
  if (typeof p.iss !== 'string' || !OIN_ISSUER.test(p.iss)) problems.push('iss moet urn:nld:oin:<OIN> zijn');
  if (typeof p.aud !== 'string' || !AFNEMER_ID.test(p.aud)) problems.push('aud moet een afnemer-id zijn');
  if (typeof p.jti !== 'string' || !UUID.test(p.jti)) problems.push('jti moet een UUID zijn');
  if (typeof p.txn !== 'string' || !TRACE_ID.test(p.txn)) problems.push('txn moet een trace-id zijn');
  if (!Number.isSafeInteger(p.iat)) problems.push('iat ontbreekt');
  if (!Number.isSafeInteger(p.toe)) problems.push('toe ontbreekt');
  if ('exp' in p) problems.push('een SET heeft geen exp');
  if (!p.sub_id || p.sub_id.format !== 'opaque' || typeof p.sub_id.id !== 'string' || !PAIRWISE_SUBJECT.test(p.sub_id.id)) {
    problems.push('sub_id moet een pseudoniem per afnemer zijn (format opaque)');
  }
  const types = p.events && typeof p.events === 'object' ? Object.keys(p.events) : [];
  if (types.length !== 1) problems.push('events moet precies één gebeurtenis bevatten');
  for (const type of types) {
    if (!isGebeurtenistype(type)) {
      problems.push(`onbekend gebeurtenistype ${type}`);
      continue;
    }
    const { toestemming_id, volgnummer, ...data } = p.events[type]!;
    if (typeof toestemming_id !== 'string' || !UUID.test(toestemming_id)) problems.push('toestemming_id moet een UUID zijn');
    if (!Number.isSafeInteger(volgnummer) || (volgnummer as number) < 1) problems.push('volgnummer moet een positief geheel getal zijn');
    problems.push(...dataProblems(type, data));
  }
  const extra = Object.keys(p).filter((k) => !['iss', 'aud', 'iat', 'jti', 'toe', 'txn', 'sub_id', 'events', 'exp'].includes(k));
  for (const name of extra) problems.push(`claim ${name} hoort niet in een SET`);
  return problems;
}

/** The SET payload for an event; refuses anything outside the closed shape. */
export function securityEventPayload(input: SecurityEventInput): SecurityEventPayload {
  const payload: SecurityEventPayload = {
    iss: `urn:nld:oin:${input.bronhouderOin}`,
    aud: input.afnemer,
    iat: seconds(input.iat),
    jti: input.jti,
    toe: seconds(input.toe),
    txn: input.txn,
    sub_id: { format: 'opaque', id: input.subject },
    events: { [input.gebeurtenistype]: { ...(input.data ?? {}), toestemming_id: input.toestemmingId, volgnummer: input.volgnummer } },
  };
  const problems = payloadProblems(payload);
  if (problems.length > 0) throw new SecurityEventError('invalid_request', `Ongeldige gebeurtenis: ${problems.join('; ')}`);
  return payload;
}

/** Signs a SET (`typ: secevent+jwt`) with the bronhouder's key. */
export async function createSecurityEvent(key: EventSigningKey, input: SecurityEventInput): Promise<string> {
  const payload = securityEventPayload(input);
  const set = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: SECURITY_EVENT_TYPE })
    .sign(key.privateKey);
  // ES256 SETs leave in low-s form, like every token this project issues (canonical-signature.ts).
  return withCanonicalSignature(set);
}

export interface SecurityEventExpectation {
  /** The bronhouder's published keys (from the scheme document or its `/sleutels`). */
  keys: EventVerificationKey[];
  /** `urn:nld:oin:<oin>` of the bronhouder. */
  issuer: string;
  /** The afnemer's own id. */
  audience: string;
}

/**
 * Verifies a SET as an afnemer receives it. The failure reasons are the RFC 8935 error codes,
 * so a push receiver can answer `400 { err }` with `reason` as it is.
 */
export async function verifySecurityEvent(jws: string, expected: SecurityEventExpectation): Promise<VerifiedSecurityEvent> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new SecurityEventError('invalid_request', 'De SET is geen compacte JWS.');
  }
  if (header.typ !== SECURITY_EVENT_TYPE) throw new SecurityEventError('invalid_request', `typ is ${String(header.typ)}, niet ${SECURITY_EVENT_TYPE}.`);
  if (!header.alg || !ALGORITHMS.includes(header.alg)) throw new SecurityEventError('invalid_request', `Algoritme ${String(header.alg)} is niet toegestaan.`);
  // The high-s twin of a bronhouder's SET would be a second encoding of one event; the afnemer
  // deduplicates on jti, but logs and stores keep the bytes, so only the canonical form is accepted.
  if (hasNonCanonicalSignature(jws)) throw new SecurityEventError('invalid_key', 'De handtekening van de SET is niet canoniek (ECDSA met hoge s).');
  const key = expected.keys.find((k) => k.kid === header.kid);
  if (!key) throw new SecurityEventError('invalid_key', `Geen sleutel met kid ${String(header.kid)}.`);
  const { status, ingetrokken_op, intrekkingsreden, geldig_vanaf: _g, geldig_tot: _t, ...jwk } = key as EventVerificationKey & Record<string, unknown>;
  let payloadBytes: Uint8Array;
  try {
    const publicKey = await importJWK(jwk as JWK, header.alg);
    ({ payload: payloadBytes } = await compactVerify(jws, publicKey, { algorithms: [header.alg] }));
  } catch {
    throw new SecurityEventError('invalid_key', 'De handtekening van de SET klopt niet.');
  }
  let payload: SecurityEventPayload;
  try {
    payload = JSON.parse(new TextDecoder().decode(payloadBytes)) as SecurityEventPayload;
  } catch {
    throw new SecurityEventError('invalid_request', 'De inhoud van de SET is geen JSON.');
  }
  if (typeof payload !== 'object' || payload === null) throw new SecurityEventError('invalid_request', 'De inhoud van de SET is geen object.');
  // A revoked key proves what it signed before its revocation only when it was retired, never
  // when compromised (intrekking.ts).
  const revocation = { status, ingetrokken_op, intrekkingsreden } as IntrekkingVanSleutel;
  if (!vertrouwdOndertekendOp(revocation, typeof payload.iat === 'number' ? payload.iat * 1000 : NaN)) {
    throw new SecurityEventError('invalid_key', intrekkingUitleg(String(header.kid), revocation));
  }
  if (payload.iss !== expected.issuer) throw new SecurityEventError('invalid_issuer', `iss is ${String(payload.iss)}, niet ${expected.issuer}.`);
  if (payload.aud !== expected.audience) throw new SecurityEventError('invalid_audience', `aud is ${String(payload.aud)}, niet ${expected.audience}.`);
  const problems = payloadProblems(payload);
  if (problems.length > 0) throw new SecurityEventError('invalid_request', `Ongeldige SET: ${problems.join('; ')}`);
  const gebeurtenistype = Object.keys(payload.events)[0] as Gebeurtenistype;
  const { toestemming_id, volgnummer, ...data } = payload.events[gebeurtenistype]!;
  return { payload, gebeurtenistype, toestemmingId: toestemming_id, volgnummer, data: data as Record<string, string>, kid: String(header.kid) };
}
