import { CompactSign, type JWK } from 'jose';
import t from 'tap';
import { stelseldocumentErrors } from '../../src/contract/shapes.js';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { STELSEL_CLOCK_SKEW_SECONDS } from '../../src/protocol/constants.js';
import { isIngetrokkenOp, signStelseldocument, sleutelGeldigOp, stelselVersie, verifyStelseldocument, type Stelseldocument } from '../../src/protocol/stelseldocument.js';

const operator = await generateSigningKey('ES256');
const other = await generateSigningKey('ES256');
const now = new Date('2026-11-28T10:00:00Z');
const content = { organisaties: [], app_beheerders: [] };
const options = { uitgever: { oin: '00000099000000000099', naam: 'Stelselbeheerder' }, omgeving: 'ontwikkeling' as const, now, geldigheidSeconden: 3600, key: operator };
const verify = (jws: string, extra: { at?: Date; pinned?: JWK | JWK[]; lastAccepted?: string } = {}) =>
  verifyStelseldocument(jws, { pinned: operator.publicJwk, at: now, schemaErrors: stelseldocumentErrors, ...extra });
const code = (c: string) => ({ name: 'StelseldocumentError', code: c });

async function forged(document: Record<string, unknown>, header: Record<string, unknown> = {}, key = operator): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(document)))
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'bk-stelseldocument+jws', ...header })
    .sign(key.privateKey);
}

t.test('a signed scheme document verifies with the pinned key, or one of several', async (t) => {
  const { jws, document } = await signStelseldocument(content, options);
  t.same(await verify(jws), document);
  t.same(await verify(jws, { pinned: [other.publicJwk, operator.publicJwk] }), document, 'during a rollover');
  t.same(await verify(jws, { at: new Date(now.getTime() - (STELSEL_CLOCK_SKEW_SECONDS - 1) * 1000) }), document, 'within the stated skew');
  t.same(await verify(jws, { lastAccepted: document.uitgegeven_op }), document, 'the same document again');
});

t.test('each refusal has its code', async (t) => {
  const { jws, document } = await signStelseldocument(content, options);
  await t.rejects(verify('geen-jws'), code('ERR_STELSEL_MALFORMED'));
  const notJson = await new CompactSign(new TextEncoder().encode('{')).setProtectedHeader({ alg: 'ES256', typ: 'bk-stelseldocument+jws' }).sign(operator.privateKey);
  await t.rejects(verify(notJson), code('ERR_STELSEL_MALFORMED'));
  await t.rejects(verify(await forged(document, { typ: 'JWT' })), code('ERR_STELSEL_TYPE'));
  const ps = await generateSigningKey('PS256');
  await t.rejects(verify(await forged(document, { alg: 'PS256' }, ps)), code('ERR_STELSEL_ALGORITHM'));
  await t.rejects(verify(jws, { pinned: other.publicJwk }), code('ERR_STELSEL_SIGNATURE'));
  await t.rejects(verify(await forged({ ...document, organisaties: [{ oin: 'geen-oin' }] })), code('ERR_STELSEL_SCHEMA'));
  await t.rejects(verify(await forged({ ...document, versie: `sha256:${'A'.repeat(43)}` })), code('ERR_STELSEL_VERSION'));
  await t.rejects(verify(await forged({ ...document, verloopt_op: '2026-11-30T10:00:00Z' })), code('ERR_STELSEL_TOO_LONG'));
  await t.rejects(verify(jws, { at: new Date('2026-11-28T11:00:00Z') }), code('ERR_STELSEL_EXPIRED'), 'no skew on expiry');
  await t.rejects(verify(jws, { at: new Date(now.getTime() - (STELSEL_CLOCK_SKEW_SECONDS + 1) * 1000) }), code('ERR_STELSEL_NOT_YET_VALID'));
  await t.rejects(verify(jws, { lastAccepted: '2026-11-28T10:00:01Z' }), code('ERR_STELSEL_ROLLBACK'));
});

t.test('the version is a hash of the content; keys are valid from geldig_vanaf until geldig_tot or revocation', async (t) => {
  const document: Pick<Stelseldocument, 'organisaties' | 'app_beheerders'> = content;
  t.match(await stelselVersie(document), /^sha256:[A-Za-z0-9_-]{43}$/);
  const key = { kty: 'EC' as const, kid: 'k', geldig_vanaf: '2026-01-01T00:00:00Z', geldig_tot: '2026-06-01T00:00:00Z', ingetrokken_op: '2026-03-01T00:00:00Z', intrekkingsreden: 'buiten-gebruik' as const };
  t.notOk(sleutelGeldigOp(key, new Date('2025-12-31T23:59:59Z')), 'before geldig_vanaf');
  t.ok(sleutelGeldigOp(key, new Date('2026-02-01T00:00:00Z')), 'retired: before the revocation');
  t.notOk(sleutelGeldigOp({ ...key, intrekkingsreden: 'gecompromitteerd' }, new Date('2026-02-01T00:00:00Z')), 'compromised: not even before');
  const { intrekkingsreden: _r, ...zonderReden } = key;
  t.notOk(sleutelGeldigOp(zonderReden, new Date('2026-02-01T00:00:00Z')), 'revoked without a reason: read as compromised');
  t.notOk(sleutelGeldigOp(key, new Date('2026-03-01T00:00:00Z')), 'from the revocation');
  t.notOk(sleutelGeldigOp({ ...key, ingetrokken_op: undefined }, new Date('2026-06-01T00:00:00Z')), 'from geldig_tot');
  t.ok(isIngetrokkenOp(key, new Date('2026-03-01T00:00:00Z')));
  t.notOk(sleutelGeldigOp(key, new Date('niet een datum')));
});
