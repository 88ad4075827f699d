import { fromBase64, sha256, toBase64 } from './encoding.js';

/** RFC 9530 `Content-Digest` with sha-256 over the exact body bytes. */
export async function contentDigest(body: Uint8Array): Promise<string> {
  return `sha-256=:${toBase64(await sha256(body))}:`;
}

/**
 * True when the header carries a sha-256 digest equal to the body's (other algorithms are
 * ignored). A plain comparison: the digest of a body the client already holds is no secret.
 */
export async function contentDigestMatches(body: Uint8Array, header: string | undefined): Promise<boolean> {
  if (!header) return false;
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):/.exec(header);
  if (!match) return false;
  const expected = await sha256(body);
  const given = fromBase64(match[1]!);
  return given.length === expected.length && given.every((byte, i) => byte === expected[i]);
}
