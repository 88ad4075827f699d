import { base64url, decodeProtectedHeader } from 'jose';

/**
 * ECDSA signatures are malleable: for a valid (r, s), (r, n - s) verifies too. WebCrypto and
 * OpenSSL accept both, so without this check one token has two encodings, which defeats
 * anything that keys on the token's bytes (replay stores, logs, `ath`). Only the low-s form
 * is canonical; a JWS with the other one is refused before its signature is verified.
 */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_ORDER = P256_ORDER >> 1n;

function bigIntOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** True when a compact ES256 JWS carries a high-s signature; false for any other algorithm. */
export function hasNonCanonicalSignature(compactJws: string): boolean {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(compactJws).alg;
  } catch {
    return false;
  }
  if (alg !== 'ES256') return false;
  const signature = compactJws.split('.')[2] ?? '';
  let raw: Uint8Array;
  try {
    raw = base64url.decode(signature);
  } catch {
    return false;
  }
  // A wrong length is not this check's concern: verification refuses it.
  if (raw.length !== 64) return false;
  return bigIntOf(raw.subarray(32)) > P256_HALF_ORDER;
}

/**
 * The canonical (low-s) form of a compact ES256 JWS: the same signature with s replaced by
 * n - s when s is high. WebCrypto signs with either; every ES256 token this project issues
 * passes through here, so its verifiers can refuse the other form.
 */
export function withCanonicalSignature(compactJws: string): string {
  if (!hasNonCanonicalSignature(compactJws)) return compactJws;
  const [header, payload, signature] = compactJws.split('.') as [string, string, string];
  const raw = base64url.decode(signature);
  const s = bigIntOf(raw.subarray(32));
  const low = (P256_ORDER - s).toString(16).padStart(64, '0');
  const canonical = new Uint8Array(64);
  canonical.set(raw.subarray(0, 32), 0);
  for (let i = 0; i < 32; i++) canonical[32 + i] = Number.parseInt(low.slice(i * 2, i * 2 + 2), 16);
  return `${header}.${payload}.${base64url.encode(canonical)}`;
}
