/**
 * The signature of a JWS signing input (RFC 7515 §5.1), for the documents this project signs
 * (sign-document.ts). jose does this for the small tokens; a certified document is signed on
 * every cold request, and there jose's portable path (base64url in JavaScript, a KeyObject
 * turned into a CryptoKey, WebCrypto's algorithm normalisation) cost more CPU than the
 * ECDSA signature itself. On Node, a KeyObject (the servers' keys, src/keys) is signed with
 * node:crypto in the threadpool; a CryptoKey (an app, a test) with WebCrypto.
 */
import { lowS } from './canonical-signature.js';
import type { Signer } from './jwk.js';
import { nodeRuntime, type NodeCrypto } from './node-runtime.js';

interface Algorithm {
  /** The WebCrypto parameters of `crypto.subtle.sign`. */
  webCrypto: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  /** What a key of this algorithm is: WebCrypto's algorithm name and curve, Node's key type and curve. */
  webCryptoKey: { name: string; namedCurve?: string };
  nodeKey: { types: readonly string[]; namedCurve?: string };
  /** node:crypto's `sign` digest and key options. */
  node(key: unknown, crypto: NodeCrypto): [string | null, unknown];
}

/** RFC 7518 §3.4 (ES256, P-256 with SHA-256, r || s), §3.5 (PS256, salt of 32 bytes) and RFC 8037 (EdDSA, Ed25519). */
const ALGORITHMS: Record<string, Algorithm> = {
  ES256: {
    webCrypto: { name: 'ECDSA', hash: 'SHA-256' },
    webCryptoKey: { name: 'ECDSA', namedCurve: 'P-256' },
    nodeKey: { types: ['ec'], namedCurve: 'prime256v1' },
    node: (key) => ['sha256', { key, dsaEncoding: 'ieee-p1363' }],
  },
  PS256: {
    webCrypto: { name: 'RSA-PSS', saltLength: 32 },
    webCryptoKey: { name: 'RSA-PSS' },
    nodeKey: { types: ['rsa', 'rsa-pss'] },
    node: (key, crypto) => ['sha256', { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }],
  },
  EdDSA: {
    webCrypto: { name: 'Ed25519' },
    webCryptoKey: { name: 'Ed25519' },
    nodeKey: { types: ['ed25519'] },
    node: (key) => [null, key],
  },
};

interface NodeKeyObject {
  type: string;
  asymmetricKeyType?: string;
  asymmetricKeyDetails?: { namedCurve?: string };
}

/** The signature bytes of `signingInput` by `signer` (ES256 in low-s form, see canonical-signature.ts). */
export async function jwsSignature(signer: Signer, signingInput: Uint8Array): Promise<Uint8Array> {
  const algorithm = ALGORITHMS[signer.algorithm];
  if (!algorithm) throw new TypeError(`Signing documents with ${signer.algorithm} is not supported`);
  const key: unknown = signer.privateKey;
  // Neither a KeyObject nor a CryptoKey (a JWK, say, from a caller without types): refused
  // with the same message as a key of the wrong kind, not with whatever the runtime says.
  if (typeof key !== 'object' || key === null) throw new TypeError(`The key of ${signer.kid} is not a private ${signer.algorithm} key`);
  let signature: Uint8Array;
  if ('asymmetricKeyType' in key) {
    // A KeyObject: only Node has those.
    const keyObject = key as unknown as NodeKeyObject;
    const { types, namedCurve } = algorithm.nodeKey;
    if (!nodeRuntime || keyObject.type !== 'private' || !types.includes(keyObject.asymmetricKeyType ?? '') || (namedCurve && keyObject.asymmetricKeyDetails?.namedCurve !== namedCurve)) {
      throw new TypeError(`The key of ${signer.kid} is not a private ${signer.algorithm} key`);
    }
    const crypto = nodeRuntime.crypto;
    const [digest, options] = algorithm.node(key, crypto);
    signature = await new Promise<Uint8Array>((resolve, reject) =>
      crypto.sign(digest, signingInput, options, (error, bytes) => (error ? reject(error) : resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)))),
    );
  } else {
    const cryptoKey = key as CryptoKey;
    const { name, namedCurve } = algorithm.webCryptoKey;
    const keyAlgorithm = cryptoKey.algorithm as { name: string; namedCurve?: string } | undefined;
    if (cryptoKey.type !== 'private' || keyAlgorithm?.name !== name || (namedCurve && keyAlgorithm.namedCurve !== namedCurve)) {
      throw new TypeError(`The key of ${signer.kid} is not a private ${signer.algorithm} key`);
    }
    signature = new Uint8Array(await globalThis.crypto.subtle.sign(algorithm.webCrypto, cryptoKey, signingInput as Uint8Array<ArrayBuffer>));
  }
  return signer.algorithm === 'ES256' ? lowS(signature) : signature;
}
