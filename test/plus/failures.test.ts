/**
 * The failure cases of issue 8 on the bronhouder's side, each with a clear refusal and
 * nothing lost. (Replayed and forged pushes at the afnemer are the afnemer's tests; the SET
 * rules they rest on are in test/protocol/security-event.test.ts.)
 */
import t from 'tap';
import { createClientAssertion } from '../../src/protocol/client-assertion.js';
import { ONTVANGSTBEWIJS_TYPE, verifyOntvangstbewijs } from '../../src/protocol/ontvangstbewijs.js';
import { GEBEURTENISTYPEN } from '../../src/protocol/security-event.js';
import { signDocument } from '../../src/protocol/sign-document.js';
import { aantalOntvangstbewijzen, findToestemming, gebeurtenissenVanToestemming } from '../../src/data/plus.js';
import { dpopProof, generateAppKey, json } from '../helpers/centraal.js';
import { bearer } from '../helpers/service.js';
import { ANDERE_BURGER, BURGER, DOEL, MELDER, startPlus, type PlusOpzet } from './helpers.js';

const DAG = 24 * 60 * 60 * 1000;

async function outbox(plus: PlusOpzet, toestemmingId: string) {
  const t = (await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemmingId))!;
  return gebeurtenissenVanToestemming(plus.rdw.ctx.db, t.id);
}

async function citizen(plus: PlusOpzet, bsn = BURGER) {
  return bearer(await plus.tokenVoor(bsn));
}

t.test('1. consent expired between the event and its delivery: not delivered, the expiry is, the afnemer is refused', async (t) => {
  let clock = new Date();
  const plus = await startPlus(t, { now: () => clock });
  const bezorger = plus.bezorger();
  const { toestemming } = await plus.verleen(BURGER, { afnemer: MELDER, doel: DOEL, duur_dagen: 1 });
  await bezorger.ronde();
  await plus.raadpleging();
  clock = new Date(clock.getTime() + DAG + 60_000);
  const token = await plus.afnemerToken();
  // Before the sweep: the read is refused on the consent's end date alone.
  const read = await plus.alsAfnemer(token, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`);
  t.equal(read.statusCode, 403);
  t.match(json(read).detail, /De toestemming is verlopen/);
  t.equal(await bezorger.bezorg((await outbox(plus, toestemming.toestemming_id))[1]!), 'vervallen', 'the raadpleging is not pushed after the end');
  await plus.dienst.onderhoud();
  await bezorger.ronde();
  const types = (await Promise.all(plus.ontvanger.ontvangen.map((o) => plus.verifieer(o.set)))).map((v) => v.gebeurtenistype);
  t.same(types, [GEBEURTENISTYPEN.toestemmingVerleend, GEBEURTENISTYPEN.toestemmingVerlopen]);
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => [r.volgnummer, r.status]), [[1, 'afgeleverd'], [2, 'vervallen'], [3, 'afgeleverd']], 'nothing lost: every event is accounted for');
  const listed = await plus.rdw.request({ method: 'GET', url: '/v1/toestemmingen', headers: await citizen(plus) });
  t.equal((json(listed).toestemmingen as { status: string }[])[0]!.status, 'verlopen');
});

t.test('2. consent revoked while an event is in flight: the event is dropped, the revocation delivered, the poll has nothing else', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  const { toestemming } = await plus.verleen(BURGER);
  await bezorger.ronde();
  await plus.raadpleging();
  const headers = await citizen(plus);
  await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers });
  const token = await plus.afnemerToken();
  const poll = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { returnImmediately: true });
  const sets = Object.values((json(poll) as { sets: Record<string, string> }).sets);
  t.equal(sets.length, 1);
  t.equal((await plus.verifieer(sets[0]!)).gebeurtenistype, GEBEURTENISTYPEN.toestemmingIngetrokken);
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => r.status), ['afgeleverd', 'vervallen', 'wachtend']);
});

t.test('3. citizen and afnemer revoke at the same moment: one final state, one receipt', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const token = await plus.afnemerToken();
  const headers = await citizen(plus);
  const [byCitizen, byAfnemer] = await Promise.all([
    plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers }),
    plus.alsAfnemer(token, 'POST', `/plus/toestemmingen/${toestemming.toestemming_id}/intrekking`),
  ]);
  t.same([byCitizen.statusCode, byAfnemer.statusCode], [200, 200], 'both succeed (idempotent)');
  t.equal(json(byCitizen).ontvangstbewijs, json(byAfnemer).ontvangstbewijs, 'the same receipt');
  const record = (await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!;
  t.equal(record.status, 'ingetrokken');
  t.equal(await aantalOntvangstbewijzen(plus.rdw.ctx.db, record.id), 2, 'the grant and one revocation');
  const revocations = (await outbox(plus, toestemming.toestemming_id)).filter((r) => r.gebeurtenistype === GEBEURTENISTYPEN.toestemmingIngetrokken);
  t.equal(revocations.length, 1, 'one revocation event');
  const again = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers });
  t.equal(json(again).ontvangstbewijs, json(byCitizen).ontvangstbewijs, 'revoking twice is a no-op success');
});

t.test('6. key rotated: old receipts verify; a revoked key is refused for what it signs afterwards', async (t) => {
  const plus = await startPlus(t);
  const { toestemming, ontvangstbewijs } = await plus.verleen(BURGER);
  const oldKey = plus.rdw.ctx.keyring.active;
  await plus.rdw.ctx.keyring.rotate();
  const paused = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/pauzering`, headers: await citizen(plus) });
  const newReceipt = json(paused).ontvangstbewijs as string;
  const keys = await plus.publicKeys();
  t.equal((await verifyOntvangstbewijs(ontvangstbewijs, keys)).header.kid, oldKey.kid, 'the receipt from before the rotation verifies');
  t.equal((await verifyOntvangstbewijs(newReceipt, keys)).bewijs.status, 'gepauzeerd');
  await plus.rdw.ctx.keyring.revoke(oldKey.kid, new Date(Date.now() + 1000));
  const afterRevocation = await signDocument(Buffer.from('{"status":"actief"}'), oldKey, plus.rdw.ctx.organisation.oin, new Date(Date.now() + 5000), ONTVANGSTBEWIJS_TYPE);
  await t.rejects(verifyOntvangstbewijs(afterRevocation.compactJws, await plus.publicKeys()), /revoked/, 'signed with the revoked key after its revocation');
  await t.resolves(verifyOntvangstbewijs(ontvangstbewijs, await plus.publicKeys()), 'signed before the revocation: still valid');
});

t.test('7. an afnemer not in the scheme, or suspended', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  const vreemd = await generateAppKey();
  const tokenUrl = `${plus.rdw.baseUrl}/plus/token`;
  const unknown = await plus.rdw.request({
    method: 'POST',
    url: '/v1/plus/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(vreemd, { method: 'POST', url: tokenUrl }) },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await createClientAssertion({ kid: vreemd.jkt, algorithm: 'ES256', privateKey: vreemd.privateKey }, { clientId: 'urn:nl:blauwe-knop:afnemer:onbekend', audience: tokenUrl, now: new Date() }),
    }).toString(),
  });
  t.equal(unknown.statusCode, 401);
  t.match(unknown.headers['www-authenticate'], /invalid_client/);
  const grantUnknown = await plus.rdw.request({ method: 'POST', url: '/v1/toestemmingen', headers: await citizen(plus), payload: { afnemer: 'urn:nl:blauwe-knop:afnemer:onbekend', doel: DOEL } });
  t.equal(grantUnknown.statusCode, 400);

  const { toestemming } = await plus.verleen(BURGER);
  await bezorger.ronde();
  const token = await plus.afnemerToken();
  await plus.stelsel(['suspend-afnemer', '--id', MELDER]);
  const read = await plus.alsAfnemer(token, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`);
  t.equal(read.statusCode, 403, 'an existing token is refused at once');
  t.match(json(read).detail, /opgeschort/);
  await t.rejects(plus.afnemerToken(), /token: 403/, 'no new token');
  t.equal((await plus.raadpleging()).gebeurtenissen, 0, 'no events for a suspended afnemer');
  await plus.dienst.onderhoud();
  const record = (await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!;
  t.equal(record.status, 'opgeschort', 'suspension moves the consent to opgeschort');
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.equal(rows.at(-1)!.gebeurtenistype, GEBEURTENISTYPEN.toestemmingOpgeschort);
  const grant = await plus.rdw.request({ method: 'POST', url: '/v1/toestemmingen', headers: await citizen(plus), payload: { afnemer: MELDER, doel: DOEL } });
  t.equal(grant.statusCode, 400);
  t.match(json(grant).errors, [{ location: 'afnemer', code: 'opgeschort' }]);
  await plus.stelsel(['resume-afnemer', '--id', MELDER]);
  await plus.dienst.onderhoud();
  t.equal((await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!.status, 'actief', 'active again with the afnemer');
});

t.test('8. a purpose the afnemer may not use, a scope outside the purpose, a duration over its maximum: all refused at once', async (t) => {
  const plus = await startPlus(t);
  const rdwOin = plus.rdw.ctx.organisation.oin;
  await plus.stelsel(['add-doel', '--id', 'voertuigen-inzien', '--description', 'Uw voertuigen', '--bronhouder', rdwOin, '--scopes', 'voertuigen', '--max-days', '30', '--retention-days', '0']);
  await plus.stelsel(['add-doel', '--id', 'alleen-meldingen', '--description', 'Alleen meldingen', '--bronhouder', rdwOin, '--event-types', 'rijbewijs-geraadpleegd', '--max-days', '30', '--retention-days', '0']);
  await plus.stelsel(['add-afnemer', '--id', MELDER, '--name', 'Rijbewijsmelder (test)', '--endpoint', plus.ontvanger.url, '--purposes', `${DOEL},alleen-meldingen`]);
  const headers = await citizen(plus);
  const notPermitted = await plus.rdw.request({ method: 'POST', url: '/v1/toestemmingen', headers, payload: { afnemer: MELDER, doel: 'voertuigen-inzien', scopes: ['rijbewijs'], duur_dagen: 31 } });
  t.equal(notPermitted.statusCode, 400);
  t.same(
    (json(notPermitted).errors as { location: string; code: string }[]).map((e) => `${e.location}:${e.code}`),
    ['doel:niet-toegestaan', 'scopes:buiten-doel', 'duur_dagen:te-lang'],
  );
  const tooLong = await plus.rdw.request({ method: 'POST', url: '/v1/toestemmingen', headers, payload: { afnemer: MELDER, doel: 'alleen-meldingen', duur_dagen: 31 } });
  t.match(json(tooLong).errors, [{ location: 'duur_dagen', code: 'te-lang' }]);
  // A consent without the rijbewijs scope does not let the afnemer read the licence.
  const { toestemming } = await plus.verleen(BURGER, { afnemer: MELDER, doel: 'alleen-meldingen' });
  const read = await plus.alsAfnemer(await plus.afnemerToken(), 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`);
  t.equal(read.statusCode, 403);
  t.match(json(read).detail, /dekt rijbewijs niet/);
});

t.test('9. someone else\'s consent id is refused exactly like an unknown one', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const other = await citizen(plus, ANDERE_BURGER);
  const foreign = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers: other });
  const unknown = await plus.rdw.request({ method: 'POST', url: '/v1/toestemmingen/6f1d4c2a-9b3e-4d5f-8a7b-1c2d3e4f5a6b/intrekking', headers: other });
  t.same([foreign.statusCode, unknown.statusCode], [404, 404]);
  t.equal(json(foreign).detail, json(unknown).detail, 'the same answer: nothing tells which');
  t.equal((await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!.status, 'actief', 'untouched');
  const token = await plus.afnemerToken();
  const unknownForAfnemer = await plus.alsAfnemer(token, 'GET', '/plus/toestemmingen/6f1d4c2a-9b3e-4d5f-8a7b-1c2d3e4f5a6b/rijbewijs');
  t.equal(unknownForAfnemer.statusCode, 404);
});

t.test('10. a replayed client assertion or DPoP proof is refused', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const key = plus.afnemerKey;
  const tokenUrl = `${plus.rdw.baseUrl}/plus/token`;
  const assertion = await createClientAssertion({ kid: key.kid, algorithm: 'ES256', privateKey: key.privateKey }, { clientId: MELDER, audience: tokenUrl, now: new Date() });
  const form = (a: string) => new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a }).toString();
  const first = await plus.rdw.request({
    method: 'POST',
    url: '/v1/plus/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(key, { method: 'POST', url: tokenUrl }) },
    payload: form(assertion),
  });
  t.equal(first.statusCode, 200);
  const replayed = await plus.rdw.request({
    method: 'POST',
    url: '/v1/plus/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(key, { method: 'POST', url: tokenUrl }) },
    payload: form(assertion),
  });
  t.equal(replayed.statusCode, 401);
  t.match(json(replayed).detail, /al eerder gebruikt/);
  const token = (json(first) as { access_token: string }).access_token;
  const path = `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`;
  const proof = await dpopProof(key, { method: 'GET', url: `${plus.rdw.baseUrl}${path}`, accessToken: token });
  const once = await plus.rdw.request({ method: 'GET', url: `/v1${path}`, headers: { authorization: `DPoP ${token}`, dpop: proof } });
  const twice = await plus.rdw.request({ method: 'GET', url: `/v1${path}`, headers: { authorization: `DPoP ${token}`, dpop: proof } });
  t.same([once.statusCode, twice.statusCode], [200, 401]);
  // A DPoP proof by a key that is not the afnemer's cannot use its token.
  const thief = await generateAppKey();
  const stolen = await plus.alsAfnemer(token, 'GET', path, undefined, thief);
  t.equal(stolen.statusCode, 401);
  const badForm = await plus.rdw.request({ method: 'POST', url: '/v1/plus/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password' });
  t.equal(badForm.statusCode, 400);
  t.equal((json(badForm).errors as unknown[]).length, 3, 'every problem with the form at once');
});

t.test('11. the afnemer down longer than the retry schedule: the events stay pollable and nothing is lost', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.standaard = { status: 503 };
  const { toestemming } = await plus.verleen(BURGER);
  await plus.raadpleging();
  for (let round = 0; round < 10; round++) {
    await bezorger.ronde();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.equal(plus.ontvanger.ontvangen.length, bezorger.maxPogingen, 'the first event was tried on the whole schedule, then push gave up');
  t.equal(new Set(plus.ontvanger.ontvangen.map((o) => o.set)).size, 1, 'the same SET every time; the second waits behind it');
  const token = await plus.afnemerToken();
  const poll = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { returnImmediately: true, maxEvents: 1 });
  const first = (json(poll) as { sets: Record<string, string>; moreAvailable: boolean });
  t.equal(Object.keys(first.sets).length, 1);
  t.equal(first.moreAvailable, true);
  const ack = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { ack: Object.keys(first.sets), returnImmediately: true });
  const second = (json(ack) as { sets: Record<string, string> }).sets;
  t.equal((await plus.verifieer(Object.values(second)[0]!)).gebeurtenistype, GEBEURTENISTYPEN.rijbewijsGeraadpleegd);
  await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { ack: Object.keys(second), maxEvents: 0 });
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => r.status), ['afgeleverd', 'afgeleverd'], 'both delivered by poll');
  const log = json(await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers: await citizen(plus) })) as { verwerkingen: { operatie: string }[] };
  t.equal(log.verwerkingen.filter((v) => v.operatie === 'gebeurtenis-afleveren-poll').length, 2);
});

t.test('12. a timeout after the afnemer processed the event: the same jti comes again; 410 pauses push; 400 is permanent', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.antwoorden.push('hang');
  const { toestemming } = await plus.verleen(BURGER);
  t.equal(await bezorger.ronde(), 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, 2);
  t.equal(plus.ontvanger.ontvangen[0]!.set, plus.ontvanger.ontvangen[1]!.set, 'the same signed SET, so the same jti');
  t.equal((await outbox(plus, toestemming.toestemming_id))[0]!.status, 'afgeleverd');

  plus.ontvanger.antwoorden.push({ status: 400, body: JSON.stringify({ err: 'invalid_key', description: 'onbekende sleutel' }) });
  await plus.raadpleging();
  await bezorger.ronde();
  const refused = (await outbox(plus, toestemming.toestemming_id))[1]!;
  t.equal(refused.status, 'geweigerd', 'a 400 is not retried');
  t.equal(refused.pogingen, 0);

  plus.ontvanger.antwoorden.push({ status: 410 });
  await plus.raadpleging();
  await bezorger.ronde();
  const before = plus.ontvanger.ontvangen.length;
  await plus.raadpleging();
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, before, 'after a 410 nothing is pushed');
  const poll = await plus.alsAfnemer(await plus.afnemerToken(), 'POST', '/plus/gebeurtenissen', { returnImmediately: true });
  t.equal(Object.keys((json(poll) as { sets: object }).sets).length, 2, 'but both events are pollable');
});

t.test('13. a redirecting endpoint is not followed; a non-https endpoint is not pushed to in production', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.antwoorden.push({ status: 307, headers: { location: `${plus.ontvanger.url}/elders` } });
  const { toestemming } = await plus.verleen(BURGER);
  t.equal(await bezorger.bezorg((await outbox(plus, toestemming.toestemming_id))[0]!), 'opnieuw');
  t.equal(plus.ontvanger.ontvangen.length, 1, 'the redirect target was not requested');
  const row = (await outbox(plus, toestemming.toestemming_id))[0]!;
  t.match(row, { status: 'wachtend', pogingen: 1 });
  t.match((await plus.rdw.ctx.db.prisma.plusGebeurtenis.findUniqueOrThrow({ where: { id: row.id } })).laatsteFout, /Doorverwijzing \(307\)/);

  plus.rdw.ctx.config.environment = 'production';
  t.teardown(() => void (plus.rdw.ctx.config.environment = 'development'));
  t.equal(await bezorger.bezorg(row), 'opnieuw');
  t.equal(plus.ontvanger.ontvangen.length, 1, 'http is not used in production');
  t.match((await plus.rdw.ctx.db.prisma.plusGebeurtenis.findUniqueOrThrow({ where: { id: row.id } })).laatsteFout, /geen https/);
});

t.test('14. a confidential lookup is never notified, not shown, and leaves no gap in the sequence', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const headers = await citizen(plus);
  const before = json(await plus.rdw.request({ method: 'GET', url: '/v1/rijbewijs', headers })) as { gegevens: { raadplegingen: unknown[] } };
  t.equal((await plus.raadpleging({ vertrouwelijk: true })).gebeurtenissen, 0);
  await plus.raadpleging();
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => r.volgnummer), [1, 2], 'no number used by the confidential one');
  const after = json(await plus.rdw.request({ method: 'GET', url: '/v1/rijbewijs', headers })) as { gegevens: { raadplegingen: unknown[] } };
  t.equal(after.gegevens.raadplegingen.length, before.gegevens.raadplegingen.length + 1, 'only the ordinary one is in the citizen\'s document');
  const log = json(await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers })) as { verwerkingen: { operatie: string }[] };
  t.equal(log.verwerkingen.filter((v) => v.operatie === 'rijbewijs-raadplegen').length, 1);
  t.equal(await plus.rdw.ctx.db.prisma.raadpleging.count({ where: { vertrouwelijk: true } }), 1, 'but the register has it');
});

t.test('15. the log write fails: no event, no answer, nothing changed', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const db = plus.rdw.ctx.db.prisma;
  const registerBefore = await db.raadpleging.count();
  await db.$executeRawUnsafe('ALTER TABLE verwerking RENAME TO verwerking_weg');
  t.teardown(() => db.$executeRawUnsafe('ALTER TABLE verwerking_weg RENAME TO verwerking').catch(() => undefined));
  await t.rejects(plus.raadpleging(), /verwerkingenlogboek kan niet worden bijgewerkt/);
  t.equal(await db.raadpleging.count(), registerBefore, 'the raadpleging itself was rolled back');
  t.equal((await outbox(plus, toestemming.toestemming_id)).length, 1, 'no event');
  const revoke = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers: await citizen(plus) });
  t.equal(revoke.statusCode, 503);
  t.match(json(revoke).detail, /verwerkingenlogboek/);
  await db.$executeRawUnsafe('ALTER TABLE verwerking_weg RENAME TO verwerking');
  t.equal((await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!.status, 'actief', 'the revocation did not happen');
});

t.test('16. no BSN in any SET the bronhouder produced', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  await plus.raadpleging();
  await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers: await citizen(plus) });
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.equal(rows.length, 3);
  for (const row of rows) {
    const payload = Buffer.from(row.setJws.split('.')[1]!, 'base64url').toString('utf8');
    t.notMatch(payload, BURGER, `${row.gebeurtenistype} has no BSN`);
    t.notMatch(payload, /\b\d{9}\b/, 'nor anything shaped like one');
  }
});
