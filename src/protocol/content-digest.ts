import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 9530 `Content-Digest` with sha-256 over the exact body bytes. */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** True when the header carries a sha-256 digest equal to the body's (other algorithms are ignored). */
export function contentDigestMatches(body: Uint8Array, header: string | undefined): boolean {
  if (!header) return false;
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):/.exec(header);
  if (!match) return false;
  const expected = createHash('sha256').update(body).digest();
  const given = Buffer.from(match[1]!, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
