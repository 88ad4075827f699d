import t from 'tap';
import { signingKeyStore } from '../../src/data/signing-keys.js';
import { SigningKeyring } from '../../src/keys/keyring.js';
import { decodeProtectedHeader } from 'jose';
import { bearer, startTestService, TILBURG } from '../helpers/service.js';

/**
 * A running instance never signs with a key that is no longer `actief` (issue 11, item 6):
 * `keys rotate` and `keys revoke` run in another process (or at another replica) on the
 * same database. The instance notices within a second: it takes up the new key when it can
 * read it, and refuses to sign (503) when it cannot; it never signs with the old one.
 */
const CITIZEN = '999993653';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('rotated and revoked by another process: the running instance follows within a second', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(CITIZEN));
  const first = await service.get('/v1/financiele-verplichtingen', headers);
  const oldKid = decodeProtectedHeader(`${String(first.headers['payload-signature']).split('..')[0]}..x`).kid;

  // The `keys` CLI: its own keyring on the same database and data folder.
  const cli = await SigningKeyring.open(signingKeyStore(service.ctx.db), TILBURG, { algorithm: 'ES256', dataDir: service.dataDir });
  const rotated = await cli.rotate();
  await cli.revoke(String(oldKid), 'buiten-gebruik');
  await pause(1100);

  const after = await service.get('/v1/financiele-verplichtingen', headers);
  t.equal(after.statusCode, 200, 'still serving');
  const kid = decodeProtectedHeader(`${String(after.headers['payload-signature']).split('..')[0]}..x`).kid;
  t.not(kid, oldKid, 'not signed with the revoked key');
  t.equal(kid, rotated.kid, 'signed with the key the rotation made active');
});

t.test('no active key at hand: refuse to sign (503), readiness fails', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(CITIZEN));
  t.equal((await service.get('/v1/financiele-verplichtingen', headers)).statusCode, 200);
  // Another replica (or an operator) marks this instance's key as no longer active, with no
  // replacement this instance can read.
  await signingKeyStore(service.ctx.db).setStatus(service.ctx.keyring.active.kid, 'ingetrokken', new Date());
  await service.ctx.keyring.forgetStatus();
  const res = await service.get('/v1/financiele-verplichtingen', headers);
  t.equal(res.statusCode, 503, 'refuses rather than signs with a revoked key');
  t.notOk(res.headers['payload-signature'], 'no signature');
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal((await service.app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 503, 'not ready');
});
