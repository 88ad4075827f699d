import { CompactSign } from 'jose';
import t from 'tap';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { contentDigest, contentDigestMatches } from '../../src/protocol/content-digest.js';
import { DocumentVerificationError } from '../../src/protocol/errors.js';
import { compactJwsOf, signDocument } from '../../src/protocol/sign-document.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../src/protocol/verify-document.js';

const key = await generateSigningKey('ES256');
const other = await generateSigningKey('ES256');
const body = new TextEncoder().encode('{"documenttype":"voertuigen"}');
const keys = (extra: Partial<PublishedKey> = {}) => ({ keys: [{ ...key.publicJwk, status: 'actief' as const, ...extra }] });
const code = (c: string) => ({ name: 'DocumentVerificationError', code: c });

t.test('a signed document verifies in both forms, and its digest matches', async (t) => {
  const signed = await signDocument(body, key, '00000001001172773000', new Date('2026-01-01T00:00:00Z'));
  t.same((await verifyCompactDocument(signed.compactJws, keys())).payload, body);
  t.equal((await verifyPayloadSignature(body, signed.payloadSignature, keys())).header.sigT, '2026-01-01T00:00:00Z');
  t.equal(signed.contentDigest, await contentDigest(body));
  t.ok(await contentDigestMatches(body, signed.contentDigest));
  t.notOk(await contentDigestMatches(new TextEncoder().encode('{}'), signed.contentDigest), 'another body does not match');
  t.notOk(await contentDigestMatches(body, undefined));
});

t.test('the compact form rebuilt from the detached one is the compact form jose made', async (t) => {
  // Bodies whose length leaves 0, 1 and 2 bytes over a base64 group, non-ASCII text, and a
  // view into a larger buffer (as a slice of a pooled Buffer is).
  const bodies = ['{}', '{"a":1}', '{"ab":1}', '{"naam":"Gemeente Súdwest-Fryslân"}'].map((text) => new TextEncoder().encode(text));
  const pooled = Buffer.from('xx{"documenttype":"voertuigen"}yy').subarray(2, -2);
  for (const document of [...bodies, pooled, body]) {
    const signed = await signDocument(document, key, '00000001001172773000', new Date('2026-01-01T00:00:00Z'));
    t.equal(compactJwsOf(document, signed.payloadSignature), signed.compactJws, `${document.length} bytes`);
  }
});

t.test('each refusal has its code', async (t) => {
  const signed = await signDocument(body, key, '00000001001172773000', new Date('2026-01-01T00:00:00Z'));
  await t.rejects(verifyCompactDocument('a.b', keys()), code('ERR_DOCUMENT_MALFORMED'));
  await t.rejects(verifyPayloadSignature(body, signed.compactJws, keys()), code('ERR_DOCUMENT_MALFORMED'), 'an attached JWS is not a Payload-Signature');
  const jwt = await new CompactSign(body).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  await t.rejects(verifyCompactDocument(jwt, keys()), code('ERR_DOCUMENT_TYPE'));
  const hs = await new CompactSign(body).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'bk-document+jws' }).sign(new Uint8Array(32));
  await t.rejects(verifyCompactDocument(hs, keys()), code('ERR_DOCUMENT_ALGORITHM'));
  await t.rejects(verifyCompactDocument(signed.compactJws, { keys: [] }), code('ERR_DOCUMENT_UNKNOWN_KEY'));
  await t.rejects(verifyCompactDocument(signed.compactJws, keys({ status: 'ingetrokken', ingetrokken_op: '2025-12-31T00:00:00Z' })), code('ERR_DOCUMENT_REVOKED_KEY'));
  t.ok(await verifyCompactDocument(signed.compactJws, keys({ status: 'ingetrokken', ingetrokken_op: '2026-02-01T00:00:00Z', intrekkingsreden: 'buiten-gebruik' })), 'signed before a retirement: still valid');
  await t.rejects(verifyCompactDocument(signed.compactJws, keys({ status: 'ingetrokken', ingetrokken_op: '2026-02-01T00:00:00Z', intrekkingsreden: 'gecompromitteerd' })), code('ERR_DOCUMENT_REVOKED_KEY'), 'compromised: not even before');
  await t.rejects(verifyCompactDocument(signed.compactJws, { keys: [{ ...other.publicJwk, kid: key.kid }] }), code('ERR_DOCUMENT_SIGNATURE'));
  const error = await verifyCompactDocument('a.b', keys()).catch((e: unknown) => e);
  t.ok(error instanceof DocumentVerificationError && error.message.length > 0, 'a Dutch message for people');
});
