/**
 * The rijbewijs-melder's push receiver (RFC 8935) against a real signed scheme document:
 * what it accepts, what it refuses with which `err`, and that nothing is stored twice or lost.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign } from 'jose';
import pino from 'pino';
import t, { type Test } from 'tap';
import { loadAfnemerConfig } from '../../src/afnemer/config.js';
import { createAfnemerDienst, type AfnemerDienst } from '../../src/afnemer/dienst.js';
import { MeldingenStore } from '../../src/afnemer/meldingen-store.js';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { GEBEURTENISTYPEN } from '../../src/protocol/security-event.js';
import { runEntry } from '../helpers/processes.js';
import { testDataDir } from '../helpers/service.js';
import { highSTwin } from '../helpers/verification.js';
import { rdwSet, startTestStelsel, TILBURG, type TestStelsel } from '../helpers/afnemer-stelsel.js';

const PAD = '/v1/meldingen';
const SET_TYPE = 'application/secevent+jwt';

async function afnemer(t: Test, stelsel?: TestStelsel) {
  const dataDir = testDataDir(t);
  const s = stelsel ?? (await startTestStelsel(t, dataDir));
  const config = loadAfnemerConfig({ DATA_DIR: dataDir, STELSEL_URL: s.url, STELSEL_SLEUTEL: s.sleutelPath, PUBLIC_BASE_URL: 'http://127.0.0.1:1/v1' });
  const dienst = await createAfnemerDienst(config, { logger: pino({ level: 'silent' }) });
  t.teardown(() => dienst.app.close());
  const push = (body: string, contentType = SET_TYPE) => dienst.app.inject({ method: 'POST', url: PAD, headers: { 'content-type': contentType, accept: 'application/json' }, payload: body });
  return { dienst, stelsel: s, dataDir, push };
}

/** RFC 8935 §2.3: 400, application/json, exactly `{ err, description }`. */
function refused(t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }, err: string) {
  t.equal(res.statusCode, 400, res.body);
  t.match(String(res.headers['content-type']), /^application\/json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  t.same(Object.keys(body).sort(), ['description', 'err']);
  t.equal(body.err, err);
}

function stored(dienst: AfnemerDienst) {
  return dienst.store.alle();
}

t.test('a verified SET is answered 202 and stored exactly as received; the CLI prints exactly the JSON array', async (t) => {
  const { dienst, stelsel, dataDir, push } = await afnemer(t);
  const set = await rdwSet(stelsel);
  const res = await push(set);
  t.equal(res.statusCode, 202, res.body);
  t.equal(res.body, '');
  const meldingen = stored(dienst);
  t.equal(meldingen.length, 1);
  t.equal(meldingen[0]!.set, set);
  t.match(meldingen[0]!.ontvangen_op, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

  const cli = runEntry('src/afnemer/cli.ts', ['meldingen', '--json'], { DATA_DIR: dataDir });
  t.equal(cli.status, 0, cli.stderr);
  t.same(JSON.parse(cli.stdout), meldingen);
  t.equal(cli.stdout, `${JSON.stringify(meldingen)}\n`, 'nothing but the array on stdout');
});

t.test('the same SET again (same jti, e.g. a retry) is acknowledged and stored once; another SET under that jti is refused', async (t) => {
  const { dienst, stelsel, push } = await afnemer(t);
  const jti = randomUUID();
  const set = await rdwSet(stelsel, { jti });
  t.equal((await push(set)).statusCode, 202);
  t.equal((await push(set)).statusCode, 202, 'a redelivery is acknowledged (RFC 8935: the transmitter may retry)');
  t.equal(stored(dienst).length, 1, 'stored once');
  const replay = await rdwSet(stelsel, { jti, volgnummer: 2 });
  refused(t, await push(replay), 'invalid_request');
  t.same(stored(dienst).map((m) => m.set), [set], 'the replayed jti did not replace or add anything');
});

t.test('forged pushes are refused with the RFC 8935 err and stored nowhere', async (t) => {
  const { dienst, stelsel, push } = await afnemer(t);
  const genuine = await rdwSet(stelsel);
  const [header, payload] = genuine.split('.');

  await t.test('bad signature: a key the scheme does not list, under the RDW key id', async (t) => {
    const forger = await generateSigningKey('ES256');
    const forged = await rdwSet(stelsel, { key: { ...forger, kid: stelsel.rdw.kid } });
    refused(t, await push(forged), 'invalid_key');
  });
  await t.test('bad signature: the payload changed after signing', async (t) => {
    const changed = Buffer.from(Buffer.from(payload!, 'base64url').toString('utf8').replace('"politie"', '"overig"')).toString('base64url');
    refused(t, await push(`${header}.${changed}.${genuine.split('.')[2]}`), 'invalid_key');
  });
  await t.test('an unknown key id', async (t) => {
    const other = await generateSigningKey('ES256');
    refused(t, await push(await rdwSet(stelsel, { key: other })), 'invalid_key');
  });
  await t.test('wrong typ (a plain JWT signed with the real key)', async (t) => {
    const jwt = await new CompactSign(Buffer.from(payload!, 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: stelsel.rdw.kid, typ: 'JWT' })
      .sign(stelsel.rdw.privateKey)
      .then(withCanonicalSignature);
    refused(t, await push(jwt), 'invalid_request');
  });
  await t.test('the high-s twin of a genuine SET (the same event, a second encoding)', async (t) => {
    refused(t, await push(highSTwin(genuine)), 'invalid_key');
  });
  await t.test('an issuer that is not in the scheme', async (t) => {
    refused(t, await push(await rdwSet(stelsel, { bronhouderOin: '00000099000000000042' })), 'invalid_issuer');
  });
  await t.test('an organisation in the scheme, but not the bronhouder of any of the afnemer\'s purposes (with its own valid key)', async (t) => {
    refused(t, await push(await rdwSet(stelsel, { bronhouderOin: TILBURG, key: stelsel.tilburg })), 'invalid_issuer');
  });
  await t.test('another afnemer as audience', async (t) => {
    refused(t, await push(await rdwSet(stelsel, { afnemer: 'urn:nl:blauwe-knop:afnemer:iemand-anders' })), 'invalid_audience');
  });
  await t.test('not a SET at all, or the wrong media type', async (t) => {
    refused(t, await push('geen.jws'), 'invalid_request');
    refused(t, await push(''), 'invalid_request');
    refused(t, await push(genuine, 'application/json'), 'invalid_request');
  });
  t.equal(stored(dienst).length, 0, 'nothing forged was stored');
});

t.test('keys follow the scheme: a rotated-in key is fetched, a revoked key refused, a retired key still proves old SETs', async (t) => {
  const { stelsel, push } = await afnemer(t);
  const old = stelsel.rdw;
  t.equal((await push(await rdwSet(stelsel))).statusCode, 202);
  const fetches = stelsel.gedrag.fetches;
  await stelsel.rotate();
  // The afnemer cached the scheme; a SET under the new kid makes it fetch once more.
  const res = await push(await rdwSet(stelsel));
  t.equal(res.statusCode, 202, res.body);
  t.equal(stelsel.gedrag.fetches, fetches + 1, 'fetched the scheme again for the unknown key');
  const forged = await generateSigningKey('ES256');
  refused(t, await push(await rdwSet(stelsel, { key: forged })), 'invalid_key');
  refused(t, await push(await rdwSet(stelsel, { key: forged })), 'invalid_key');
  t.equal(stelsel.gedrag.fetches, fetches + 1, 'made-up key ids right after do not make the afnemer fetch the scheme again');

  const signedBefore = await rdwSet(stelsel, { key: old, iat: new Date(Date.now() - 60_000) });
  stelsel.rdwSleutels[0]!.ingetrokken_op = new Date(Date.now() - 1000).toISOString();
  stelsel.rdwSleutels[0]!.intrekkingsreden = 'buiten-gebruik';
  await stelsel.publish();
  // An afnemer that has the new scheme (here: a fresh one on the same scheme).
  const { push: pushNow } = await afnemer(t, stelsel);
  refused(t, await pushNow(await rdwSet(stelsel, { key: old })), 'invalid_key');
  t.equal((await pushNow(signedBefore)).statusCode, 202, 'a SET signed before the key was retired still verifies');

  stelsel.rdwSleutels[0]!.intrekkingsreden = 'gecompromitteerd';
  await stelsel.publish();
  const { push: pushAfterCompromise } = await afnemer(t, stelsel);
  refused(t, await pushAfterCompromise(signedBefore), 'invalid_key');
});

t.test('when the scheme cannot be fetched the afnemer answers 503 (the bronhouder retries), not 400', async (t) => {
  const dataDir = testDataDir(t);
  const stelsel = await startTestStelsel(t, dataDir);
  stelsel.gedrag.down = true;
  const { push, dienst } = await afnemer(t, stelsel);
  const set = await rdwSet(stelsel);
  const res = await push(set);
  t.equal(res.statusCode, 503);
  t.equal(stored(dienst).length, 0);
  stelsel.gedrag.down = false;
  t.equal((await push(set)).statusCode, 202, 'the retry (same SET) is accepted');
});

t.test('a timeout after the afnemer processed the SET: the retry with the same jti is acknowledged and deduplicated', async (t) => {
  const dataDir = testDataDir(t);
  const stelsel = await startTestStelsel(t, dataDir);
  // The scheme answers slowly, so the first delivery outlives the transmitter's timeout.
  stelsel.gedrag.vertragingMs = 400;
  const { dienst } = await afnemer(t, stelsel);
  await dienst.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (dienst.app.server.address() as AddressInfo).port;
  const set = await rdwSet(stelsel, { gebeurtenistype: GEBEURTENISTYPEN.rijbewijsGeraadpleegd });
  const post = (timeoutMs: number) =>
    new Promise<number | 'time-out'>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: PAD, method: 'POST', headers: { 'content-type': SET_TYPE } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        resolve('time-out');
      });
      req.on('error', () => resolve('time-out'));
      req.end(set);
    });
  t.equal(await post(100), 'time-out', 'the transmitter gave up');
  // The afnemer finishes the first delivery regardless.
  for (let i = 0; i < 50 && stored(dienst).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  t.equal(stored(dienst).length, 1, 'the afnemer processed it');
  stelsel.gedrag.vertragingMs = 0;
  t.equal(await post(5000), 202, 'the retry (same jti) is acknowledged');
  t.equal(stored(dienst).length, 1, 'and not stored twice');
});

t.test('what was acknowledged survives a restart', async (t) => {
  const { dienst, stelsel, dataDir, push } = await afnemer(t);
  const set = await rdwSet(stelsel);
  t.equal((await push(set)).statusCode, 202);
  await dienst.app.close();
  const reopened = new MeldingenStore(dataDir);
  t.teardown(() => reopened.close());
  t.same(reopened.alle().map((m) => m.set), [set]);
});
