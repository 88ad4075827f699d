import { randomBytes } from 'node:crypto';
import { base64url, compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';
import t from 'tap';
import { generateSigningKey, type SigningAlgorithm } from '../../src/keys/signing-key.js';
import { hasNonCanonicalSignature, lowS } from '../../src/protocol/canonical-signature.js';
import { sha256, toBase64url } from '../../src/protocol/encoding.js';
import { DOCUMENT_SIGNATURE_TYPE } from '../../src/protocol/constants.js';
import { jwsSignature } from '../../src/protocol/jws-signature.js';
import { nodeRuntime } from '../../src/protocol/node-runtime.js';
import { signDocument } from '../../src/protocol/sign-document.js';

const ALGORITHMS: SigningAlgorithm[] = ['ES256', 'PS256', 'EdDSA'];
const signedAt = new Date('2026-12-01T10:00:00.400Z');
const body = new TextEncoder().encode(JSON.stringify({ document: 'x'.repeat(10_000), bedrag: 1234 }));

t.test('on Node the protocol finds node:crypto and Buffer', async (t) => {
  t.ok(nodeRuntime, 'found');
  t.type(nodeRuntime?.crypto.sign, 'function');
});

t.test('a document signed by a server key (KeyObject) or an app key (CryptoKey) verifies with jose, for every algorithm', async (t) => {
  for (const algorithm of ALGORITHMS) {
    const serverKey = await generateSigningKey(algorithm);
    const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
    const signers = [
      { name: 'KeyObject', signer: serverKey, publicKey: await importJWK(serverKey.publicJwk, algorithm) },
      { name: 'CryptoKey', signer: { kid: 'app', algorithm, privateKey }, publicKey },
    ];
    for (const { name, signer, publicKey: verifyingKey } of signers) {
      const signed = await signDocument(body, signer, '00000001003214345000', signedAt);
      const { payload, protectedHeader } = await compactVerify(signed.compactJws, verifyingKey);
      t.same(payload, body, `${algorithm} ${name}: the payload is the body`);
      // The header jose would have written, in the same order: the bytes are part of the signature.
      t.equal(
        signed.compactJws.split('.')[0],
        base64url.encode(JSON.stringify({ alg: algorithm, kid: signer.kid, typ: protectedHeader.typ, sigT: '2026-12-01T10:00:00Z', iss: '00000001003214345000' })),
        `${algorithm} ${name}: the protected header`,
      );
      t.equal(decodeProtectedHeader(signed.compactJws).typ, DOCUMENT_SIGNATURE_TYPE, `${algorithm} ${name}: the document type`);
      const [header, , signature] = signed.compactJws.split('.');
      t.equal(signed.payloadSignature, `${header}..${signature}`, `${algorithm} ${name}: the detached form shares header and signature`);
      t.equal(signed.contentDigest, `sha-256=:${Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', body)).toString('base64')}:`, `${algorithm} ${name}: Content-Digest`);
    }
  }
});

t.test('ES256 signatures come out low-s from both key kinds', async (t) => {
  const serverKey = await generateSigningKey('ES256');
  const { privateKey } = await generateKeyPair('ES256');
  for (const signer of [serverKey, { kid: 'app', algorithm: 'ES256', privateKey }]) {
    const high: number[] = [];
    // WebCrypto and OpenSSL pick high s half the time: 40 signatures miss the conversion with probability 2^-40.
    for (let i = 0; i < 40; i++) {
      const signature = await jwsSignature(signer, randomBytes(32));
      t.equal(signature.length, 64);
      if (hasNonCanonicalSignature(`${base64url.encode('{"alg":"ES256"}')}.e30.${base64url.encode(signature)}`)) high.push(i);
    }
    t.same(high, []);
  }
});

t.test('lowS is n - s for a high s, and leaves a low s and other lengths alone', async (t) => {
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const hex = (value: bigint) => value.toString(16).padStart(64, '0');
  for (let i = 0; i < 200; i++) {
    const r = randomBytes(32);
    const s = BigInt(`0x${randomBytes(32).toString('hex')}`) % n;
    const raw = new Uint8Array(Buffer.concat([r, Buffer.from(hex(s), 'hex')]));
    const expected = s > n >> 1n ? n - s : s;
    const result = lowS(raw);
    t.equal(Buffer.from(result.subarray(0, 32)).toString('hex'), r.toString('hex'), 'r unchanged');
    if (Buffer.from(result.subarray(32)).toString('hex') !== hex(expected)) t.fail(`s = ${hex(s)}`);
  }
  const edge = new Uint8Array(64);
  edge.set(Buffer.from(hex(n >> 1n), 'hex'), 32);
  t.equal(lowS(edge), edge, 'exactly half the order is low');
  edge[63] = edge[63]! + 1;
  t.equal(Buffer.from(lowS(edge).subarray(32)).toString('hex'), hex(n - ((n >> 1n) + 1n)), 'one above half the order is high');
  const other = new Uint8Array(96).fill(0xff);
  t.equal(lowS(other), other, 'another length is not touched');
});

t.test('a key that does not fit the algorithm is refused, not used', async (t) => {
  // Every refusal names the key and the algorithm, whatever the wrong key is.
  const refused = (algorithm = 'ES256') => ({ name: 'TypeError', message: new RegExp(`^The key of k is not a private ${algorithm} key$`) });
  const rsa = await generateSigningKey('PS256');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: rsa.privateKey }, body), refused(), 'an RSA KeyObject for ES256');
  const p384 = await generateKeyPair('ES384');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: p384.privateKey }, body), refused(), 'a P-384 CryptoKey for ES256');
  const es256 = await generateSigningKey('ES256');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: es256.publicJwk as never }, body), refused(), 'a public JWK is no private key');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: null as never }, body), refused(), 'no key at all');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: 'pem text' as never }, body), refused(), 'a string is no key');
  const publicOnly = await importJWK(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey), 'ES256');
  await t.rejects(jwsSignature({ kid: 'k', algorithm: 'ES256', privateKey: publicOnly as CryptoKey }, body), refused(), 'a public CryptoKey');
  await t.rejects(
    jwsSignature({ kid: 'k', algorithm: 'HS256', privateKey: es256.privateKey }, body),
    { name: 'TypeError', message: 'Signing documents with HS256 is not supported' },
    'an algorithm documents are not signed with',
  );
});

t.test('native base64url and SHA-256 give what jose and WebCrypto give', async (t) => {
  const backing = randomBytes(70_000);
  for (const length of [0, 1, 2, 3, 31, 32, 33, 1000, 10_000, 65_536, 65_537, 69_000]) {
    // A view that does not start at the beginning of its buffer, as Buffer pools and subarrays are.
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, length);
    if (toBase64url(view) !== base64url.encode(view)) t.fail(`base64url of ${length} bytes`);
    const expected = Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', view)).toString('hex');
    if (Buffer.from(await sha256(view)).toString('hex') !== expected) t.fail(`sha256 of ${length} bytes`);
  }
  t.equal(Buffer.from(await sha256('abc')).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'the FIPS 180-2 test vector');
  t.equal(toBase64url(new Uint8Array([0xfb, 0xff])), '-_8', 'the URL-safe alphabet, unpadded');
});
