import t from 'tap';
import { verifyOntvangstbewijs } from '../../../../src/protocol/ontvangstbewijs.js';
import { GEBEURTENISTYPEN } from '../../../../src/protocol/security-event.js';
import { verifyVerwerkingenlogboek } from '../../../../src/protocol/verwerkingenlogboek.js';
import { json } from '../../../helpers/centraal.js';
import { bearer, RDW } from '../../../helpers/service.js';
import { BURGER, DOEL, MELDER, startPlus } from '../../../helpers/plus.js';

t.test('the pilot: grant, receipt, raadpleging pushed as a verified SET, afnemer reads, revoke, nothing more, the log verifies', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  const { toestemming, ontvangstbewijs } = await plus.verleen(BURGER);
  t.equal(toestemming.status, 'actief');
  t.match(toestemming, { afnemer: { id: MELDER, naam: 'Rijbewijsmelder (test)' }, doel: { id: DOEL, versie: 1 }, scopes: ['rijbewijs'] });
  const receipt = await verifyOntvangstbewijs(ontvangstbewijs, await plus.publicKeys());
  t.equal(receipt.bewijs.status, 'actief');
  t.equal(receipt.bewijs.inhoud_hash, toestemming.inhoud_hash as string);
  t.equal(receipt.header.typ, 'bk-toestemmingsbewijs+jws');

  // The grant itself is a lifecycle event, delivered first.
  t.equal(await bezorger.ronde(), 1);
  t.equal((await plus.raadpleging()).gebeurtenissen, 1);
  t.equal(await bezorger.ronde(), 1);
  t.equal(plus.ontvanger.ontvangen.length, 2);
  t.equal(plus.ontvanger.ontvangen[1]!.contentType, 'application/secevent+jwt');
  const verleend = await plus.verifieer(plus.ontvanger.ontvangen[0]!.set);
  const geraadpleegd = await plus.verifieer(plus.ontvanger.ontvangen[1]!.set);
  t.equal(verleend.gebeurtenistype, GEBEURTENISTYPEN.toestemmingVerleend);
  t.equal(geraadpleegd.gebeurtenistype, GEBEURTENISTYPEN.rijbewijsGeraadpleegd);
  t.same([verleend.volgnummer, geraadpleegd.volgnummer], [1, 2], 'one sequence per consent');
  t.same(geraadpleegd.data, { categorie: 'politie', resultaat: 'gevonden' });
  t.equal(geraadpleegd.payload.sub_id.id, toestemming.onderwerp, 'the pairwise subject');
  t.notMatch(plus.ontvanger.ontvangen[1]!.set, BURGER);
  t.notMatch(Buffer.from(plus.ontvanger.ontvangen[1]!.set.split('.')[1]!, 'base64url').toString(), BURGER, 'no BSN in the SET');

  // The afnemer reads the licence as a signed document that names the citizen only by pseudonym.
  const token = await plus.afnemerToken();
  const read = await plus.alsAfnemer(token, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`);
  t.equal(read.statusCode, 200);
  t.ok(read.headers['payload-signature'], 'a certified document');
  t.same(json(read).onderwerp, { pseudoniem: toestemming.onderwerp });
  t.notMatch(read.body, BURGER);

  // The citizen revokes: the afnemer is refused at once, gets the revocation event, and no more raadplegingen.
  const headers = bearer(await plus.tokenVoor(BURGER));
  const revoked = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers });
  t.equal(revoked.statusCode, 200);
  t.equal((json(revoked).toestemming as { status: string }).status, 'ingetrokken');
  const refused = await plus.alsAfnemer(token, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`);
  t.equal(refused.statusCode, 403);
  t.match(json(refused).detail, /ingetrokken/);
  t.equal((await plus.raadpleging()).gebeurtenissen, 0, 'a second raadpleging produces no event');
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, 3);
  const ingetrokken = await plus.verifieer(plus.ontvanger.ontvangen[2]!.set);
  t.equal(ingetrokken.gebeurtenistype, GEBEURTENISTYPEN.toestemmingIngetrokken);
  t.same(ingetrokken.data, { door: 'burger' });
  t.equal(ingetrokken.volgnummer, 3);

  // The access log lists every step, and its chain and signed head verify.
  const log = await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers });
  t.equal(log.statusCode, 200);
  const logboek = json(log) as never as Parameters<typeof verifyVerwerkingenlogboek>[0];
  t.same(
    logboek.verwerkingen.map((v) => v.operatie),
    [
      'toestemming-verlenen',
      'gebeurtenis-afleveren-push',
      'rijbewijs-raadplegen',
      'gebeurtenis-afleveren-push',
      'rijbewijs-verstrekken',
      'toestemming-intrekken',
      'rijbewijs-raadplegen',
      'gebeurtenis-afleveren-push',
    ],
  );
  const hoofd = await verifyVerwerkingenlogboek(logboek, await plus.publicKeys(), { bronhouder: RDW });
  t.equal(hoofd.aantal, 8);
  const listed = await plus.rdw.request({ method: 'GET', url: '/v1/toestemmingen', headers });
  t.equal(((json(listed).toestemmingen as { status: string; gebruik: { aantal: number } }[])[0])!.status, 'ingetrokken');
  t.equal(((json(listed).toestemmingen as { gebruik: { aantal: number } }[])[0])!.gebruik.aantal, 2, 'one delivery and one read');
});
