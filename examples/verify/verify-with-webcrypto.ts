// The same check with nothing but WebCrypto (in Node 20+ and every browser): no JOSE library.
// Shown in the README; test/examples/verify.test.ts runs it against a real signed document.
const ALGORITHMS: Record<string, { import: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams; verify: AlgorithmIdentifier | EcdsaParams | RsaPssParams }> = {
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
  PS256: { import: { name: 'RSA-PSS', hash: 'SHA-256' }, verify: { name: 'RSA-PSS', saltLength: 32 } },
  EdDSA: { import: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
};

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const bytesOf = (base64urlText: string) => new Uint8Array(Buffer.from(base64urlText, 'base64url'));

export async function verifyWithWebCrypto(body: Uint8Array, payloadSignature: string, contentDigest: string, sleutels: { keys: JsonWebKey[] }) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(body)));
  if (contentDigest !== `sha-256=:${Buffer.from(digest).toString('base64')}:`) return false;
  const [protectedHeader, detached, signature] = payloadSignature.split('.');
  if (!protectedHeader || detached !== '' || !signature) return false;
  const header = JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8')) as { alg: string; kid: string; typ: string };
  const algorithm = ALGORITHMS[header.alg];
  const jwk = sleutels.keys.find((key) => (key as { kid?: string }).kid === header.kid);
  if (!algorithm || !jwk || header.typ !== 'bk-document+jws') return false;
  const key = await crypto.subtle.importKey('jwk', jwk, algorithm.import, false, ['verify']);
  // The JWS signing input (RFC 7515 §5.2) with the payload re-attached: header "." base64url(body).
  const signingInput = new TextEncoder().encode(`${protectedHeader}.${base64url(body)}`);
  // ECDSA signatures in JWS are r||s, the form WebCrypto expects: no conversion needed.
  return crypto.subtle.verify(algorithm.verify, key, bytesOf(signature), signingInput);
}
