import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactDecrypt, decodeProtectedHeader, type JWK } from 'jose';
import t, { type Test as TapTest } from 'tap';
import pino from 'pino';
import { issueAppCredential } from '../../../src/protocol/app-credential.js';
import { createOrganisatieService as createService } from '../../../src/roles/organisatie/index.js';
import { contractViolations } from '../../helpers/contract.js';
import { testDataDir } from '../../helpers/service.js';
import { verifyCompactDocument, type PublishedKey } from '../../../src/protocol/verify-document.js';
import { runStelsel } from '../../../src/roles/stelselbeheerder/commando.js';
import { dpopProof, generateAppKey, json, startRoleService, startStelselbeheerder, type AppKey, type RoleService } from '../../helpers/centraal.js';

const SANNE = '999993653';
const JEROEN = '999990019';

type Test = Pick<TapTest, 'teardown' | 'same' | 'equal'>;

async function stelsel(operator: RoleService, args: string[]): Promise<void> {
  await runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined });
}

/** Operator first (the organisation pins its key), then the app manager (registered in the scheme), then the organisation. */
async function startScheme(t: Test, organisationEnv: Record<string, string> = {}, organisationNow?: () => Date) {
  const operator = await startStelselbeheerder(t);
  const appManager = await startRoleService(t, 'app-beheerder', { listen: true });
  await stelsel(operator, ['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appManager.baseUrl]);
  const organisation = await startRoleService(t, 'organisatie', {
    listen: true,
    env: { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath, STELSEL_VERVERS_SECONDEN: '0', ...organisationEnv },
    ...(organisationNow ? { now: organisationNow } : {}),
  });
  await stelsel(operator, ['add-organisation', '--discovery-url', `${organisation.baseUrl}/organisatie`]);

  const registerApp = async (bsn = SANNE, manager: RoleService = appManager) => {
    const key = await generateAppKey();
    const res = await manager.request({
      method: 'POST',
      url: '/v1/app-registraties',
      headers: {
        authorization: `Bearer ${await manager.tokenFor(bsn)}`,
        dpop: await dpopProof(key, { method: 'POST', url: `${manager.baseUrl}/app-registraties` }),
      },
      payload: { publieke_sleutel: key.publicJwk },
    });
    t.equal(res.statusCode, 201, 'app registered');
    return { key, credential: String(json(res).app_credential), registratieId: String(json(res).registratie_id), bsn };
  };
  const createSession = (key: AppKey, credential: string, proof?: Promise<string> | string) =>
    (async () =>
      organisation.request({
        method: 'POST',
        url: '/v1/sessies',
        headers: { dpop: await (proof ?? dpopProof(key, { method: 'POST', url: `${organisation.baseUrl}/sessies` })) },
        payload: { app_credential: credential },
      }))();
  const getDocument = async (key: AppKey, token: string, path = '/financiele-verplichtingen', headers: Record<string, string> = {}) =>
    organisation.request({
      method: 'GET',
      url: `/v1${path}`,
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await dpopProof(key, { method: 'GET', url: `${organisation.baseUrl}${path}`, accessToken: token }),
        ...headers,
      },
    });
  return { operator, appManager, organisation, registerApp, createSession, getDocument };
}

t.test('the full session flow: register, create a session, get the document signed then encrypted to the app key', async (t) => {
  const { organisation, registerApp, createSession, getDocument } = await startScheme(t);
  const discovery = json(await organisation.request({ method: 'GET', url: '/v1/organisatie' }));
  t.equal(discovery.sessies_url, `${organisation.baseUrl}/sessies`, 'discovery names the sessions endpoint');
  const app = await registerApp();
  const session = await createSession(app.key, app.credential);
  t.equal(session.statusCode, 201);
  const { sessie_token, token_type, verloopt_op } = json(session) as { sessie_token: string; token_type: string; verloopt_op: string };
  t.equal(token_type, 'DPoP');
  t.ok(Date.parse(verloopt_op) - Date.now() <= 15 * 60 * 1000, 'at most 15 minutes');
  t.equal(decodeProtectedHeader(sessie_token).typ, 'bk-sessie+jwt');

  const res = await getDocument(app.key, sessie_token);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/jose/);
  t.notOk(res.headers['payload-signature'], 'no Payload-Signature: the signature travels inside the ciphertext');
  t.match(res.headers['content-digest'], /^sha-256=:/);
  const header = decodeProtectedHeader(res.body);
  t.same({ alg: header.alg, enc: header.enc, cty: header.cty }, { alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'bk-document+jws' });
  t.equal(res.body.split('.').length, 5, 'JWE compact serialization');
  const { plaintext } = await compactDecrypt(res.body, app.key.decryptionKey);
  const jws = Buffer.from(plaintext).toString('utf8');
  const keys = json(await organisation.request({ method: 'GET', url: '/v1/sleutels' })) as { keys: PublishedKey[] };
  const verified = await verifyCompactDocument(jws, keys);
  const document = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as { onderwerp: { bsn: string }; uitgever: { oin: string } };
  t.equal(document.onderwerp.bsn, SANNE, 'the document of the citizen in the credential');
  t.equal(verified.header.iss, '00000099000000000001', 'signed by the organisation');

  const json406 = await getDocument(app.key, sessie_token, '/financiele-verplichtingen', { accept: 'application/json' });
  t.equal(json406.statusCode, 406, 'in a session only the encrypted application/jose is available');
  const notHeld = await getDocument(app.key, sessie_token, '/voertuigen');
  t.equal(notHeld.statusCode, 404, 'a document the organisation does not hold is still a 404');

  const basis = await organisation.request({ method: 'GET', url: '/v1/financiele-verplichtingen', headers: { authorization: `Bearer ${await organisation.tokenFor(SANNE)}` } });
  t.equal(basis.statusCode, 200, 'Basis (citizen bearer token) keeps working beside sessions');
  t.ok(basis.headers['payload-signature']);
});

t.test('a tampered ciphertext fails decryption', async (t) => {
  const { registerApp, createSession, getDocument } = await startScheme(t);
  const app = await registerApp();
  const token = String(json(await createSession(app.key, app.credential)).sessie_token);
  const jwe = (await getDocument(app.key, token)).body;
  const parts = jwe.split('.');
  const ciphertext = Buffer.from(parts[3]!, 'base64url');
  ciphertext[0] = ciphertext[0]! ^ 0x01;
  parts[3] = ciphertext.toString('base64url');
  t.ok((await compactDecrypt(jwe, app.key.decryptionKey)).plaintext.length > 0, 'the untouched JWE decrypts');
  await t.rejects(compactDecrypt(parts.join('.'), app.key.decryptionKey), { code: 'ERR_JWE_DECRYPTION_FAILED' }, 'the tampered ciphertext does not decrypt');
  const other = await generateAppKey();
  await t.rejects(compactDecrypt(jwe, other.decryptionKey), 'another app key cannot decrypt it');
  const tag = Buffer.from(jwe.split('.')[4]!, 'base64url');
  tag[0] = tag[0]! ^ 0x01;
  const badTag = [...jwe.split('.').slice(0, 4), tag.toString('base64url')].join('.');
  await t.rejects(compactDecrypt(badTag, app.key.decryptionKey), { code: 'ERR_JWE_DECRYPTION_FAILED' }, 'a tampered authentication tag does not decrypt');
});

t.test('refusals when creating a session', async (t) => {
  const { operator, organisation, registerApp, createSession, appManager } = await startScheme(t);
  const app = await registerApp();
  const url = `${organisation.baseUrl}/sessies`;

  const proof = await dpopProof(app.key, { method: 'POST', url });
  t.equal((await createSession(app.key, app.credential, proof)).statusCode, 201, 'the first use of a proof');
  const replay = await createSession(app.key, app.credential, proof);
  t.equal(replay.statusCode, 401, 'a replayed proof');
  t.match(json(replay).detail, /al eerder gebruikt/);
  t.match(replay.headers['www-authenticate'], /^DPoP .*error="invalid_dpop_proof"/);

  const otherUrl = await createSession(app.key, app.credential, dpopProof(app.key, { method: 'POST', url: `${organisation.baseUrl}/financiele-verplichtingen` }));
  t.equal(otherUrl.statusCode, 401, 'a proof for another URL');
  t.match(json(otherUrl).detail, /htu/);
  const otherMethod = await createSession(app.key, app.credential, dpopProof(app.key, { method: 'GET', url }));
  t.equal(otherMethod.statusCode, 401, 'a proof for another method');
  const stale = await createSession(app.key, app.credential, dpopProof(app.key, { method: 'POST', url, iat: Math.floor(Date.now() / 1000) - 120 }));
  t.equal(stale.statusCode, 401, 'a stale iat');
  t.match(json(stale).detail, /te oud/);
  const wrongTyp = await createSession(app.key, app.credential, dpopProof(app.key, { method: 'POST', url, typ: 'JWT' }));
  t.equal(wrongTyp.statusCode, 401, 'a proof without typ dpop+jwt');
  const noProof = await organisation.request({ method: 'POST', url: '/v1/sessies', payload: { app_credential: app.credential } });
  t.equal(noProof.statusCode, 401, 'no proof');

  // From here on every proof is valid but the credential is not: a refusal stores nothing
  // (a stream of unauthenticated requests must not grow the database).
  const storedJtis = () => organisation.ctx.db.prisma.dpopJti.count();
  const jtisBefore = await storedJtis();
  const other = await generateAppKey();
  const otherKey = await createSession(other, app.credential);
  t.equal(otherKey.statusCode, 401, 'a credential used with another app key');
  t.match(json(otherKey).detail, /andere app-sleutel/);

  const expired = await issueAppCredential(
    appManager.ctx.keyring.active,
    { iss: 'demo-app-beheerder', sub: app.registratieId, bsn: SANNE, jkt: app.key.jkt },
    new Date(Date.now() - 20 * 60 * 1000),
    900,
  );
  const expiredRes = await createSession(app.key, expired.token);
  t.equal(expiredRes.statusCode, 401, 'an expired credential');
  t.match(json(expiredRes).detail, /verlopen/);

  const [h, p, sig] = app.credential.split('.');
  const tampered = `${h}.${p}.${sig![0] === 'A' ? 'B' : 'A'}${sig!.slice(1)}`;
  t.equal((await createSession(app.key, tampered)).statusCode, 401, 'a credential with a broken signature');

  const stranger = await startRoleService(t, 'app-beheerder', { env: { APP_BEHEERDER_ID: 'onbekende-beheerder' } });
  const strangerApp = await registerApp(SANNE, stranger);
  const unknown = await createSession(strangerApp.key, strangerApp.credential);
  t.equal(unknown.statusCode, 403, 'an app manager that is not in the scheme document');
  t.match(json(unknown).detail, /niet in het stelseldocument/);

  const revokedApp = await registerApp();
  const revoke = await appManager.request({
    method: 'DELETE',
    url: `/v1/app-registraties/${revokedApp.registratieId}`,
    headers: { authorization: `Bearer ${await appManager.tokenFor(SANNE)}` },
  });
  t.equal(revoke.statusCode, 204);
  const revoked = await createSession(revokedApp.key, revokedApp.credential);
  t.equal(revoked.statusCode, 403, 'a revoked registration');
  t.match(json(revoked).detail, /ingetrokken/);
  t.equal(await storedJtis(), jtisBefore, 'refused credentials left no DPoP jti in the database');

  // The app manager's key revoked in the scheme: its credentials are refused.
  const managerKid = appManager.ctx.keyring.active.kid;
  await stelsel(operator, ['revoke-key', '--kid', managerKid, '--reden', 'gecompromitteerd']);
  const fresh = await registerApp();
  const keyRevoked = await createSession(fresh.key, fresh.credential);
  t.equal(keyRevoked.statusCode, 401, 'a credential signed with a revoked app manager key (picked up when the cache is refreshed)');
});

t.test('refusals on document requests in a session', async (t) => {
  const { organisation, registerApp, createSession, getDocument } = await startScheme(t);
  const sanne = await registerApp(SANNE);
  const jeroen = await registerApp(JEROEN);
  const sanneToken = String(json(await createSession(sanne.key, sanne.credential)).sessie_token);
  const jeroenToken = String(json(await createSession(jeroen.key, jeroen.credential)).sessie_token);

  const stolen = await getDocument(jeroen.key, sanneToken);
  t.equal(stolen.statusCode, 401, "another citizen's app cannot use this session");
  t.match(json(stolen).detail, /andere app-sleutel/);
  const own = await getDocument(jeroen.key, jeroenToken);
  const { plaintext } = await compactDecrypt(own.body, jeroen.key.decryptionKey);
  const payload = JSON.parse(Buffer.from(Buffer.from(plaintext).toString().split('.')[1]!, 'base64url').toString()) as { onderwerp: { bsn: string } };
  t.equal(payload.onderwerp.bsn, JEROEN, 'each session gives its own citizen');

  const noAth = await organisation.request({
    method: 'GET',
    url: '/v1/financiele-verplichtingen',
    headers: { authorization: `DPoP ${sanneToken}`, dpop: await dpopProof(sanne.key, { method: 'GET', url: `${organisation.baseUrl}/financiele-verplichtingen` }) },
  });
  t.equal(noAth.statusCode, 401, 'a proof without ath');
  const noProof = await organisation.request({ method: 'GET', url: '/v1/financiele-verplichtingen', headers: { authorization: `DPoP ${sanneToken}` } });
  t.equal(noProof.statusCode, 401, 'a session token without a proof');
  const proof = await dpopProof(sanne.key, { method: 'GET', url: `${organisation.baseUrl}/financiele-verplichtingen`, accessToken: sanneToken });
  const headers = { authorization: `DPoP ${sanneToken}`, dpop: proof };
  t.equal((await organisation.request({ method: 'GET', url: '/v1/financiele-verplichtingen', headers })).statusCode, 200);
  t.equal((await organisation.request({ method: 'GET', url: '/v1/financiele-verplichtingen', headers })).statusCode, 401, 'a replayed proof');
  const forged = await organisation.request({
    method: 'GET',
    url: '/v1/financiele-verplichtingen',
    headers: { authorization: `DPoP ${sanne.credential}`, dpop: await dpopProof(sanne.key, { method: 'GET', url: `${organisation.baseUrl}/financiele-verplichtingen`, accessToken: sanne.credential }) },
  });
  t.equal(forged.statusCode, 401, 'an app credential is not a session token');
  const bearerSession = await organisation.request({ method: 'GET', url: '/v1/financiele-verplichtingen', headers: { authorization: `Bearer ${sanneToken}` } });
  t.equal(bearerSession.statusCode, 401, 'a session token is not a citizen bearer token');
});

t.test('a revoked app loses its open session at once (SESSIE_STATUS_SECONDEN=0)', async (t) => {
  const { appManager, registerApp, createSession, getDocument } = await startScheme(t, { SESSIE_STATUS_SECONDEN: '0' });
  const app = await registerApp();
  const token = String(json(await createSession(app.key, app.credential)).sessie_token);
  t.equal((await getDocument(app.key, token)).statusCode, 200, 'served while the registration is active');
  const revoke = await appManager.request({
    method: 'DELETE',
    url: `/v1/app-registraties/${app.registratieId}`,
    headers: { authorization: `Bearer ${await appManager.tokenFor(SANNE)}` },
  });
  t.equal(revoke.statusCode, 204);
  const after = await getDocument(app.key, token);
  t.equal(after.statusCode, 403, 'the very next request in the open session is refused');
  t.match(json(after).detail, /ingetrokken/);
});

t.test('the bound: an active status is trusted for SESSIE_STATUS_SECONDEN (default 5), not longer', async (t) => {
  let offsetMs = 0;
  const { appManager, registerApp, createSession, getDocument } = await startScheme(t, {}, () => new Date(Date.now() + offsetMs));
  const app = await registerApp();
  const token = String(json(await createSession(app.key, app.credential)).sessie_token);
  t.equal((await getDocument(app.key, token)).statusCode, 200, 'served, and the status is remembered');
  await appManager.request({ method: 'DELETE', url: `/v1/app-registraties/${app.registratieId}`, headers: { authorization: `Bearer ${await appManager.tokenFor(SANNE)}` } });
  offsetMs = 4_000;
  t.equal((await getDocument(app.key, token)).statusCode, 200, 'within the bound the remembered status holds');
  offsetMs = 5_000;
  t.equal((await getDocument(app.key, token)).statusCode, 403, 'at the bound the app manager is asked again, and the session ends');
});

t.test("revoking the app manager's key in the scheme ends its open sessions", async (t) => {
  const { operator, appManager, registerApp, createSession, getDocument } = await startScheme(t);
  const app = await registerApp();
  const token = String(json(await createSession(app.key, app.credential)).sessie_token);
  t.equal((await getDocument(app.key, token)).statusCode, 200);
  await stelsel(operator, ['revoke-key', '--kid', appManager.ctx.keyring.active.kid, '--reden', 'gecompromitteerd']);
  const after = await getDocument(app.key, token);
  t.equal(after.statusCode, 403, 'refused once the organisation has the new scheme document (here at once: STELSEL_VERVERS_SECONDEN=0)');
  t.match(json(after).detail, /sleutel van de app-beheerder/);
});

t.test('an expired session token is refused', async (t) => {
  let offsetMs = 0;
  const { organisation, registerApp, createSession } = await startScheme(t, { SESSIE_GELDIGHEID_SECONDEN: '60' }, () => new Date(Date.now() + offsetMs));
  const app = await registerApp();
  const token = String(json(await createSession(app.key, app.credential)).sessie_token);
  offsetMs = 5 * 60 * 1000;
  const later = await organisation.request({
    method: 'GET',
    url: '/v1/financiele-verplichtingen',
    headers: {
      authorization: `DPoP ${token}`,
      dpop: await dpopProof(app.key, { method: 'GET', url: `${organisation.baseUrl}/financiele-verplichtingen`, accessToken: token, iat: Math.floor(Date.now() / 1000) + 300 }),
    },
  });
  t.equal(later.statusCode, 401, 'after exp the session token is refused');
  t.match(json(later).detail, /verlopen/);
});

t.test('without a reachable, correctly signed scheme document there are no sessions (503)', async (t) => {
  const dir = testDataDir(t);
  const wrongKey = await generateAppKey();
  const keyFile = join(dir, 'verkeerd.jwk');
  writeFileSync(keyFile, JSON.stringify(wrongKey.publicJwk as JWK));
  const { registerApp, organisation: _org } = await startScheme(t);
  const app = await registerApp();
  const operator = await startStelselbeheerder(t);
  const wrongPin = await startRoleService(t, 'organisatie', { env: { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: keyFile } });
  const res = await wrongPin.request({
    method: 'POST',
    url: '/v1/sessies',
    headers: { dpop: await dpopProof(app.key, { method: 'POST', url: `${wrongPin.baseUrl}/sessies` }) },
    payload: { app_credential: app.credential },
  });
  t.equal(res.statusCode, 503, 'a scheme document not signed with the pinned key is not used');
  const unreachable = await startRoleService(t, 'organisatie', { env: { STELSEL_URL: 'http://127.0.0.1:1/v1', STELSEL_SLEUTEL: keyFile } });
  const res2 = await unreachable.request({
    method: 'POST',
    url: '/v1/sessies',
    headers: { dpop: await dpopProof(app.key, { method: 'POST', url: `${unreachable.baseUrl}/sessies` }) },
    payload: { app_credential: app.credential },
  });
  t.equal(res2.statusCode, 503, 'an unreachable operator');
  const basisOnly = await startRoleService(t, 'organisatie');
  const res3 = await basisOnly.request({
    method: 'POST',
    url: '/v1/sessies',
    headers: { dpop: await dpopProof(app.key, { method: 'POST', url: `${basisOnly.baseUrl}/sessies` }) },
    payload: { app_credential: app.credential },
  });
  t.equal(res3.statusCode, 503, 'an organisation without STELSEL_URL offers no sessions');
});

t.test('replicas share the replay protection: a proof used at one replica is refused at another', async (t) => {
  const { organisation, registerApp, createSession } = await startScheme(t);
  const replica = await createService(organisation.ctx.config, { logger: pino({ level: 'silent' }) });
  t.teardown(() => replica.app.close());
  const app = await registerApp();
  const proof = await dpopProof(app.key, { method: 'POST', url: `${organisation.baseUrl}/sessies` });
  t.equal((await createSession(app.key, app.credential, proof)).statusCode, 201, 'first replica');
  const res = await replica.app.inject({ method: 'POST', url: '/v1/sessies', headers: { dpop: proof }, payload: { app_credential: app.credential } });
  t.same(contractViolations({ method: 'POST', url: '/v1/sessies', statusCode: res.statusCode, headers: res.headers, body: res.body }), []);
  t.equal(res.statusCode, 401, 'the second replica refuses the replay');
  t.match(json(res).detail, /al eerder gebruikt/);
});
