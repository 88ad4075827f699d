/**
 * Reads of many requests in one query, each read still made after its request asked for it.
 *
 * A caller's key waits for the next batch; a batch starts at once when none is in flight,
 * otherwise as soon as the one in flight is done. A key is never answered by a query that was
 * sent before it was asked for: what a read returns is at least as new as the moment of the
 * request, which is what lets a document cache trust it (a write committed before the request
 * is seen). Under load the database answers one query per batch instead of one per request;
 * alone, a request waits for no one.
 */
export class Bundelaar<K, V> {
  #pending = new Map<K, Waiting<V>[]>();
  #inFlight = 0;

  /**
   * @param load reads every key of a batch at once; a key it leaves out gets `absent`.
   * @param maxInFlight queries under way at once; below it a read goes out at once, at it the
   *   reads wait and go out together when one returns.
   * @param maxBatch at most this many keys per query (the rest wait for the next one).
   */
  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly absent: V,
    private readonly maxInFlight = 1,
    private readonly maxBatch = 500,
  ) {}

  read(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiting = this.#pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.#pending.set(key, [{ resolve, reject }]);
      if (this.#inFlight < this.maxInFlight) void this.#send();
    });
  }

  async #send(): Promise<void> {
    this.#inFlight++;
    while (this.#pending.size > 0) {
      const batch = new Map<K, Waiting<V>[]>();
      for (const [key, waiting] of this.#pending) {
        if (batch.size >= this.maxBatch) break;
        batch.set(key, waiting);
      }
      for (const key of batch.keys()) this.#pending.delete(key);
      try {
        const values = await this.load([...batch.keys()]);
        for (const [key, waiting] of batch) for (const w of waiting) w.resolve(values.has(key) ? values.get(key)! : this.absent);
      } catch (error) {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      }
    }
    this.#inFlight--;
  }
}

interface Waiting<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}
