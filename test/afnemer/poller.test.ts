/**
 * The afnemer's poll (RFC 8936) as the fallback: verified like a push, stored once even when
 * the push also arrived, acknowledged only after storing, refusals reported in `setErrs`.
 * The bronhouder side here is a queue that follows RFC 8936 §2.4 (an acknowledged SET is not
 * sent again, an unacknowledged one is); the real bronhouder is in plus.test.ts.
 */
import pino from 'pino';
import t from 'tap';
import { loadAfnemerConfig } from '../../src/afnemer/config.js';
import { createAfnemerDienst } from '../../src/afnemer/dienst.js';
import { poll, type PollAanvraag, type PollAntwoord } from '../../src/afnemer/poller.js';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { testDataDir } from '../helpers/service.js';
import { rdwSet, startTestStelsel } from '../helpers/afnemer-stelsel.js';

t.test('poll fetches, verifies, stores once, acknowledges what it stored and reports what it refused', async (t) => {
  const dataDir = testDataDir(t);
  const stelsel = await startTestStelsel(t, dataDir);
  const config = loadAfnemerConfig({ DATA_DIR: dataDir, STELSEL_URL: stelsel.url, STELSEL_SLEUTEL: stelsel.sleutelPath });
  const dienst = await createAfnemerDienst(config, { logger: pino({ level: 'silent' }) });
  t.teardown(() => dienst.app.close());

  const sets = await Promise.all([1, 2, 3, 4, 5].map((volgnummer) => rdwSet(stelsel, { volgnummer })));
  const forged = await rdwSet(stelsel, { key: await generateSigningKey('ES256') });
  const jtiOf = (jws: string) => (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
  // The second one also arrived by push already.
  t.equal((await dienst.app.inject({ method: 'POST', url: '/v1/meldingen', headers: { 'content-type': 'application/secevent+jwt' }, payload: sets[1]! })).statusCode, 202);

  const queue = new Map([...sets, forged].map((s) => [jtiOf(s), s]));
  const requests: PollAanvraag[] = [];
  const transmitter = async (aanvraag: PollAanvraag): Promise<PollAntwoord> => {
    requests.push(structuredClone(aanvraag));
    for (const jti of [...aanvraag.ack, ...Object.keys(aanvraag.setErrs)]) queue.delete(jti);
    const batch = [...queue.entries()].slice(0, aanvraag.maxEvents);
    return { sets: Object.fromEntries(batch), moreAvailable: queue.size > batch.length };
  };

  const resultaat = await poll(transmitter, { store: dienst.store, verificatie: dienst.verificatie, now: () => new Date() }, 2);
  t.same(resultaat, { nieuw: 4, dubbel: 1, geweigerd: 1 });
  t.equal(queue.size, 0, 'every SET was either acknowledged or refused');
  t.same(dienst.store.alle().map((m) => m.set).sort(), [...sets].sort(), 'all five stored, each once; the forged one not');
  const refusal = requests.flatMap((r) => Object.entries(r.setErrs));
  t.same(refusal.map(([jti, e]) => [jti, e.err]), [[jtiOf(forged), 'invalid_key']]);
  t.same(requests[0]!.ack, [], 'the first request acknowledges nothing');
  t.equal(requests.at(-1)!.maxEvents, 0, 'the last request only acknowledges');

  // Nothing left: a poll now sends one request and stores nothing.
  requests.length = 0;
  t.same(await poll(transmitter, { store: dienst.store, verificatie: dienst.verificatie, now: () => new Date() }), { nieuw: 0, dubbel: 0, geweigerd: 0 });
  t.equal(requests.length, 1);
});

t.test('when the scheme cannot be fetched, polled SETs are neither acknowledged nor refused', async (t) => {
  const dataDir = testDataDir(t);
  const stelsel = await startTestStelsel(t, dataDir);
  stelsel.gedrag.down = true;
  const config = loadAfnemerConfig({ DATA_DIR: dataDir, STELSEL_URL: stelsel.url, STELSEL_SLEUTEL: stelsel.sleutelPath });
  const dienst = await createAfnemerDienst(config, { logger: pino({ level: 'silent' }) });
  t.teardown(() => dienst.app.close());
  const set = await rdwSet(stelsel);
  const requests: PollAanvraag[] = [];
  await t.rejects(poll(async (a) => (requests.push(a), { sets: { x: set } }), { store: dienst.store, verificatie: dienst.verificatie, now: () => new Date() }));
  t.equal(requests.length, 1, 'no acknowledgement and no setErrs were sent');
  t.equal(dienst.store.aantal(), 0);
});
