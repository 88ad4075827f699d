/**
 * The SDK against the real server side (src/stelsel, src/app-beheer, src/sessies): a scheme
 * operator, an app manager and pilot organisations, each its own in-process service listening
 * on 127.0.0.1 with its own database and key, registered through the operator's own command.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import type { JWK } from 'jose';
import { runStelsel } from '../../src/roles/stelselbeheerder/commando.js';
import { ontwikkelLogin, registreerApp, trekRegistratieIn, vernieuwCredential } from '../../src/sdk/app-beheerder.js';
import { generateAppKey } from '../../src/sdk/app-key.js';
import { verifyBundle } from '../../src/sdk/bundle.js';
import { haalOverzicht } from '../../src/sdk/client.js';
import { createDpopProof } from '../../src/protocol/dpop.js';
import { decryptDocument, fetchDocument, openSessie } from '../../src/sdk/organisatie.js';
import { fetchStelseldocument, verifyStelseldocument } from '../../src/sdk/stelsel.js';
import { startRoleService, startStelselbeheerder } from '../helpers/centraal.js';

const SANNE = '999993653';
const ORGS = ['00000099000000000001', '00000099000000000005', '00000099000000000006'];

t.test('the overview across the real operator, app manager and organisations', async (t) => {
  const operator = await startStelselbeheerder(t);
  const stelselEnv = { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath };
  const appBeheerder = await startRoleService(t, 'app-beheerder', { listen: true, env: stelselEnv });
  const organisaties = await Promise.all(ORGS.map((oin) => startRoleService(t, 'organisatie', { listen: true, env: { ...stelselEnv, ORGANISATION_OIN: oin } })));
  const stelsel = (args: string[]) =>
    runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined });
  await stelsel(['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appBeheerder.baseUrl]);
  for (const org of organisaties) await stelsel(['add-organisation', '--discovery-url', `${org.baseUrl}/organisatie`]);

  const operatorKey = JSON.parse(readFileSync(operator.sleutelPath, 'utf8')) as JWK;
  const result = await haalOverzicht({ stelselUrl: operator.baseUrl, operatorKey, login: { ontwikkelBsn: SANNE }, timeoutMs: 10_000 });
  t.same(
    result.overzicht.organisaties.map((o) => [o.oin, o.status, o.reden]),
    ORGS.map((oin) => [oin, 'ok', undefined]),
  );
  t.same([...new Set(result.overzicht.financiele_zaken.map((z) => z.oin))].sort(), ['00000099000000000001', '00000099000000000005']);
  t.equal(result.documenten.length, 5, 'Tilburg and the CAK one FCID document each, RDW three');
  t.ok((await verifyBundle(result.bundel, operatorKey)).geldig, 'the bundle verifies offline');

  // A revoked key in the scheme: that organisation's documents are refused.
  const tilburgKid = organisaties[0]!.ctx.keyring.active.kid;
  await stelsel(['revoke-key', '--kid', tilburgKid, '--reden', 'buiten-gebruik']);
  const after = await haalOverzicht({ stelselUrl: operator.baseUrl, operatorKey, login: { ontwikkelBsn: SANNE }, timeoutMs: 10_000 });
  const tilburg = after.overzicht.organisaties.find((o) => o.oin === ORGS[0])!;
  t.equal(tilburg.status, 'mislukt');
  t.match(tilburg.reden, /ingetrokken/);
});

t.test('against the real organisations: a replayed proof, another citizen\'s session and a tampered ciphertext are refused', async (t) => {
  const operator = await startStelselbeheerder(t);
  const stelselEnv = { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath };
  const appBeheerder = await startRoleService(t, 'app-beheerder', { listen: true, env: stelselEnv });
  const tilburg = await startRoleService(t, 'organisatie', { listen: true, env: { ...stelselEnv, ORGANISATION_OIN: ORGS[0]! } });
  const deps = { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined };
  await runStelsel(['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appBeheerder.baseUrl], deps);
  await runStelsel(['add-organisation', '--discovery-url', `${tilburg.baseUrl}/organisatie`], deps);
  const operatorKey = JSON.parse(readFileSync(operator.sleutelPath, 'utf8')) as JWK;
  const { document } = await verifyStelseldocument(await fetchStelseldocument(operator.baseUrl), operatorKey, { at: new Date() });
  const org = document.organisaties[0]!;

  const app = async (bsn: string) => {
    const appKey = await generateAppKey();
    const registratie = await registreerApp(appBeheerder.baseUrl, await ontwikkelLogin(appBeheerder.baseUrl, bsn), appKey);
    return { appKey, bsn, appCredential: registratie.app_credential, signal: AbortSignal.timeout(10_000), now: () => new Date() };
  };
  const sanne = await app(SANNE);
  const jeroen = await app('999990019');

  // A replayed proof: the same jti twice.
  const url = `${tilburg.baseUrl}/sessies`;
  const proof = await createDpopProof(sanne.appKey, { method: 'POST', url, jti: 'eenmalig' });
  const post = () => fetch(url, { method: 'POST', headers: { dpop: proof, 'content-type': 'application/json' }, body: JSON.stringify({ app_credential: sanne.appCredential }) });
  t.equal((await post()).status, 201);
  t.equal((await post()).status, 401, 'the replayed proof is refused');

  // Another citizen's session: Jeroen's app presents Sanne's session token with its own key.
  const sessie = await openSessie(org, sanne);
  await t.rejects(fetchDocument(org, sessie, 'financiele-verplichtingen', jeroen), { name: 'OrganisationError', status: 401 });
  // And Sanne's credential with Jeroen's app key does not open a session.
  await t.rejects(openSessie(org, { ...jeroen, appCredential: sanne.appCredential }), { name: 'OrganisationError', status: 401 });
  // Jeroen's own session gives Jeroen's document, never Sanne's.
  const own = await fetchDocument(org, await openSessie(org, jeroen), 'financiele-verplichtingen', jeroen);
  t.equal(own.document.onderwerp.bsn, '999990019');

  // Renewal keeps the app working; after revocation the organisation refuses new sessions.
  const token = await ontwikkelLogin(appBeheerder.baseUrl, '999990019');
  const appKey = await generateAppKey();
  const registratie = await registreerApp(appBeheerder.baseUrl, token, appKey);
  const renewed = await vernieuwCredential(appBeheerder.baseUrl, token, registratie.registratie_id, appKey);
  const withRenewed = { ...jeroen, appKey, appCredential: renewed.app_credential };
  t.ok(await openSessie(org, withRenewed));
  await trekRegistratieIn(appBeheerder.baseUrl, token, registratie.registratie_id);
  await t.rejects(openSessie(org, withRenewed), { name: 'OrganisationError', status: 403 }, 'a revoked registration gets no session');
  await t.rejects(vernieuwCredential(appBeheerder.baseUrl, token, registratie.registratie_id, appKey), { name: 'AppBeheerderError' });

  // A tampered ciphertext: decryption fails, nothing is shown.
  const docUrl = `${tilburg.baseUrl}/financiele-verplichtingen`;
  const res = await fetch(docUrl, {
    headers: {
      authorization: `DPoP ${sessie.sessie_token}`,
      dpop: await createDpopProof(sanne.appKey, { method: 'GET', url: docUrl, accessToken: sessie.sessie_token }),
      accept: 'application/jose',
    },
  });
  t.equal(res.status, 200);
  const parts = (await res.text()).split('.');
  const ciphertext = Buffer.from(parts[3]!, 'base64url');
  ciphertext[5] = ciphertext[5]! ^ 0x01;
  parts[3] = ciphertext.toString('base64url');
  await t.rejects(decryptDocument(parts.join('.'), sanne.appKey), { name: 'OrganisationError', code: 'ERR_JWE_DECRYPTION' });
});
