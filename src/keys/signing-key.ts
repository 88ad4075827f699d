import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export type SigningAlgorithm = 'ES256' | 'PS256' | 'EdDSA';

/** The private key an instance signs with, and the public JWK it publishes for it. */
export interface SigningKey {
  kid: string;
  algorithm: SigningAlgorithm;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/**
 * The key id is the key's RFC 7638 thumbprint: every replica that loads the same key file
 * derives the same `kid` without coordination.
 */
async function fromPrivateKey(privateKey: KeyObject, algorithm: SigningAlgorithm): Promise<SigningKey> {
  const expected = { ES256: 'ec', PS256: 'rsa', EdDSA: 'ed25519' }[algorithm];
  const type = privateKey.asymmetricKeyType;
  if (type !== expected && !(algorithm === 'PS256' && type === 'rsa-pss')) {
    throw new Error(`The signing key is a ${String(type)} key, but SIGNING_ALGORITHM is ${algorithm}`);
  }
  if (algorithm === 'ES256' && privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('An ES256 signing key must be on the P-256 curve');
  }
  if (algorithm === 'PS256' && (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error('A PS256 signing key must be at least 2048 bits');
  }
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, algorithm, privateKey, publicJwk: { ...publicJwk, kid, alg: algorithm, use: 'sig' } };
}

export async function generateSigningKey(algorithm: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey } =
    algorithm === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : algorithm === 'PS256'
        ? generateKeyPairSync('rsa', { modulusLength: 3072 })
        : generateKeyPairSync('ed25519');
  return fromPrivateKey(privateKey, algorithm);
}

/** Reads a private key file: PKCS#8/SEC1/PKCS#1 PEM, or a private JWK in JSON. */
export async function readSigningKeyFile(path: string, algorithm: SigningAlgorithm): Promise<SigningKey> {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const privateKey = text.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as JWK & { kty: string }, format: 'jwk' })
      : createPrivateKey(text);
    return await fromPrivateKey(privateKey, algorithm);
  } catch (error) {
    // OpenSSL's "unsupported" or "bad base64 decode" alone does not say which file is wrong.
    throw new Error(`Cannot use the signing key file ${path}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

export async function privateJwkOf(key: SigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: key.algorithm };
}
