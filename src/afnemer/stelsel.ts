import type { JWK } from 'jose';
import { fetchStelseldocument, verifyStelseldocument } from '../sdk/stelsel.js';
import type { StelselStore } from '../sdk/stelsel-store.js';
import type { Stelseldocument } from '../sdk/protocol.js';

/**
 * The scheme document as the afnemer trusts it: fetched from the operator, verified with the
 * pinned operator key exactly as the app SDK does (signature, `typ`, validity, no rollback
 * to an older document), and kept until it is due for a refresh. Every SET and every
 * bronhouder endpoint the afnemer uses is checked against this document, never against
 * what a request says about itself.
 */
export interface StelselBronOptions {
  url: string;
  operatorKey: JWK;
  store: StelselStore;
  now?: () => Date;
  /** Fetch again after this long (ms), and always before the document expires. */
  verversMs?: number;
  /** A forced fetch happens at most once in this long (ms), so forged SETs with made-up keys cannot make the afnemer hammer the operator. */
  minVersMs?: number;
}

export class StelselBron {
  private current?: { document: Stelseldocument; fetchedAt: number };
  private lastForced = Number.NEGATIVE_INFINITY;
  private pending?: Promise<Stelseldocument>;
  private readonly now: () => Date;
  private readonly verversMs: number;
  private readonly minVersMs: number;

  constructor(private readonly options: StelselBronOptions) {
    this.now = options.now ?? (() => new Date());
    this.verversMs = options.verversMs ?? 5 * 60_000;
    this.minVersMs = options.minVersMs ?? 10_000;
  }

  /** The current verified document; `vers` forces a fetch (after an unknown key or issuer: the scheme may have changed). */
  async document(vers = false): Promise<Stelseldocument> {
    const now = this.now().getTime();
    const c = this.current;
    const due = !c || now - c.fetchedAt >= this.verversMs || now >= Date.parse(c.document.verloopt_op);
    if (c && !due && (!vers || now - this.lastForced < this.minVersMs)) return c.document;
    if (vers) this.lastForced = now;
    // One fetch at a time: a burst of pushes after a rotation does not become a burst of fetches.
    this.pending ??= (async () => {
      try {
        const { document } = await verifyStelseldocument(await fetchStelseldocument(this.options.url), this.options.operatorKey, { at: this.now(), store: this.options.store });
        this.current = { document, fetchedAt: this.now().getTime() };
        return document;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
