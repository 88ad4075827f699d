/**
 * A least-recently-used map with hard bounds: at most `maxEntries` entries and at most
 * `maxWeight` in total weight (for example bytes). Every cache in this service is one of
 * these, so none can grow with the number of citizens or tokens it has seen.
 *
 * A Map keeps insertion order; reading an entry re-inserts it, so the first key is always
 * the least recently used one and eviction is O(1).
 */
export interface BoundedLruOptions<V> {
  maxEntries: number;
  /** Total weight bound; entries heavier than this on their own are not stored. */
  maxWeight?: number;
  weightOf?: (value: V) => number;
}

export class BoundedLru<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weightOf: (value: V) => number;
  #weight = 0;

  constructor(options: BoundedLruOptions<V>) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.#maxEntries = options.maxEntries;
    this.#maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
    this.#weightOf = options.weightOf ?? (() => 0);
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
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.#weightOf(value);
    if (weight > this.#maxWeight) return;
    while (this.#entries.size >= this.#maxEntries || this.#weight + weight > this.#maxWeight) {
      const oldest = this.#entries.keys().next().value as K;
      this.delete(oldest);
    }
    this.#entries.set(key, value);
    this.#weight += weight;
  }

  delete(key: K): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#weight -= this.#weightOf(value);
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}
