/** Afnemer access failures of issue 8: not in the scheme or suspended, purposes/scopes/durations, foreign ids, replays. Each a refusal and nothing lost. */
import t from 'tap';
import { GEBEURTENISTYPEN } from '../../../../src/protocol/security-event.js';
import { findToestemming } from '../../../../src/data/plus.js';
import { dpopProof, generateAppKey, json } from '../../../helpers/centraal.js';
import { ANDERE_BURGER, BURGER, citizen, DOEL, MELDER, outbox, startPlus } from '../../../helpers/plus.js';
import { highSTwin } from '../../../helpers/verification.js';

t.test('7. an afnemer not in the scheme, or suspended', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  const vreemd = { ...(await generateAppKey()), kid: 'vreemd' };
  const unknown = await plus.tokenAanvraag(await plus.assertion(vreemd, 'urn:nl:blauwe-knop:afnemer:onbekend'), vreemd);
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

t.test('7b. a suspension reaches the bronhouder within STELSEL_AFNEMERSTATUS_SECONDEN, not at the scheme refresh (300 s)', async (t) => {
  const wacht = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const opzet = async (afnemerstatus: string) => {
    const plus = await startPlus(t, { env: { STELSEL_VERVERS_SECONDEN: '300', STELSEL_AFNEMERSTATUS_SECONDEN: afnemerstatus } });
    const { toestemming } = await plus.verleen(BURGER);
    const token = await plus.afnemerToken();
    const pad = `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`;
    t.equal((await plus.alsAfnemer(token, 'GET', pad)).statusCode, 200, 'read while active');
    await plus.stelsel(['suspend-afnemer', '--id', MELDER]);
    await wacht(1_200);
    return { plus, toestemming, token, pad };
  };

  await t.test('bound 1 s: refused, no token, no events, consents opgeschort', async (t) => {
    const { plus, toestemming, token, pad } = await opzet('1');
    const read = await plus.alsAfnemer(token, 'GET', pad);
    t.equal(read.statusCode, 403, 'the existing token is refused a second after the suspension');
    t.match(json(read).detail, /opgeschort/);
    await t.rejects(plus.afnemerToken(), /token: 403/, 'no new token');
    t.equal((await plus.raadpleging()).gebeurtenissen, 0, 'no events for the suspended afnemer');
    await plus.dienst.onderhoud();
    t.equal((await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!.status, 'opgeschort');
  });

  await t.test('bound as long as the refresh interval: the cached scheme still lets the afnemer in (the gap this setting closes)', async (t) => {
    const { plus, token, pad } = await opzet('300');
    t.equal((await plus.alsAfnemer(token, 'GET', pad)).statusCode, 200);
  });
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
  const assertion = await plus.assertion();
  const first = await plus.tokenAanvraag(assertion);
  t.equal(first.statusCode, 200);
  const replayed = await plus.tokenAanvraag(assertion);
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

t.test('10b. a refused token request spends nothing: the assertion and proof jti are stored only when everything else held', async (t) => {
  const plus = await startPlus(t);
  const rows = () => plus.rdw.ctx.db.prisma.dpopJti.count();
  const tokenUrl = `${plus.rdw.baseUrl}/plus/token`;
  const form = (assertion: string) =>
    new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString();
  const before = await rows();

  // A valid assertion with a DPoP proof by a key that is not the afnemer's.
  const assertion = await plus.assertion();
  const thief = await generateAppKey();
  const wrongKey = await plus.tokenAanvraag(assertion, thief);
  t.equal(wrongKey.statusCode, 401);
  t.match(json(wrongKey).detail, /niet gemaakt met een sleutel van deze afnemer/);
  t.equal(await rows(), before, 'nothing stored for the refused request');

  // The high-s twin of a valid assertion.
  const twin = await plus.tokenAanvraag(highSTwin(assertion));
  t.equal(twin.statusCode, 401);
  t.match(json(twin).detail, /niet canoniek/);
  t.equal(await rows(), before, 'nothing stored for the high-s twin');

  // A replayed DPoP proof with a fresh assertion: the assertion is not spent either.
  const proof = await dpopProof(plus.afnemerKey, { method: 'POST', url: tokenUrl });
  const headers = { 'content-type': 'application/x-www-form-urlencoded', dpop: proof };
  const first = await plus.rdw.request({ method: 'POST', url: '/v1/plus/token', headers, payload: form(await plus.assertion()) });
  t.equal(first.statusCode, 200, first.body);
  t.equal(await rows(), before + 2, 'an accepted request stores its assertion and its proof');
  const fresh = await plus.assertion();
  const replayedProof = await plus.rdw.request({ method: 'POST', url: '/v1/plus/token', headers, payload: form(fresh) });
  t.equal(replayedProof.statusCode, 401);
  t.match(json(replayedProof).detail, /DPoP-bewijs is al eerder gebruikt/);
  t.equal(await rows(), before + 2, 'the fresh assertion of the refused request was not stored');

  // Both unspent assertions still work once, with a proof by the right key.
  t.equal((await plus.tokenAanvraag(assertion)).statusCode, 200, 'the assertion of the wrong-key request was not spent');
  t.equal((await plus.tokenAanvraag(fresh)).statusCode, 200, 'nor the one of the replayed-proof request');
  t.equal(await rows(), before + 6);
  t.equal((await plus.tokenAanvraag(fresh)).statusCode, 401, 'and then it is spent');
});
