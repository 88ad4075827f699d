import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { EC_SIGNATURE_ALGORITHM, KEY_MANAGEMENT_ALGORITHM } from '../protocol/constants.js';
import { publicJwk } from '../protocol/jwk.js';

/**
 * The app's key pair, generated on the device (ES256, P-256). The same key signs DPoP proofs
 * and is the key organisations encrypt documents to (ECDH-ES): WebCrypto keeps those two uses
 * apart, so it is imported once per use.
 */
export interface AppKey {
  publicJwk: JWK;
  /** RFC 7638 thumbprint of the public key: the `cnf.jkt` credentials and sessions are bound to. */
  thumbprint: string;
  signingKey: CryptoKey;
  decryptionKey: CryptoKey;
}

export async function generateAppKey(): Promise<AppKey> {
  const { privateKey } = await generateKeyPair(EC_SIGNATURE_ALGORITHM, { extractable: true });
  return appKeyFromPrivateJwk(await exportJWK(privateKey));
}

export async function appKeyFromPrivateJwk(privateJwk: JWK): Promise<AppKey> {
  const { kty, crv, x, y } = publicJwk(privateJwk);
  const key: JWK = { kty: kty!, crv: crv!, x: x!, y: y! };
  return {
    publicJwk: key,
    thumbprint: await calculateJwkThumbprint(key),
    // Non-extractable: a browser app stores these CryptoKeys (IndexedDB) and no script can read them out.
    signingKey: (await importJWK({ ...privateJwk, alg: EC_SIGNATURE_ALGORITHM }, EC_SIGNATURE_ALGORITHM, { extractable: false })) as CryptoKey,
    decryptionKey: (await importJWK({ ...privateJwk, alg: KEY_MANAGEMENT_ALGORITHM }, KEY_MANAGEMENT_ALGORITHM, { extractable: false })) as CryptoKey,
  };
}
