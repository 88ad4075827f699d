// Verifying a Blauwe Knop document with jose: the JSON body, its Payload-Signature header
// (a JWS with the payload left out) and its Content-Digest header, against /sleutels.
// Shown in the README; test/examples/verify.test.ts runs it against a real signed document.
import { createHash } from 'node:crypto';
import { createLocalJWKSet, flattenedVerify, type JSONWebKeySet } from 'jose';

export async function verifyWithJose(body: Uint8Array, payloadSignature: string, contentDigest: string, sleutels: JSONWebKeySet) {
  // Content-Digest (RFC 9530): sha-256 of the body bytes, in base64 between colons.
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  if (contentDigest !== digest) throw new Error('Content-Digest klopt niet: de body is veranderd');
  // Re-attach the payload: the exact body bytes, base64url-encoded, between the two dots.
  const [protectedHeader, , signature] = payloadSignature.split('.');
  const payload = Buffer.from(body).toString('base64url');
  const jws = { protected: protectedHeader!, payload, signature: signature! };
  const { protectedHeader: header } = await flattenedVerify(jws, createLocalJWKSet(sleutels), { algorithms: ['ES256', 'PS256', 'EdDSA'] });
  if (header?.typ !== 'bk-document+jws') throw new Error(`typ ${header?.typ} is geen Blauwe Knop-document`);
  return header; // kid, sigT (signing time) and iss (the issuer's OIN)
}
