/** Consent failures of issue 8 at the bronhouder: expiry and revocation with an event in flight, concurrent revocation, key rotation. Each a refusal and nothing lost. */
import t from 'tap';
import { ONTVANGSTBEWIJS_TYPE, verifyOntvangstbewijs } from '../../../../src/protocol/ontvangstbewijs.js';
import { GEBEURTENISTYPEN } from '../../../../src/protocol/security-event.js';
import { signDocument } from '../../../../src/protocol/sign-document.js';
import { aantalOntvangstbewijzen, findToestemming } from '../../../../src/data/plus.js';
import { json } from '../../../helpers/centraal.js';
import { BURGER, citizen, DOEL, MELDER, outbox, startPlus } from '../../../helpers/plus.js';

const DAG = 24 * 60 * 60 * 1000;

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
  await plus.rdw.ctx.keyring.revoke(oldKey.kid, 'buiten-gebruik', new Date(Date.now() + 1000));
  const afterRevocation = await signDocument(Buffer.from('{"status":"actief"}'), oldKey, plus.rdw.ctx.organisation.oin, new Date(Date.now() + 5000), ONTVANGSTBEWIJS_TYPE);
  await t.rejects(verifyOntvangstbewijs(afterRevocation.compactJws, await plus.publicKeys()), { code: 'ERR_DOCUMENT_REVOKED_KEY' }, 'signed with the revoked key after its revocation');
  await t.resolves(verifyOntvangstbewijs(ontvangstbewijs, await plus.publicKeys()), 'signed before the revocation: still valid');
  await plus.rdw.ctx.keyring.revoke(oldKey.kid, 'gecompromitteerd');
  await t.rejects(verifyOntvangstbewijs(ontvangstbewijs, await plus.publicKeys()), { code: 'ERR_DOCUMENT_REVOKED_KEY' }, 'once the key is known compromised, not even that');
});

t.test('2b. a consent revoked between the afnemer read\'s check and its hand-out: nothing is handed out, nothing counted or logged', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const { toestemming: gecontroleerd } = await plus.dienst.controleerVoorAfnemer(MELDER, toestemming.toestemming_id, 'rijbewijs');
  const verwerkingen = await plus.rdw.ctx.db.prisma.verwerking.count();
  await plus.dienst.wijzig(gecontroleerd, 'intrekken', 'Ingetrokken door de inwoner.', { soort: 'burger' });
  const naIntrekking = await plus.rdw.ctx.db.prisma.verwerking.count();
  t.equal(naIntrekking, verwerkingen + 1, 'the revocation itself is logged');
  await t.rejects(plus.dienst.registreerVerstrekking(gecontroleerd, 'rijbewijs', new Date()), /niet meer actief/);
  t.equal(await plus.rdw.ctx.db.prisma.verwerking.count(), naIntrekking, 'no verstrekking entry');
  const record = (await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!;
  t.equal(record.gebruikAantal, 0, 'no use counted');
});
