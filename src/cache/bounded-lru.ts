/**
 * A least-recently-used map with hard bounds: at most `maxEntries` entries and at most
 * `maxWeight` in total weight (for example bytes). Every cache in this service is one of
 * these, so none can grow with the number of citizens or tokens it has seen.
 *
 * Recency is a doubly linked list beside the Map; a read moves its entry to the front by
 * relinking it, without touching the Map. (Deleting and re-inserting a key to move it to the
 * end of a Map's order, which this class did before, costs V8 time in proportion to the
 * Map's size when the same key is re-inserted again and again: an app refreshing one
 * document against full caches spent 40% of its time there.)
 */
import { Doorkeeper } from './doorkeeper.js';

export interface BoundedLruOptions<V> {
  maxEntries: number;
  /** Total weight bound; entries heavier than this on their own are not stored. */
  maxWeight?: number;
  weightOf?: (value: V) => number;
  /**
   * Store a new key only when it is set for the second time within about `maxEntries` other
   * new keys (doorkeeper.ts): a cache under traffic that never asks twice then stays still
   * instead of churning. Off by default.
   */
  admitOnSecondSight?: boolean;
}

interface Entry<K, V> {
  key: K;
  value: V;
  weight: number;
  /** Toward the most recently used end. */
  newer: Entry<K, V> | undefined;
  /** Toward the least recently used end. */
  older: Entry<K, V> | undefined;
}

export class BoundedLru<K, V> {
  readonly #entries = new Map<K, Entry<K, V>>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weightOf: (value: V) => number;
  readonly #doorkeeper: Doorkeeper | undefined;
  #weight = 0;
  /** Most and least recently used entries. */
  #newest: Entry<K, V> | undefined;
  #oldest: Entry<K, V> | undefined;

  constructor(options: BoundedLruOptions<V>) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.#maxEntries = options.maxEntries;
    this.#maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
    this.#weightOf = options.weightOf ?? (() => 0);
    this.#doorkeeper = options.admitOnSecondSight ? new Doorkeeper(options.maxEntries) : undefined;
  }

  get size(): number {
    return this.#entries.size;
  }

  get weight(): number {
    return this.#weight;
  }

  /** Whether `key` is kept; unlike get, this does not make it the most recently used. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) {
      this.#unlink(entry);
      this.#linkNewest(entry);
    }
    return entry.value;
  }

  /** Stores `value` under `key`, unless admitOnSecondSight holds it back on a first sight. */
  set(key: K, value: V): void {
    if (this.#doorkeeper && !this.#entries.has(key) && !this.#doorkeeper.seenBefore(String(key))) return;
    this.delete(key);
    const weight = this.#weightOf(value);
    if (weight > this.#maxWeight) return;
    while (this.#oldest && (this.#entries.size >= this.#maxEntries || this.#weight + weight > this.#maxWeight)) {
      this.delete(this.#oldest.key);
    }
    const entry: Entry<K, V> = { key, value, weight, newer: undefined, older: undefined };
    this.#entries.set(key, entry);
    this.#linkNewest(entry);
    this.#weight += weight;
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#unlink(entry);
    this.#weight -= entry.weight;
  }

  clear(): void {
    this.#entries.clear();
    this.#newest = undefined;
    this.#oldest = undefined;
    this.#weight = 0;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.newer) entry.newer.older = entry.older;
    else this.#newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.#oldest = entry.newer;
    entry.newer = undefined;
    entry.older = undefined;
  }

  #linkNewest(entry: Entry<K, V>): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest) this.#newest.newer = entry;
    this.#newest = entry;
    this.#oldest ??= entry;
  }
}
