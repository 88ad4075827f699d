/**
 * The rijbewijs-melder against the real bronhouder: an RDW instance (organisation role) that
 * reads a real scheme operator's document, with its own outbox and delivery worker. The
 * afnemer is registered in the scheme with its own key and endpoint, exactly as the demo does.
 * Covers the afnemer's side of issue 8's failures 11 and 12, and revocation by the afnemer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import t, { type Test } from 'tap';
import { loadAfnemerConfig } from '../../src/afnemer/config.js';
import { createAfnemerDienst } from '../../src/afnemer/dienst.js';
import { GEBEURTENISTYPEN } from '../../src/protocol/security-event.js';
import type { Verwerkingenlogboek } from '../../src/protocol/verwerkingenlogboek.js';
import { json } from '../helpers/centraal.js';
import { freePort } from '../helpers/processes.js';
import { bearer, RDW, testDataDir } from '../helpers/service.js';
import { BURGER, DOEL, MELDER, startPlus, type PlusOpzet } from '../helpers/plus.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * RDW and the scheme from the bronhouder's test set-up, and the real afnemer registered in
 * that scheme (its key, its endpoint on a port nobody listens on until `listen()`).
 * `stelselVertraging` delays the afnemer's fetches of the scheme (it reads it through a proxy).
 */
async function opzet(t: Test) {
  const plus = await startPlus(t);
  const port = await freePort();
  const proxy = { vertragingMs: 0 };
  const server = createServer((req, res) => {
    void sleep(proxy.vertragingMs)
      .then(() => fetch(`${plus.operator.baseUrl}/stelseldocument`, { headers: { accept: 'application/jose' } }))
      .then(async (upstream) => res.writeHead(upstream.status, { 'content-type': 'application/jose' }).end(await upstream.text()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const dataDir = testDataDir(t);
  const config = loadAfnemerConfig({
    DATA_DIR: dataDir,
    STELSEL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    STELSEL_SLEUTEL: plus.operator.sleutelPath,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}/v1`,
  });
  const afnemer = await createAfnemerDienst(config, { logger: pino({ level: 'silent' }) });
  t.teardown(() => afnemer.app.close());
  const keyFile = join(dataDir, 'publiek.jwk');
  writeFileSync(keyFile, JSON.stringify(afnemer.sleutel.publiek));
  await plus.stelsel(['add-afnemer', '--id', MELDER, '--name', 'Rijbewijs-melder (test)', '--endpoint', `${config.publicBaseUrl}/meldingen`, '--purposes', DOEL, '--keys-file', keyFile]);
  return { plus, afnemer, proxy, listen: () => afnemer.app.listen({ port, host: '127.0.0.1' }) };
}

/** Runs delivery rounds until nothing is due any more (the schedule in the set-up is 10 ms steps). */
async function bezorgTotRust(bezorger: ReturnType<PlusOpzet['bezorger']>): Promise<number> {
  let rondes = 0;
  for (let i = 0; i < 60; i++) {
    if ((await bezorger.ronde()) === 0) return rondes;
    rondes++;
    await sleep(25);
  }
  throw new Error('delivery did not come to rest');
}

async function logboek(plus: PlusOpzet): Promise<Verwerkingenlogboek> {
  const res = await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers: bearer(await plus.tokenVoor(BURGER)) });
  return json(res) as never;
}

t.test('the afnemer down longer than the retry schedule: the events stay pollable and its poll fetches them, once', async (t) => {
  const { plus, afnemer, listen } = await opzet(t);
  const bezorger = plus.bezorger();
  const { toestemming } = await plus.verleen(BURGER);
  t.equal((await plus.raadpleging()).gebeurtenissen, 1);

  // Nobody listens: every push attempt fails until the schedule is used up.
  t.ok((await bezorgTotRust(bezorger)) >= bezorger.maxPogingen, 'every attempt of the schedule was made');
  t.equal(await bezorger.ronde(), 0, 'push has given up');
  t.equal(afnemer.store.aantal(), 0);

  // The afnemer comes back and polls with its own client authentication (private_key_jwt + DPoP).
  await listen();
  const eerste = await afnemer.pollAlle();
  t.same(eerste, { [RDW]: { nieuw: 2, dubbel: 0, geweigerd: 0 } });
  const sets = await Promise.all(afnemer.store.alle().map((m) => afnemer.verificatie.verify(m.set)));
  t.same(sets.map((s) => [s.gebeurtenistype, s.volgnummer, s.toestemmingId]), [
    [GEBEURTENISTYPEN.toestemmingVerleend, 1, toestemming.toestemming_id],
    [GEBEURTENISTYPEN.rijbewijsGeraadpleegd, 2, toestemming.toestemming_id],
  ], 'nothing lost, in order');
  t.same(await afnemer.pollAlle(), { [RDW]: { nieuw: 0, dubbel: 0, geweigerd: 0 } }, 'acknowledged: not sent again');
  const afgeleverd = (await logboek(plus)).verwerkingen.filter((v) => v.operatie === 'gebeurtenis-afleveren-poll');
  t.equal(afgeleverd.length, 2, 'the bronhouder logged both as delivered by poll');

  // With the afnemer up, the next event is pushed again.
  await plus.raadpleging();
  await bezorgTotRust(bezorger);
  t.equal(afnemer.store.aantal(), 3);
});

t.test('a push times out after the afnemer stored the SET: the retry carries the same jti and is deduplicated', async (t) => {
  const { plus, afnemer, proxy, listen } = await opzet(t);
  await listen();
  // The afnemer's first check of the scheme is slow: it outlives the bronhouder's push timeout.
  proxy.vertragingMs = 600;
  const bezorger = plus.bezorger({ pushTimeoutMs: 150 });
  await plus.verleen(BURGER);
  t.equal(await bezorger.ronde(), 1);
  for (let i = 0; i < 40 && afnemer.store.aantal() === 0; i++) await sleep(50);
  t.equal(afnemer.store.aantal(), 1, 'the afnemer processed the first attempt');
  proxy.vertragingMs = 0;
  await sleep(30);
  await bezorgTotRust(bezorger);
  t.equal(afnemer.store.aantal(), 1, 'the retry was acknowledged, not stored again');
  const log = (await logboek(plus)).verwerkingen;
  t.same(log.filter((v) => v.operatie.startsWith('gebeurtenis-afleveren')).map((v) => [v.operatie, v.status]), [['gebeurtenis-afleveren-push', 'geslaagd']], 'delivered once, on the retry');
});

t.test('the afnemer revokes a consent: the citizen sees ingetrokken, the afnemer gets the signed revocation, and revoking again is a no-op success', async (t) => {
  const { plus, afnemer, listen } = await opzet(t);
  await listen();
  const bezorger = plus.bezorger();
  const { toestemming } = await plus.verleen(BURGER);
  await bezorgTotRust(bezorger);
  t.equal(afnemer.store.bronhouderVan(toestemming.toestemming_id), RDW, 'the afnemer knows the consent from its toestemming-verleend SET');

  const client = await afnemer.bronhouder(RDW);
  await client.trekIn(toestemming.toestemming_id);
  await client.trekIn(toestemming.toestemming_id);
  const lijst = await plus.rdw.request({ method: 'GET', url: '/v1/toestemmingen', headers: bearer(await plus.tokenVoor(BURGER)) });
  t.equal((json(lijst).toestemmingen as { status: string }[])[0]!.status, 'ingetrokken');
  await bezorgTotRust(bezorger);
  const laatste = await afnemer.verificatie.verify(afnemer.store.alle().at(-1)!.set);
  t.equal(laatste.gebeurtenistype, GEBEURTENISTYPEN.toestemmingIngetrokken);
  t.same(laatste.data, { door: 'afnemer' });
  await t.rejects(client.trekIn('00000000-0000-4000-8000-000000000000'), /404|Intrekken geweigerd/, 'an unknown consent is refused');
});
