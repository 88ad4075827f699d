import { base64url, decodeProtectedHeader } from 'jose';

/**
 * ECDSA signatures are malleable: for a valid (r, s), (r, n - s) verifies too. WebCrypto and
 * OpenSSL accept both, so without this check one token has two encodings, which defeats
 * anything that keys on the token's bytes (replay stores, logs, `ath`). Only the low-s form
 * is canonical; a JWS with the other one is refused before its signature is verified.
 */
const P256_ORDER = bytesOf('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const P256_HALF_ORDER = bytesOf('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8');

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** Whether the 32-byte big-endian `s` is above half the group order (compared byte by byte: no BigInt on the hot path). */
function isHighS(s: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    if (s[i] !== P256_HALF_ORDER[i]) return s[i]! > P256_HALF_ORDER[i]!;
  }
  return false;
}

/**
 * The low-s form of a raw ES256 signature (r || s, 64 bytes): s replaced by n - s when it is
 * high, by big-endian subtraction with borrow. Any other length is returned as it is.
 */
export function lowS(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64 || !isHighS(raw.subarray(32))) return raw;
  const canonical = raw.slice();
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    const difference = P256_ORDER[i]! - raw[32 + i]! - borrow;
    borrow = difference < 0 ? 1 : 0;
    canonical[32 + i] = (difference + 256) & 0xff;
  }
  return canonical;
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
  return isHighS(raw.subarray(32));
}

/**
 * The canonical (low-s) form of a compact ES256 JWS: the same signature with s replaced by
 * n - s when s is high. WebCrypto signs with either; every ES256 token this project issues
 * passes through here, so its verifiers can refuse the other form.
 */
export function withCanonicalSignature(compactJws: string): string {
  if (!hasNonCanonicalSignature(compactJws)) return compactJws;
  const [header, payload, signature] = compactJws.split('.') as [string, string, string];
  return `${header}.${payload}.${base64url.encode(lowS(base64url.decode(signature)))}`;
}
