import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import t from 'tap';
import { runStelsel } from '../../../src/roles/stelselbeheerder/commando.js';
import { stelseldocumentErrors } from '../../../src/contract/shapes.js';
import { canonicalJson } from '../../../src/protocol/canonical-json.js';
import { stelselVersie, verifyStelseldocument, type Stelseldocument } from '../../../src/protocol/stelseldocument.js';
import { generateAppKey, json, startRoleService, startStelselbeheerder, type RoleService } from '../../helpers/centraal.js';

async function stelsel(service: RoleService, args: string[], now = service.ctx.now): Promise<string[]> {
  const lines: string[] = [];
  await runStelsel(args, { config: service.ctx.config, db: service.ctx.db, keyring: service.ctx.keyring, now, out: (l) => lines.push(l) });
  return lines;
}

async function fetchDocument(service: RoleService): Promise<{ jws: string; payload: Stelseldocument }> {
  const res = await service.request({ method: 'GET', url: '/v1/stelseldocument' });
  if (res.statusCode !== 200) throw new Error(`stelseldocument ${res.statusCode}`);
  const jws = res.body;
  const [, payload] = jws.split('.');
  return { jws, payload: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Stelseldocument };
}

t.test('the scheme document is a JWS signed with the operator key, valid at most 24 hours, versioned by content', async (t) => {
  const operator = await startStelselbeheerder(t);
  const res = await operator.request({ method: 'GET', url: '/v1/stelseldocument' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/jose/);
  t.equal(res.headers['api-version'], '1.0.0');
  t.equal(res.headers['cache-control'], 'no-store');
  const header = decodeProtectedHeader(res.body);
  t.same({ alg: header.alg, typ: header.typ, kid: header.kid }, { alg: 'ES256', typ: 'bk-stelseldocument+jws', kid: operator.ctx.keyring.active.kid });
  const pinned = JSON.parse(readFileSync(operator.sleutelPath, 'utf8')) as JWK;
  t.notOk('d' in pinned, 'the key file written for pinning holds only the public key');
  const { payload } = await compactVerify(res.body, await importJWK(pinned, 'ES256'));
  const document = JSON.parse(Buffer.from(payload).toString('utf8')) as Stelseldocument;
  t.same(document.uitgever, { oin: '00000099000000000099', naam: 'Stelselbeheerder (demo)' });
  t.equal(document.omgeving, 'ontwikkeling');
  t.ok(Date.parse(document.verloopt_op) - Date.parse(document.uitgegeven_op) <= 24 * 3600 * 1000, 'at most 24 hours');
  t.equal(document.versie, await stelselVersie(document), 'versie is the hash of the content');
  t.same(await verifyStelseldocument(res.body, { pinned: [pinned], at: new Date(), schemaErrors: stelseldocumentErrors }), document);

  const keys = await operator.request({ method: 'GET', url: '/v1/sleutels' });
  t.equal(json(keys).keys && (json(keys).keys as JWK[])[0]?.kid, operator.ctx.keyring.active.kid, '/sleutels publishes the operator key');
  const contract = await operator.request({ method: 'GET', url: '/v1/openapi.json' });
  t.equal(JSON.parse(contract.body).info.title, 'Blauwe Knop Centraal, stelselbeheerder', 'the role serves its own contract');
  t.equal(contract.headers['access-control-allow-origin'], '*');
  const missing = await operator.request({ method: 'GET', url: '/v1/financiele-verplichtingen' });
  t.equal(missing.statusCode, 404, 'the operator does not serve organisation operations');
  t.match(missing.headers['content-type'], /application\/problem\+json/);
});

t.test('the version is a content hash: re-signing without changes keeps it, a change gives a new one', async (t) => {
  t.equal(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: null }), '{"a":null,"b":[2,{"c":"x","d":1}]}');
  let clock = new Date('2026-11-28T10:00:00Z');
  const operator = await startStelselbeheerder(t, { now: () => clock });
  const first = await fetchDocument(operator);
  clock = new Date('2026-11-28T10:00:05Z');
  await stelsel(operator, ['publish']);
  const second = await fetchDocument(operator);
  t.not(second.jws, first.jws, 'a newly signed document');
  t.equal(second.payload.versie, first.payload.versie, 'same content, same version');
  t.ok(second.payload.uitgegeven_op > first.payload.uitgegeven_op);
  const manager = await generateAppKey();
  const file = join(operator.dataDir, 'app-beheerder.jwk');
  writeFileSync(file, JSON.stringify({ ...manager.publicJwk, kid: 'am-1', alg: 'ES256', use: 'sig' }));
  await stelsel(operator, ['add-app-manager', '--id', 'am', '--name', 'AM', '--url', 'http://127.0.0.1:1/v1', '--keys-file', file]);
  const third = await fetchDocument(operator);
  t.not(third.payload.versie, first.payload.versie, 'a change gives a new version');
});

t.test('a running operator re-signs before the document expires, and never serves an expired one', async (t) => {
  let clock = new Date('2026-11-28T10:00:00Z');
  const operator = await startStelselbeheerder(t, { now: () => clock, env: { STELSEL_GELDIGHEID_SECONDEN: '7200' } });
  const first = await fetchDocument(operator);
  t.equal(first.payload.verloopt_op, '2026-11-28T12:00:00Z', 'validity from STELSEL_GELDIGHEID_SECONDEN');
  clock = new Date('2026-11-28T10:30:00Z');
  t.equal((await fetchDocument(operator)).jws, first.jws, 'well before expiry the same document is served');
  clock = new Date('2026-11-28T11:10:00Z');
  const renewed = await fetchDocument(operator);
  t.equal(renewed.payload.uitgegeven_op, '2026-11-28T11:10:00Z', 'within the renewal margin it is re-signed');
  clock = new Date('2026-11-29T09:00:00Z');
  const later = await fetchDocument(operator);
  t.ok(Date.parse(later.payload.verloopt_op) > clock.getTime(), 'long after expiry: a valid document, never an expired one');
  await t.rejects(verifyStelseldocument(first.jws, { pinned: [operator.ctx.keyring.active.publicJwk], at: clock, schemaErrors: stelseldocumentErrors }), /verlopen/, 'an expired document is refused');
});

t.test('verification refuses another key, a tampered payload and a wrong version', async (t) => {
  const operator = await startStelselbeheerder(t);
  const { jws } = await fetchDocument(operator);
  const other = await generateAppKey();
  await t.rejects(verifyStelseldocument(jws, { pinned: [other.publicJwk], at: new Date(), schemaErrors: stelseldocumentErrors }), /vastgepinde sleutel/);
  const [h, p, s] = jws.split('.');
  const tampered = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Stelseldocument;
  tampered.app_beheerders.push({ id: 'evil', naam: 'Evil', url: 'http://evil/v1', sleutels: [] });
  await t.rejects(
    verifyStelseldocument(`${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${s}`, { pinned: [operator.ctx.keyring.active.publicJwk], at: new Date(), schemaErrors: stelseldocumentErrors }),
    /vastgepinde sleutel/,
  );
});

t.test('the stelsel command: organisations (keys from their /sleutels), app managers, rotating and revoking keys', async (t) => {
  const organisation = await startRoleService(t, 'organisatie', { listen: true });
  const appManager = await startRoleService(t, 'app-beheerder', { listen: true });
  const operator = await startStelselbeheerder(t);

  const added = await stelsel(operator, ['add-organisation', '--discovery-url', `${organisation.baseUrl}/organisatie`]);
  t.match(added[0], /Organisatie 00000099000000000001 \(Gemeente Tilburg \(demo\)\) met 1 sleutel/);
  t.match(added[1], /^Gepubliceerd: sha256:/);
  await stelsel(operator, ['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appManager.baseUrl]);
  let { payload } = await fetchDocument(operator);
  t.equal(payload.organisaties.length, 1);
  const org = payload.organisaties[0]!;
  t.same(
    { oin: org.oin, naam: org.naam, url: org.ontdekkings_url, diensten: org.diensten },
    { oin: '00000099000000000001', naam: 'Gemeente Tilburg (demo)', url: `${organisation.baseUrl}/organisatie`, diensten: ['financiele-verplichtingen'] },
  );
  t.equal(org.sleutels[0]?.kid, organisation.ctx.keyring.active.kid, 'the organisation key, imported from its /sleutels');
  t.ok(org.sleutels[0]?.geldig_vanaf);
  t.equal(payload.app_beheerders[0]?.sleutels[0]?.kid, appManager.ctx.keyring.active.kid, 'the app manager key, from its /sleutels');

  const newKey = await generateAppKey();
  const file = join(operator.dataDir, 'nieuw.jwk');
  writeFileSync(file, JSON.stringify({ keys: [{ ...newKey.publicJwk, kid: 'nieuw', alg: 'ES256', use: 'sig' }] }));
  const oldKid = organisation.ctx.keyring.active.kid;
  await stelsel(operator, ['rotate-key', '--owner', '00000099000000000001', '--kid', oldKid, '--keys-file', file]);
  ({ payload } = await fetchDocument(operator));
  const rotated = payload.organisaties[0]!.sleutels;
  t.ok(rotated.find((k) => k.kid === oldKid)?.geldig_tot, 'the old key gets geldig_tot');
  t.ok(rotated.find((k) => k.kid === 'nieuw'), 'the new key is added');
  await t.rejects(stelsel(operator, ['revoke-key', '--kid', oldKid]), /revoke-key heeft --reden nodig/, 'the reason decides what stays trusted: it is required');
  await t.rejects(stelsel(operator, ['revoke-key', '--kid', oldKid, '--reden', 'zomaar']), /--reden is buiten-gebruik of gecompromitteerd/);
  await stelsel(operator, ['revoke-key', '--kid', oldKid, '--reden', 'buiten-gebruik']);
  await stelsel(operator, ['add-key', '--owner', '00000099000000000001', '--keys-file', file]);
  await t.rejects(stelsel(operator, ['revoke-key', '--kid', '-begint-met-streepje', '--reden', 'buiten-gebruik']), /Geen sleutel -begint-met-streepje/, 'a kid may start with a dash');
  ({ payload } = await fetchDocument(operator));
  const revoked = payload.organisaties[0]!.sleutels.find((k) => k.kid === oldKid);
  t.ok(revoked?.ingetrokken_op, 'revoked');
  t.equal(revoked?.intrekkingsreden, 'buiten-gebruik', 'with its reason in the signed scheme document');
  await stelsel(operator, ['revoke-key', '--kid', oldKid, '--reden', 'gecompromitteerd']);
  await stelsel(operator, ['revoke-key', '--kid', oldKid, '--reden', 'buiten-gebruik']);
  ({ payload } = await fetchDocument(operator));
  const escalated = payload.organisaties[0]!.sleutels.find((k) => k.kid === oldKid);
  t.equal(escalated?.intrekkingsreden, 'gecompromitteerd', 'a compromise found later escalates, and is never taken back');
  t.equal(escalated?.ingetrokken_op, revoked?.ingetrokken_op, 'the first revocation moment is kept');

  await stelsel(operator, ['remove-organisation', '--oin', '00000099000000000001']);
  ({ payload } = await fetchDocument(operator));
  t.same(payload.organisaties, [], 'removed');
  await t.rejects(stelsel(operator, ['remove-app-manager', '--id', 'onbekend']), /Geen app-beheerder/);
  await t.rejects(stelsel(operator, ['bestaat-niet']), /Gebruik/);
  const shown = await stelsel(operator, ['public-key']);
  t.equal(JSON.parse(shown[0]!).kid, operator.ctx.keyring.active.kid);
});
