/**
 * Bytes, text and digests with what browsers and Node both have (TextEncoder, WebCrypto,
 * jose's base64url), so the wire rules run in an app as well as on a server.
 */
import { base64url } from 'jose';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** Throws on bytes that are not UTF-8, so a mangled payload is not silently "repaired". */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export const toBase64url = (bytes: Uint8Array): string => base64url.encode(bytes);
export const fromBase64url = (text: string): Uint8Array => base64url.decode(text);

/** Standard base64 (with padding), as RFC 9530 structured-field byte sequences use. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const randomId = (): string => globalThis.crypto.randomUUID();
