import t from 'tap';
import { generateAppKey } from '../../src/sdk/app-key.js';
import { verifyBundle } from '../../src/sdk/bundle.js';
import { haalOverzicht, type OverzichtOptions } from '../../src/sdk/client.js';
import { memoryStelselStore } from '../../src/sdk/stelsel-store.js';
import { PILOTS, startSimulatedCentraal, takeDown, type SimulatedCentraal } from '../helpers/simulated-centraal.js';

const SANNE = '999993653';
const TILBURG = '00000099000000000001';
const CAK = '00000099000000000005';
const RDW = '00000099000000000006';

let centraal: SimulatedCentraal;
t.before(async () => {
  centraal = await startSimulatedCentraal();
});
t.teardown(() => centraal.close());

const options = (extra: Partial<OverzichtOptions> = {}): OverzichtOptions => ({
  stelselUrl: centraal.stelselUrl,
  operatorKey: centraal.operatorPublicJwk,
  login: { ontwikkelBsn: SANNE },
  timeoutMs: 5000,
  ...extra,
});

const reset = async () => {
  for (const o of centraal.organisaties) o.misbehave = { ...(o.misbehave.down ? { down: true } : {}) };
  await centraal.publish();
};

t.test('the whole flow: scheme, registration, six sessions in parallel, one verified overview and a bundle that verifies offline', async (t) => {
  await reset();
  const progress: string[] = [];
  const result = await haalOverzicht(options({ onProgress: (p) => progress.push(p.soort) }));
  const { overzicht } = result;
  t.equal(overzicht.bsn, SANNE);
  t.same(
    overzicht.organisaties.map((o) => [o.oin, o.status]),
    PILOTS.map((p) => [p.oin, 'ok']),
    'every organisation answered, in the scheme order',
  );
  t.ok(overzicht.organisaties.every((o) => o.gegevens_van && !Number.isNaN(Date.parse(o.gegevens_van))), 'each says when its data is from');
  t.same(overzicht.organisaties.find((o) => o.oin === RDW)?.documenttypen, ['voertuigen', 'rijbewijs', 'vaartuigen']);
  const oinsWithZaken = [...new Set(overzicht.financiele_zaken.map((z) => z.oin))].sort();
  t.same(oinsWithZaken, ['00000099000000000001', '00000099000000000003', '00000099000000000005'], 'Sanne has debts at Tilburg, Boxtel and the CAK');
  const sum = overzicht.financiele_zaken.reduce((s, z) => s + z.zaak.saldo, 0);
  t.equal(overzicht.totalen.saldo, sum, 'without duplicates the total is the sum of the zaken');
  t.equal(overzicht.totalen.aantal_dubbele_vorderingen, 0);
  t.equal(result.documenten.length, 8, 'five FCID documents and three RDW documents');
  t.ok(result.documenten.every((d) => d.jws.split('.').length === 3), 'kept as compact JWS');
  t.same(progress.filter((p) => p === 'organisatie-klaar').length, 6);
  t.equal(progress[0], 'stelsel');

  const verification = await verifyBundle(JSON.parse(JSON.stringify(result.bundel)), centraal.operatorPublicJwk);
  t.same(verification.problemen, []);
  t.ok(verification.geldig);
});

t.test('an organisation that is down or slow: the overview is still made, that one is marked', async (t) => {
  await reset();
  // The healthy organisations get the same 5 s bound as every other test here: on a loaded CI
  // machine a 500 ms and later a 1500 ms bound sometimes caught a healthy one too. The slow
  // one would answer only after 20 s (it stops once the client gives up), so an overview
  // that waited for it would take 20 s; one that gave up on time takes about 5 s.
  centraal.byOin(CAK).misbehave.delayMs = 20_000;
  const result = await haalOverzicht(options({ timeoutMs: 5000 }));
  const cak = result.overzicht.organisaties.find((o) => o.oin === CAK)!;
  t.equal(cak.status, 'time-out');
  t.match(cak.reden, /5000 ms/);
  t.same(
    result.overzicht.organisaties.filter((o) => o.status !== 'ok').map((o) => [o.oin, o.status]),
    [[CAK, 'time-out']],
    'only the slow one is not ok',
  );
  t.notOk(result.overzicht.financiele_zaken.some((z) => z.oin === CAK));
  t.ok(result.tijden.organisaties_ms < 15_000, `the others did not wait for the slow one (${Math.round(result.tijden.organisaties_ms)} ms)`);
  t.ok((await verifyBundle(result.bundel, centraal.operatorPublicJwk)).geldig, 'a partial bundle verifies too');
});

t.test('an organisation that refuses connections is mislukt with the reason', async (t) => {
  const local = await startSimulatedCentraal({ organisaties: PILOTS.slice(0, 2), database: centraal.database });
  t.teardown(() => local.close());
  await takeDown(local.byOin('00000099000000000002'));
  const result = await haalOverzicht({ ...options(), stelselUrl: local.stelselUrl, operatorKey: local.operatorPublicJwk });
  const tholen = result.overzicht.organisaties.find((o) => o.oin === '00000099000000000002')!;
  t.equal(tholen.status, 'mislukt');
  t.match(tholen.reden, /Niet bereikbaar/);
  t.equal(result.overzicht.organisaties.find((o) => o.oin === TILBURG)?.status, 'ok');
});

t.test('a key revoked in the scheme: that organisation\'s documents are refused', async (t) => {
  await reset();
  const tilburg = centraal.byOin(TILBURG);
  await centraal.publish({
    mutate: (doc) => {
      const org = doc.organisaties.find((o) => o.oin === TILBURG)!;
      org.sleutels = org.sleutels.map((k) => ({ ...k, ingetrokken_op: new Date(Date.now() - 60_000).toISOString() }));
    },
  });
  const result = await haalOverzicht(options());
  const status = result.overzicht.organisaties.find((o) => o.oin === TILBURG)!;
  t.equal(status.status, 'mislukt');
  t.match(status.reden, /ingetrokken/);
  t.ok(tilburg.requests.documenten > 0, 'the organisation did answer; the app refused');
  t.notOk(result.overzicht.financiele_zaken.some((z) => z.oin === TILBURG));
});

t.test('a key outside its validity in the scheme, and a key the scheme does not list, are refused', async (t) => {
  await reset();
  await centraal.publish({
    mutate: (doc) => {
      const org = doc.organisaties.find((o) => o.oin === TILBURG)!;
      org.sleutels = org.sleutels.map((k) => ({ ...k, geldig_tot: new Date(Date.now() - 60_000).toISOString() }));
    },
  });
  centraal.byOin(CAK).misbehave.signWithUnlistedKey = true;
  const result = await haalOverzicht(options());
  const byOin = (oin: string) => result.overzicht.organisaties.find((o) => o.oin === oin)!;
  t.equal(byOin(TILBURG).status, 'mislukt');
  t.match(byOin(TILBURG).reden, /buiten de geldigheid/);
  t.equal(byOin(CAK).status, 'mislukt');
  t.match(byOin(CAK).reden, /sleutel die het stelsel niet/);
});

t.test('an expired scheme document, and a replayed older one, are refused', async (t) => {
  await reset();
  const store = memoryStelselStore();
  const older = await centraal.publish({ uitgegevenOp: new Date(Date.now() - 3_600_000) });
  await centraal.publish();
  await haalOverzicht(options({ store }));
  centraal.serve(older);
  await t.rejects(haalOverzicht(options({ store })), { name: 'StelselError', code: 'ERR_STELSEL_ROLLBACK' });
  await t.resolves(haalOverzicht(options()), 'a fresh store accepts it: the refusal comes from what this app saw before');

  // One moment for both ends: two readings of the clock a millisecond apart made the span
  // longer than 24 hours, and the document was refused as too long instead of as expired.
  const nu = Date.now();
  await centraal.publish({ uitgegevenOp: new Date(nu - 25 * 3_600_000), verlooptOp: new Date(nu - 3_600_000) });
  await t.rejects(haalOverzicht(options()), { name: 'StelselError', code: 'ERR_STELSEL_EXPIRED' });

  await centraal.publish({ verlooptOp: new Date(Date.now() + 48 * 3_600_000) });
  await t.rejects(haalOverzicht(options()), { name: 'StelselError', code: 'ERR_STELSEL_TOO_LONG' });

  const other = await startSimulatedCentraal({ organisaties: [], database: centraal.database });
  t.teardown(() => other.close());
  centraal.serve(other.current());
  await t.rejects(haalOverzicht(options()), { name: 'StelselError', code: 'ERR_STELSEL_SIGNATURE' }, 'signed by another operator key');
});

t.test('a tampered ciphertext and another citizen\'s document are refused', async (t) => {
  await reset();
  centraal.byOin(TILBURG).misbehave.tamperCiphertext = true;
  centraal.byOin(CAK).misbehave.documentOfBsn = '999990019';
  const result = await haalOverzicht(options());
  const byOin = (oin: string) => result.overzicht.organisaties.find((o) => o.oin === oin)!;
  t.equal(byOin(TILBURG).status, 'mislukt');
  t.match(byOin(TILBURG).reden, /Ontsleutelen mislukt/);
  t.equal(byOin(CAK).status, 'mislukt');
  t.match(byOin(CAK).reden, /andere inwoner/);
});

t.test('a replayed DPoP proof is refused by the organisation, and the SDK reports it', async (t) => {
  await reset();
  const { openSessie } = await import('../../src/sdk/organisatie.js');
  const { createDpopProof } = await import('../../src/protocol/dpop.js');
  const result = await haalOverzicht(options({ appKey: await generateAppKey() }));
  t.ok(result.registratie.app_credential);
  // Replay: the same jti twice at the same organisation.
  const appKey = await generateAppKey();
  const { registreerApp, ontwikkelLogin } = await import('../../src/sdk/app-beheerder.js');
  const registratie = await registreerApp(centraal.appBeheerderUrl, await ontwikkelLogin(centraal.appBeheerderUrl, SANNE), appKey);
  const org = JSON.parse(Buffer.from(centraal.current().split('.')[1]!, 'base64url').toString()).organisaties[0];
  const url = `${centraal.organisaties[0]!.url}/v1/sessies`;
  const proof = await createDpopProof(appKey, { method: 'POST', url, jti: 'vaste-jti' });
  const post = () =>
    fetch(url, { method: 'POST', headers: { dpop: proof, 'content-type': 'application/json' }, body: JSON.stringify({ app_credential: registratie.app_credential }) });
  t.equal((await post()).status, 201);
  const replay = await post();
  t.equal(replay.status, 401);
  t.match(await replay.text(), /herhaald/);
  // And a session with a credential bound to another app key is refused.
  const otherKey = await generateAppKey();
  await t.rejects(
    openSessie(org, { appKey: otherKey, appCredential: registratie.app_credential, bsn: SANNE, signal: AbortSignal.timeout(5000), now: () => new Date() }),
    /andere app-sleutel/,
  );
});

t.test('a collector reporting the CAK\'s claims: each counted once, at the CAK, and both signed originals kept', async (t) => {
  const CJIB = '00000099000000000007';
  const local = await startSimulatedCentraal({
    database: centraal.database,
    organisaties: [
      { oin: CJIB, naam: 'CJIB (simulatie)', bronOin: CAK, diensten: ['financiele-verplichtingen'], code: 'cjib' },
      { ...PILOTS[4], code: 'cak' },
    ],
  });
  t.teardown(() => local.close());
  const alone = await haalOverzicht({ ...options(), stelselUrl: local.stelselUrl, operatorKey: local.operatorPublicJwk });
  const { overzicht } = alone;
  const cjib = overzicht.financiele_zaken.filter((z) => z.oin === CJIB);
  const cak = overzicht.financiele_zaken.filter((z) => z.oin === CAK);
  t.ok(cak.length > 0);
  t.equal(cjib.length, cak.length, 'the collector reports the same zaken');
  t.ok(cjib.every((z) => z.geind_namens.length === z.zaak.financiele_verplichtingen.length && z.geind_namens.every((g) => g.namens.oin === CAK)));
  t.ok(cak.every((z) => z.geind_namens.length === 0));
  t.equal(overzicht.totalen.saldo, cak.reduce((s, z) => s + z.zaak.saldo, 0), 'the total is the CAK\'s alone');
  t.equal(alone.documenten.length, 2, 'both original documents are kept');
  t.ok((await verifyBundle(alone.bundel, local.operatorPublicJwk)).geldig);
});
