/**
 * Signed documents kept per citizen and data version, so an app that refreshes an
 * unchanged document gets the same signed bytes without a fold, a serialisation or a
 * signature; and the entity tag of a document, for conditional requests.
 *
 * Correctness rests on the data version (`versie` of the read model): every write raises
 * it in the same transaction, and every request reads it in the same query that reads the
 * data, on whichever replica it lands. A cached document is served only while its version
 * is still the current one, and for at most DOCUMENT_CACHE.maxAgeMs after it was made (its
 * `aangemaakt_op` and the moment its saldo is determined are that old at most).
 *
 * Where the database can say cheaply whether anything at all was committed since a moment
 * (SQLite's data_version, see PreparedStatements.changeMark), a document found current at a
 * change mark stays current while the mark holds: an app refreshing on a quiet database is
 * answered without a query. Any commit, by any connection or process, moves the mark and the
 * next request reads the version again. PostgreSQL has no such local signal: there every
 * request reads the version (one indexed query, batched with concurrent requests' reads),
 * which keeps replicas exact.
 */
import { createHash, createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BoundedLru } from '../../cache/bounded-lru.js';
import type { SigningKey } from '../../keys/signing-key.js';
import type { DocumentSignature } from '../../protocol/sign-document.js';

/** The bounds of the document cache (per process). */
export const DOCUMENT_CACHE = {
  /** Documents kept, at most. */
  maxEntries: 10_000,
  /** Bytes of bodies and signatures kept, at most. */
  maxBytes: 32 * 1024 * 1024,
  /** How long a document may be served again while its data version holds. */
  maxAgeMs: 60_000,
} as const;

export interface GecachtDocument {
  versie: number;
  /**
   * The serialised document, exactly as signed and sent. Bytes, not a string: a Buffer's
   * contents lie outside the JavaScript heap, so the garbage collector neither copies nor
   * scans them while the entry lives (under cold traffic every request adds an entry and
   * retires another), and the socket takes them as they are.
   */
  body: Buffer;
  /**
   * The detached JWS and the Content-Digest of `body`. The compact JWS is not kept (it is the
   * body once more, in base64url): compactJwsOf rebuilds it for the representations that need it.
   */
  signature: Pick<DocumentSignature, 'payloadSignature' | 'contentDigest'>;
  /** The key that signed it (`kid` of the signature's header), so a hit needs no decoding. */
  kid: string;
  madeAtMs: number;
  /**
   * The database's change mark read before the last read that found this version current
   * (undefined where the database has none): while the mark is unchanged, so is the version.
   */
  checkedAtMark?: number;
  /** Entity tags of this version computed so far, per representation (at most three). */
  tags?: Map<string, string>;
}

/** What the handler tells the signing hook: where this answer is cached, and a hit if any. */
export interface CertifiedSlot {
  cache: DocumentCache;
  key: string;
  versie: number;
  /** The change mark read before that version was (see GecachtDocument.checkedAtMark). */
  mark?: number;
  hit?: GecachtDocument;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a document handler whose document can be cached (see document-cache.ts). */
    certifiedSlot: CertifiedSlot | null;
  }
}

export class DocumentCache {
  readonly #entries = new BoundedLru<string, GecachtDocument>({
    maxEntries: DOCUMENT_CACHE.maxEntries,
    maxWeight: DOCUMENT_CACHE.maxBytes,
    weightOf: (d) => d.body.length + d.signature.payloadSignature.length + d.signature.contentDigest.length,
    // A document is kept from its second fetch on: a citizen who fetches once (most of them)
    // costs the cache nothing (bounded-lru.ts, doorkeeper.ts).
    admitOnSecondSight: true,
  });

  constructor(private readonly now: () => Date) {}

  /** The cached document for `key` if it was made from data version `versie`, recently enough. */
  get(key: string, versie: number): GecachtDocument | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.versie === versie && this.#fresh(entry)) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  /**
   * The cached document for `key` if nothing was committed to the database since it was last
   * found current (its checkedAtMark is `mark`), recently enough; otherwise undefined, and
   * the caller reads the version.
   */
  unchangedSince(key: string, mark: number): GecachtDocument | undefined {
    const entry = this.#entries.get(key);
    return entry?.checkedAtMark === mark && this.#fresh(entry) ? entry : undefined;
  }

  /** Made recently enough to be served again (DOCUMENT_CACHE.maxAgeMs). */
  #fresh(entry: GecachtDocument): boolean {
    return this.now().getTime() - entry.madeAtMs < DOCUMENT_CACHE.maxAgeMs;
  }

  /** Whether a document is kept for `key`, of whichever version (does not count as a use). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, entry: GecachtDocument): void {
    this.#entries.set(key, entry);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The cache key of a document: which document, about whom, as of which day, signed with which key. */
export function documentKey(documenttype: string, bsn: string, peildatum: string | undefined, kid: string): string {
  return `${documenttype}\u0000${bsn}\u0000${peildatum ?? ''}\u0000${kid}`;
}

const etagSecrets = new Map<string, Buffer>();

/**
 * The secret entity tags are computed with, derived from the signing key: replicas that
 * sign with the same key give the same tag for the same document, and a tag reveals
 * nothing about whom the document is about (a plain hash of a BSN is easily reversed).
 */
function etagSecretOf(key: SigningKey): Buffer {
  let secret = etagSecrets.get(key.kid);
  if (!secret) {
    secret = createHash('sha256').update('blauwe-knop etag\u0000').update(key.privateKey.export({ format: 'der', type: 'pkcs8' })).digest();
    if (etagSecrets.size > 16) etagSecrets.clear();
    etagSecrets.set(key.kid, secret);
  }
  return secret;
}

/** The strong entity tag of a document at a data version, in one representation. */
export function entityTag(signingKey: SigningKey, key: string, versie: number, representation: string): string {
  const mac = createHmac('sha256', etagSecretOf(signingKey)).update(`${key}\u0000${versie}\u0000${representation}`).digest('base64url');
  return `"${mac.slice(0, 27)}"`;
}

/** Whether an `If-None-Match` header names this tag (or `*`); weak comparison, RFC 9110 §13.1.2. */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

/**
 * Answers a cacheable document request from the data version alone where it can: `304` when
 * the client already holds this version (If-None-Match), the cached signed bytes when this
 * process made them, or `undefined` to have the caller build the document, which the
 * signing hook then keeps. The version comes apart from the rest of the slot, which the
 * handler makes once per request; `{ ...slot, versie }` would cost a hidden class of its own
 * on every call (V8 in Node 20, see tracing.ts).
 */
export function answerFromVersion(
  request: FastifyRequest,
  reply: FastifyReply,
  slot: { cache: DocumentCache; signingKey: SigningKey; key: string; mark: number | undefined },
  versie: number,
): { notModified: true } | { body: Buffer } | undefined {
  const hit = slot.cache.get(slot.key, versie);
  if (hit && slot.mark !== undefined) hit.checkedAtMark = slot.mark;
  // In a Centraal session the answer is encrypted per request to the app's key: no tag.
  if (!request.session) {
    const representation = request.representation ?? 'application/json';
    // The tag of a version does not change: a document kept for it keeps its tags too.
    let tag = hit?.tags?.get(representation);
    if (!tag) {
      tag = entityTag(slot.signingKey, slot.key, versie, representation);
      if (hit) (hit.tags ??= new Map()).set(representation, tag);
    }
    reply.header('etag', tag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], tag)) return { notModified: true };
  }
  request.certifiedSlot = {
    cache: slot.cache,
    key: slot.key,
    versie,
    ...(slot.mark === undefined ? {} : { mark: slot.mark }),
    ...(hit ? { hit } : {}),
  };
  return hit ? { body: hit.body } : undefined;
}
