import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

/**
 * Verifies a detached `Payload-Signature` with node:crypto alone, to prove a verifier needs
 * no JOSE library: rebuild the JWS signing input (RFC 7515 §5.2) and check the signature.
 */
export function verifyDetachedWithNodeCrypto(body: Buffer, payloadSignature: string, keys: (JsonWebKey & { kid?: string })[]): boolean {
  const [encodedHeader, empty, encodedSignature] = payloadSignature.split('.');
  if (!encodedHeader || empty !== '' || !encodedSignature) return false;
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as { alg: string; kid: string };
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk) return false;
  const { kid: _kid, ...keyMaterial } = jwk;
  const publicKey = createPublicKey({ key: keyMaterial as JsonWebKey, format: 'jwk' });
  const signingInput = Buffer.from(`${encodedHeader}.${body.toString('base64url')}`, 'ascii');
  const signature = Buffer.from(encodedSignature, 'base64url');
  switch (header.alg) {
    case 'ES256':
      return verify('sha256', signingInput, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    case 'PS256':
      return verify('sha256', signingInput, { key: publicKey, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }, signature);
    case 'EdDSA':
      return verify(null, signingInput, publicKey, signature);
    default:
      return false;
  }
}
