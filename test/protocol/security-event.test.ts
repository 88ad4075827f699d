import t from 'tap';
import { highSTwin, refusalReason } from '../helpers/verification.js';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import {
  createSecurityEvent,
  GEBEURTENISTYPEN,
  verifySecurityEvent,
  type SecurityEventInput,
} from '../../src/protocol/security-event.js';

const OIN = '00000001003214345000';
const AFNEMER = 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder';

function input(overrides: Partial<SecurityEventInput> = {}): SecurityEventInput {
  return {
    bronhouderOin: OIN,
    afnemer: AFNEMER,
    subject: 'pYx3mQ0l9bH2fZrT8wV1cN5kJ4aS6dE7gU0iO9pL2mX',
    gebeurtenistype: GEBEURTENISTYPEN.rijbewijsGeraadpleegd,
    toestemmingId: '0b7c2a8e-5d41-4f3a-9c6b-2e8f1d0a7b34',
    volgnummer: 1,
    txn: '4bf92f3577b34da6a3ce929d0e0e4736',
    toe: new Date('2026-11-30T09:00:00Z'),
    iat: new Date('2026-11-30T09:00:01Z'),
    jti: 'f2c1d0e9-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
    data: { categorie: 'politie', resultaat: 'gevonden' },
    ...overrides,
  };
}

t.test('a SET carries the agreed claims and verifies against the bronhouder key', async (t) => {
  const key = await generateSigningKey('ES256');
  const jws = await createSecurityEvent(key, input());
  const header = decodeProtectedHeader(jws);
  t.equal(header.typ, 'secevent+jwt');
  t.equal(header.kid, key.kid);
  const verified = await verifySecurityEvent(jws, { keys: [key.publicJwk], issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER });
  t.equal(verified.gebeurtenistype, GEBEURTENISTYPEN.rijbewijsGeraadpleegd);
  t.equal(verified.volgnummer, 1);
  t.same(verified.data, { categorie: 'politie', resultaat: 'gevonden' });
  t.same(verified.payload.sub_id, { format: 'opaque', id: input().subject });
  t.equal(verified.payload.toe, Date.parse('2026-11-30T09:00:00Z') / 1000);
  t.notOk('exp' in verified.payload, 'no exp in a SET');
});

t.test('verification refuses wrong typ, bad signature, unknown kid, wrong iss or aud', async (t) => {
  const key = await generateSigningKey('ES256');
  const other = await generateSigningKey('ES256');
  const expectation = { keys: [key.publicJwk], issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER };
  const jws = await createSecurityEvent(key, input());
  // Same payload, signed as a plain JWT: the wrong typ.
  const payload = jws.split('.')[1]!;
  const wrongTyp = await new CompactSign(Buffer.from(payload, 'base64url'))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey)
    .then(withCanonicalSignature);
  t.equal(await refusalReason(verifySecurityEvent(wrongTyp, expectation)), 'invalid_request');
  // Signed by another key that claims the bronhouder's kid: a forged push.
  const forged = await createSecurityEvent({ ...other, kid: key.kid }, input());
  t.equal(await refusalReason(verifySecurityEvent(forged, expectation)), 'invalid_key');
  const tampered = `${jws.split('.')[0]}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), volgnummer: 9 })).toString('base64url')}.${jws.split('.')[2]}`;
  t.equal(await refusalReason(verifySecurityEvent(tampered, expectation)), 'invalid_key');
  t.equal(await refusalReason(verifySecurityEvent(jws, { ...expectation, keys: [other.publicJwk] })), 'invalid_key', 'unknown kid');
  t.equal(await refusalReason(verifySecurityEvent(jws, { ...expectation, issuer: 'urn:nld:oin:00000009999999999000' })), 'invalid_issuer');
  t.equal(await refusalReason(verifySecurityEvent(jws, { ...expectation, audience: 'urn:nl:blauwe-knop:afnemer:ander' })), 'invalid_audience');
  t.equal(await refusalReason(verifySecurityEvent('not.a.jws', expectation)), 'invalid_request');
});

t.test('a retired bronhouder key verifies what it signed before, not after its revocation; a compromised one nothing', async (t) => {
  const key = await generateSigningKey('ES256');
  const jws = await createSecurityEvent(key, input());
  const expectation = { issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER };
  const revoked = (ingetrokken_op: string, intrekkingsreden?: 'buiten-gebruik' | 'gecompromitteerd') => ({
    ...expectation,
    keys: [{ ...key.publicJwk, status: 'ingetrokken', ingetrokken_op, ...(intrekkingsreden ? { intrekkingsreden } : {}) }],
  });
  await t.resolves(verifySecurityEvent(jws, revoked('2026-11-30T10:00:00Z', 'buiten-gebruik')));
  t.equal(await refusalReason(verifySecurityEvent(jws, revoked('2026-11-30T08:00:00Z', 'buiten-gebruik'))), 'invalid_key');
  t.equal(await refusalReason(verifySecurityEvent(jws, revoked('2026-11-30T10:00:00Z', 'gecompromitteerd'))), 'invalid_key', 'compromised: its iat proves nothing');
  t.equal(await refusalReason(verifySecurityEvent(jws, revoked('2026-11-30T10:00:00Z'))), 'invalid_key', 'no reason: fail closed');
});

t.test('a BSN cannot reach a SET: every field has a closed shape', async (t) => {
  const key = await generateSigningKey('ES256');
  const bsn = '999990111';
  t.equal(await refusalReason(createSecurityEvent(key, input({ subject: bsn }))), 'invalid_request', 'a BSN as subject');
  await t.rejects(createSecurityEvent(key, input({ data: { categorie: 'politie', resultaat: 'gevonden', bsn } })), /bsn hoort niet/, 'an extra data member');
  await t.rejects(createSecurityEvent(key, input({ data: { categorie: bsn, resultaat: 'gevonden' } })), /categorie moet/, 'a BSN as a data value');
  await t.rejects(createSecurityEvent(key, input({ txn: `bsn-${bsn}` })), /txn/, 'the trace id is hex only');
  await t.rejects(createSecurityEvent(key, input({ toestemmingId: bsn })), /toestemming_id/, 'a BSN as consent id');
  await t.rejects(createSecurityEvent(key, input({ afnemer: `urn:nl:blauwe-knop:afnemer:${bsn}x`.toUpperCase() })), /aud/);
  await t.rejects(createSecurityEvent(key, input({ data: {} })), /categorie ontbreekt; resultaat ontbreekt/, 'all problems at once');
  // Lifecycle events carry only their own members.
  const revoked = await createSecurityEvent(key, input({ gebeurtenistype: GEBEURTENISTYPEN.toestemmingIngetrokken, data: { door: 'burger' } }));
  const verified = await verifySecurityEvent(revoked, { keys: [key.publicJwk], issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER });
  t.same(verified.data, { door: 'burger' });
  // A payload the bronhouder did not build (an extra claim) is refused on verification too.
  const smuggled = await new CompactSign(Buffer.from(JSON.stringify({ ...verified.payload, bsn })))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'secevent+jwt' })
    .sign(key.privateKey)
    .then(withCanonicalSignature);
  await t.rejects(verifySecurityEvent(smuggled, { keys: [key.publicJwk], issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER }), /claim bsn hoort niet/);
});

t.test('the high-s twin of a valid SET is refused (invalid_key); the SET itself verifies', async (t) => {
  const key = await generateSigningKey('ES256');
  const expectation = { keys: [key.publicJwk], issuer: `urn:nld:oin:${OIN}`, audience: AFNEMER };
  const jws = await createSecurityEvent(key, input());
  const twin = highSTwin(jws);
  t.not(twin, jws);
  t.equal(await refusalReason(verifySecurityEvent(twin, expectation)), 'invalid_key');
  await t.rejects(verifySecurityEvent(twin, expectation), /niet canoniek/);
  t.equal(await refusalReason(verifySecurityEvent(jws, expectation)), 'accepted');
});
