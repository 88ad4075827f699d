import { CompactEncrypt, importJWK, type JWK } from 'jose';

/**
 * Encrypts a signed document (its compact JWS) to the app key: JWE compact serialization,
 * `ECDH-ES+A256KW` key agreement with the app's EC P-256 key, `A256GCM` content encryption
 * (sign first, then encrypt). ECDH-ES and not the ADR module's RSA-OAEP, because BK Connect
 * app keys are EC keys (see the contract's description).
 */
export async function encryptForApp(compactJws: string, appKey: JWK, kid: string): Promise<string> {
  const key = await importJWK({ kty: appKey.kty, crv: appKey.crv, x: appKey.x, y: appKey.y } as JWK, 'ECDH-ES+A256KW');
  return new CompactEncrypt(Buffer.from(compactJws, 'utf8'))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'bk-document+jws', kid })
    .encrypt(key);
}
