/**
 * Node's own crypto and Buffer, when this code runs on Node. The wire rules also run in an
 * app (the SDK, in a browser), so this directory imports no `node:` module
 * (.dependency-cruiser.cjs); it asks the runtime for them instead, and elsewhere gets
 * undefined and keeps to jose and WebCrypto.
 *
 * Why at all: a certified document is about 10 KB, and its signature and digest are the
 * server's hottest path. For that size jose's base64url (portable JavaScript) takes tens of
 * microseconds where Buffer takes a few, and every WebCrypto call normalises its algorithm
 * and hands a job to the threadpool, which on a busy server costs more CPU than a SHA-256 of
 * 10 KB itself (bench/documenten.ts measures the difference).
 */

/** The part of node:buffer's Buffer used here. */
interface NodeBuffer {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64url'): string };
}

/** The part of node:crypto used here (a key is a KeyObject or a CryptoKey). */
export interface NodeCrypto {
  hash(algorithm: 'sha256', data: Uint8Array, outputEncoding: 'buffer'): Uint8Array;
  sign(algorithm: string | null, data: Uint8Array, key: unknown, callback: (error: Error | null, signature: Uint8Array) => void): void;
  constants: { RSA_PKCS1_PSS_PADDING: number };
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?(id: string): unknown;
}

function findNodeRuntime(): { crypto: NodeCrypto; Buffer: NodeBuffer } | undefined {
  const process = (globalThis as { process?: NodeProcess }).process;
  // A bundler's `process` shim has no node version and no getBuiltinModule (Node 20.16+).
  if (!process?.versions?.node || typeof process.getBuiltinModule !== 'function') return undefined;
  return {
    crypto: process.getBuiltinModule('node:crypto') as NodeCrypto,
    Buffer: (process.getBuiltinModule('node:buffer') as { Buffer: NodeBuffer }).Buffer,
  };
}

export const nodeRuntime = findNodeRuntime();
