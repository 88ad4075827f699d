/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values this standard signs or hashes:
 * object members sorted by their UTF-16 code units, no white space, strings and numbers as
 * ECMAScript's JSON.stringify writes them (which is what RFC 8785 prescribes). Members whose
 * value is undefined are left out, as JSON.stringify does. Numbers that JSON cannot carry
 * (NaN, Infinity) are refused rather than turned into null.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new TypeError(`A ${typeof value} is not a JSON value`);
  }
  return JSON.stringify(value);
}
