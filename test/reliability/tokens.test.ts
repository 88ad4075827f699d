import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, generateKeyPair, exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import t from 'tap';
import { developmentKeyPath, issueDevelopmentToken } from '../../src/auth/development-identity-provider.js';
import { DEVELOPMENT_ISSUER, loadConfig } from '../../src/config.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { startRoleService } from '../helpers/centraal.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { highSTwin as highS } from '../helpers/verification.js';

/** Token handling (issue 11, item 11). */
const CITIZEN = '999993653';
const URL_ = '/v1/financiele-verplichtingen';
const now = () => Math.floor(Date.now() / 1000);

async function sign(service: TestService, claims: Record<string, unknown>, exp: number, iat = now()): Promise<string> {
  await service.tokenFor(CITIZEN);
  const jwk = JSON.parse(readFileSync(developmentKeyPath(service.dataDir), 'utf8')) as JWK;
  return new SignJWT({ bsn: CITIZEN, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid! })
    .setIssuer(DEVELOPMENT_ISSUER)
    .setAudience(service.ctx.config.auth.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await importJWK(jwk, 'ES256'))
    .then(withCanonicalSignature);
}

t.test('a citizen token bound to a key (cnf.jkt) is refused as a plain bearer token', async (t) => {
  const service = await startTestService(t);
  const { publicKey } = await generateKeyPair('ES256');
  const jkt = await calculateJwkThumbprint(await exportJWK(publicKey));
  const bound = await sign(service, { cnf: { jkt } }, now() + 300);
  const res = await service.get(URL_, { authorization: `Bearer ${bound}` });
  t.equal(res.statusCode, 401);
  t.match(res.json(), { detail: /gebonden aan een sleutel/ });
});

t.test('a citizen token valid for longer than an hour is refused', async (t) => {
  const service = await startTestService(t);
  for (const [name, exp, iat] of [
    ['exp 1e20', 1e20, now()],
    ['two hours', now() + 7200, now()],
    ['issued long ago, valid for days', now() + 60, now() - 3 * 86400],
  ] as const) {
    const res = await service.get(URL_, { authorization: `Bearer ${await sign(service, {}, exp, iat)}` });
    t.equal(res.statusCode, 401, name);
    t.match(res.json(), { detail: /langer dan 3600 seconden/ }, `${name}: says why`);
  }
  const hour = await service.get(URL_, { authorization: `Bearer ${await sign(service, {}, now() + 3600)}` });
  t.equal(hour.statusCode, 200, 'one hour is allowed');
});

t.test('a high-s (non-canonical) ES256 signature is refused', async (t) => {
  const service = await startTestService(t);
  const token = await sign(service, {}, now() + 300);
  t.equal((await service.get(URL_, { authorization: `Bearer ${token}` })).statusCode, 200, 'the canonical token works');
  const res = await service.get(URL_, { authorization: `Bearer ${highS(token)}` });
  t.equal(res.statusCode, 401, 'its high-s twin does not');
  t.match(res.json(), { detail: /handtekening/ });
});

t.test('each role has its own audience: an app manager token is not valid at an organisation', async (t) => {
  t.not(loadConfig({ BK_ROLE: 'app-beheerder' }).auth.audience, loadConfig({ BK_ROLE: 'organisatie' }).auth.audience, 'different defaults');
  const manager = await startRoleService(t, 'app-beheerder');
  const organisation = await startTestService(t);
  const managerToken = await issueDevelopmentToken({ dataDir: organisation.dataDir, bsn: CITIZEN, audience: manager.ctx.config.auth.audience });
  const res = await organisation.get(URL_, { authorization: `Bearer ${managerToken}` });
  t.equal(res.statusCode, 401);
  t.match(res.json(), { detail: /andere ontvanger/ });
});
