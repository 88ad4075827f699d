/**
 * Bytes, text and digests with what browsers and Node both have (TextEncoder, WebCrypto,
 * jose's base64url), so the wire rules run in an app as well as on a server.
 */
import { base64url } from 'jose';
import { nodeRuntime } from './node-runtime.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** Throws on bytes that are not UTF-8, so a mangled payload is not silently "repaired". */
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

/**
 * Up to this many bytes, Node hashes on the calling thread: a SHA-256 of a 10 KB document
 * takes a few microseconds, less than handing a job to the threadpool and being woken for
 * its result. Larger inputs (a PDF) go to the threadpool, so the event loop does not wait.
 */
const HASH_IN_LINE_BYTES = 64 * 1024;

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  if (nodeRuntime && bytes.byteLength <= HASH_IN_LINE_BYTES) return new Uint8Array(nodeRuntime.crypto.hash('sha256', bytes, 'buffer'));
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Unpadded base64url (RFC 4648 §5): Node's native encoder where there is one (node-runtime.ts), jose's elsewhere. */
export const toBase64url = nodeRuntime
  ? (bytes: Uint8Array): string => nodeRuntime!.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
  : (bytes: Uint8Array): string => base64url.encode(bytes);
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
