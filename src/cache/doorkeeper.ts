/**
 * An admission filter for a cache: it answers whether a key was seen before, recently, so a
 * cache can keep only what is asked for a second time (the "doorkeeper" of TinyLFU, Einziger
 * et al., 2017).
 *
 * Why: under cold traffic (every citizen fetches their document once, with a token of their
 * own) a cache that keeps everything it sees only churns. Every request adds an entry that
 * is never read and pushes out another, so every entry lives just long enough for the
 * garbage collector to promote it to the old generation and collect it there; measured on
 * the FCID document (bench/documenten.ts), that cost a cold request about a seventh of its
 * throughput. An app that refreshes asks again within moments, and is kept from then on.
 *
 * The memory is a fixed bit set, two bits per key (a Bloom filter with k = 2), cleared after
 * every `window` keys recorded: a key counts as seen before when it was recorded since the
 * last clearing, so one asked for again within about `window` other keys is admitted, and
 * one that comes back only after more than twice that never is. A false positive (about one
 * key in seventy when the set is full) only admits a key on its first sight, as a cache
 * without a doorkeeper would. Nothing is allocated per key.
 */
export class Doorkeeper {
  readonly #bits: Uint32Array;
  readonly #mask: number;
  readonly #window: number;
  #recorded = 0;

  constructor(window: number) {
    if (!(window >= 1)) throw new RangeError('window must be at least 1');
    this.#window = window;
    // 16 bits per key of the window (a power of two, for masking): with two bits set per
    // key, a full set has about one bit in eight set and (1/8)^2 false positives.
    let size = 1024;
    while (size < window * 16) size *= 2;
    this.#bits = new Uint32Array(size / 32);
    this.#mask = size - 1;
  }

  /** Whether `key` was recorded since the last clearing; records it either way. */
  seenBefore(key: string): boolean {
    const first = hash(key);
    // The second bit from the first hash, remixed (double hashing, Kirsch and Mitzenmacher).
    const second = Math.imul(first ^ (first >>> 16), 0x45d9f3b) ^ 0x9e3779b9;
    const a = first & this.#mask;
    const b = second & this.#mask;
    const seen = this.#has(a) && this.#has(b);
    if (!seen) {
      if (this.#recorded >= this.#window) this.clear();
      this.#set(a);
      this.#set(b);
      this.#recorded++;
    }
    return seen;
  }

  clear(): void {
    this.#bits.fill(0);
    this.#recorded = 0;
  }

  #has(bit: number): boolean {
    return (this.#bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  #set(bit: number): void {
    this.#bits[bit >>> 5]! |= 1 << (bit & 31);
  }
}

/** 32-bit FNV-1a over the string's UTF-16 code units: quick, and good enough to spread keys. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
