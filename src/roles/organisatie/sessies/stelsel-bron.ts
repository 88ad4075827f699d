import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { stelseldocumentErrors } from '../../../contract/shapes.js';
import { publicJwk } from '../../../protocol/jwk.js';
import { StelseldocumentError } from '../../../protocol/errors.js';
import { ServiceError } from '../../errors.js';
import { verifyStelseldocument, type Stelseldocument } from '../../../protocol/stelseldocument.js';

/** Reads the pinned operator key (STELSEL_SLEUTEL): a public JWK or a JWK Set. */
export function readPinnedKeys(path: string): JWK[] {
  const value = JSON.parse(readFileSync(path, 'utf8')) as { keys?: JWK[] } & JWK;
  const keys = Array.isArray(value.keys) ? value.keys : [value];
  return keys.map(publicJwk);
}

/** STELSEL_URL may be the operator's base URL (`…/v1`) or the document's URL. */
export function stelseldocumentUrl(url: string): string {
  return url.endsWith('/stelseldocument') ? url : `${url.replace(/\/$/, '')}/stelseldocument`;
}


/**
 * Where the organisation keeps the `uitgegeven_op` of the newest scheme document it accepted
 * (the database: src/data/stelsel-acceptatie.ts), so that no restart or other replica can
 * be made to accept an older one.
 */
export interface AcceptatieGeheugen {
  laatst(): Promise<string | undefined>;
  bewaar(document: Stelseldocument): Promise<void>;
}

/**
 * The scheme document as an organisation sees it: fetched from the operator, verified with
 * the pinned key, cached until it expires (or, sooner, until `maxAgeMs` passed, so a revoked
 * key or a removed app manager is noticed within minutes and not after up to 24 hours), and
 * never replaced by an older one: not by this process, and, through `geheugen`, not after a
 * restart or on another replica. `refresh` fetches again (at most once per `minRefreshMs`),
 * for when a participant or key is not in the cached document yet. When the operator is
 * unreachable, the cached document is used for as long as it is valid.
 */
export class StelselBron {
  private cached: Stelseldocument | undefined;
  private lastFetch = 0;

  constructor(
    private readonly url: string,
    private readonly pinned: JWK[],
    private readonly now: () => Date,
    private readonly fetcher: typeof fetch = fetch,
    private readonly maxAgeMs = 300_000,
    private readonly minRefreshMs = 10_000,
    private readonly geheugen?: AcceptatieGeheugen,
  ) {}

  /** Callers that need a fetch at the same moment share one (under load, one request instead of hundreds). */
  private inflight: Promise<Stelseldocument> | undefined;

  /** `maxAgeMs` tightens the refresh interval for one caller (Plus: an afnemer's status must be recent). */
  async document(options: { refresh?: boolean; maxAgeMs?: number } = {}): Promise<Stelseldocument> {
    if (this.inflight) return this.inflight;
    const now = this.now();
    const valid = this.cached && Date.parse(this.cached.verloopt_op) > now.getTime();
    const age = Date.now() - this.lastFetch;
    const maxAgeMs = Math.min(this.maxAgeMs, options.maxAgeMs ?? Infinity);
    if (valid && age < maxAgeMs && !(options.refresh && age >= this.minRefreshMs)) return this.cached!;
    this.inflight = this.fetchDocument(now, Boolean(valid)).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchDocument(now: Date, valid: boolean): Promise<Stelseldocument> {
    let jws: string;
    try {
      this.lastFetch = Date.now();
      const response = await this.fetcher(stelseldocumentUrl(this.url), { headers: { accept: 'application/jose' }, signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`status ${response.status}`);
      jws = (await response.text()).trim();
    } catch (error) {
      if (valid) return this.cached!;
      throw new ServiceError('ERR_STELSEL_UNAVAILABLE', 'Het stelseldocument is niet bereikbaar.', { cause: error });
    }
    let document: Stelseldocument;
    try {
      const lastAccepted = newest(this.cached?.uitgegeven_op, await this.geheugen?.laatst());
      document = await verifyStelseldocument(jws, {
        pinned: this.pinned,
        at: now,
        schemaErrors: stelseldocumentErrors,
        ...(lastAccepted ? { lastAccepted } : {}),
      });
    } catch (error) {
      // Unusable or older than the one accepted before (a rollback): keep the cached one while it is valid.
      if (valid) return this.cached!;
      throw error instanceof StelseldocumentError ? new ServiceError('ERR_STELSEL_UNAVAILABLE', `Het stelseldocument is niet bruikbaar: ${error.message}`, { cause: error }) : error;
    }
    // Remembered before it is used: a document this instance acts on is one no restart undoes.
    await this.geheugen?.bewaar(document);
    this.cached = document;
    return document;
  }
}

function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
