import { join } from 'node:path';
import { CompactSign, decodeProtectedHeader, decodeJwt } from 'jose';
import t from 'tap';
import { generateAppKey } from '../../src/sdk/app-key.js';
import { createDpopProof } from '../../src/protocol/dpop.js';
import { verifyStelseldocument } from '../../src/sdk/stelsel.js';
import { fileStelselStore } from '../../src/sdk/node.js';
import { memoryStelselStore } from '../../src/sdk/stelsel-store.js';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { stelselVersie } from '../../src/protocol/stelseldocument.js';

const operator = await generateSigningKey('ES256');
const HOUR = 3_600_000;

async function signed(overrides: Record<string, unknown> = {}, typ = 'bk-stelseldocument+jws', key = operator): Promise<string> {
  const issued = new Date(Date.now() - HOUR);
  const payload = {
    uitgever: { oin: '00000099000000000099', naam: 'Stelselbeheerder (test)' },
    omgeving: 'ontwikkeling',
    uitgegeven_op: issued.toISOString(),
    verloopt_op: new Date(issued.getTime() + 24 * HOUR).toISOString(),
    organisaties: [],
    app_beheerders: [],
    ...overrides,
  };
  const versie = (overrides.versie as string | undefined) ?? (await stelselVersie(payload as Parameters<typeof stelselVersie>[0]));
  return new CompactSign(Buffer.from(JSON.stringify({ ...payload, versie }))).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ }).sign(key.privateKey);
}

t.test('the scheme document: pinned key, type, validity, contract shape', async (t) => {
  const at = new Date();
  const ok = await verifyStelseldocument(await signed(), operator.publicJwk, { at });
  t.equal(ok.document.uitgever.oin, '00000099000000000099');
  const other = await generateSigningKey('ES256');
  await t.rejects(verifyStelseldocument(await signed({}, undefined, other), operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_SIGNATURE' });
  await t.rejects(verifyStelseldocument(await signed({}, 'JWT'), operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_TYPE' });
  await t.rejects(verifyStelseldocument(await signed(), operator.publicJwk, { at: new Date(Date.now() + 24 * HOUR) }), { name: 'StelselError', code: 'ERR_STELSEL_EXPIRED' });
  await t.rejects(verifyStelseldocument(await signed(), operator.publicJwk, { at: new Date(Date.now() - 2 * HOUR) }), { name: 'StelselError', code: 'ERR_STELSEL_NOT_YET_VALID' });
  await t.rejects(verifyStelseldocument(await signed({ verloopt_op: new Date(Date.now() + 30 * HOUR).toISOString() }), operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_TOO_LONG' });
  await t.rejects(verifyStelseldocument(await signed({ organisaties: [{ oin: 'geen-oin' }] }), operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_SCHEMA' });
  await t.rejects(verifyStelseldocument('niet.een.jws', operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_MALFORMED' });
  await t.rejects(verifyStelseldocument(await signed({ versie: `sha256:${'A'.repeat(43)}` }), operator.publicJwk, { at }), { name: 'StelselError', code: 'ERR_STELSEL_VERSION' });
});

t.test('never older than the last accepted one, also after a restart (file store)', async (t) => {
  const path = join(t.testdir(), 'staat.json');
  const older = await signed({ uitgegeven_op: new Date(Date.now() - 2 * HOUR).toISOString(), verloopt_op: new Date(Date.now() + 20 * HOUR).toISOString() });
  const newer = await signed();
  await verifyStelseldocument(newer, operator.publicJwk, { at: new Date(), store: fileStelselStore(path) });
  await t.resolves(verifyStelseldocument(newer, operator.publicJwk, { at: new Date(), store: fileStelselStore(path) }), 'the same document again is fine');
  await t.rejects(verifyStelseldocument(older, operator.publicJwk, { at: new Date(), store: fileStelselStore(path) }), { name: 'StelselError', code: 'ERR_STELSEL_ROLLBACK' });
  const memory = memoryStelselStore();
  await verifyStelseldocument(older, operator.publicJwk, { at: new Date(), store: memory });
  await verifyStelseldocument(newer, operator.publicJwk, { at: new Date(), store: memory });
  t.equal(await memory.lastAccepted(), decodeJwt(newer).uitgegeven_op, 'a newer one moves the mark forward');
  t.equal(await fileStelselStore(join(t.testdir(), 'missing.json')).lastAccepted(), undefined);
});

t.test('DPoP proofs: the app key in the header, htu without query, ath with a token', async (t) => {
  const appKey = await generateAppKey();
  const proof = await createDpopProof(appKey, { method: 'get', url: 'https://org.example/v1/financiele-verplichtingen?x=1#y', accessToken: 'token' });
  const header = decodeProtectedHeader(proof);
  t.equal(header.typ, 'dpop+jwt');
  t.same(header.jwk, appKey.publicJwk);
  const claims = decodeJwt(proof);
  t.equal(claims.htm, 'GET');
  t.equal(claims.htu, 'https://org.example/v1/financiele-verplichtingen');
  t.equal(claims.ath, 'PEaenWxYddN6Q_NT1PiOYfz4EsZu7jRXRlpAsNpBU-A');
  t.type(claims.jti, 'string');
  t.ok(Math.abs((claims.iat ?? 0) - Date.now() / 1000) < 5);
  t.notOk('ath' in decodeJwt(await createDpopProof(appKey, { method: 'POST', url: 'https://org.example/v1/sessies' })));
});
