import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { dpopProof, generateAppKey, json, startRoleService } from '../helpers/centraal.js';
import { bearer, startTestService, type TestService } from '../helpers/service.js';
import { contractViolations } from '../helpers/contract.js';
import { testRedis } from '../helpers/redis.js';

/**
 * Rate limits (issue 11, "Add"): per citizen, per client IP, shared across replicas through
 * Redis. A refusal is a 429 problem with Retry-After, API-Version and the security headers,
 * as the contract declares for every operation.
 */
const SANNE = '999993653';
const JEROEN = '999990019';
const DOCUMENT = '/v1/financiele-verplichtingen';

function assertRefusal(t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }, soort: string) {
  t.equal(res.statusCode, 429, `the ${soort} limit refuses with 429`);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  const retryAfter = Number(res.headers['retry-after']);
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After is the rest of the minute in seconds (${String(res.headers['retry-after'])})`);
  t.ok(res.headers['api-version'], 'API-Version');
  t.equal(res.headers['cache-control'], 'no-store');
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['x-frame-options'], 'DENY');
  const problem = JSON.parse(res.body) as { status: number; title: string; detail: string };
  t.equal(problem.status, 429);
  t.equal(problem.title, 'Te veel aanvragen');
  t.match(problem.detail, /^Te veel aanvragen; probeer het over \d+ seconden opnieuw\.$/);
}

t.test('per citizen: the (N+1)th request in a minute gets 429; another citizen is not affected', async (t) => {
  const service = await startTestService(t, { env: { RATE_LIMIT_BURGER_PER_MINUUT: '3' } });
  const sanne = bearer(await service.tokenFor(SANNE));
  for (let i = 1; i <= 3; i++) t.equal((await service.get(DOCUMENT, sanne)).statusCode, 200, `request ${i} of 3 is answered`);
  const refused = await service.get(DOCUMENT, sanne);
  assertRefusal(t, refused, 'citizen');
  // The limit is the citizen's, not the token's: a new token for the same citizen is refused too.
  t.equal((await service.get(DOCUMENT, bearer(await service.tokenFor(SANNE)))).statusCode, 429, 'a fresh token for the same citizen does not reset the budget');
  t.equal((await service.get(DOCUMENT, bearer(await service.tokenFor(JEROEN)))).statusCode, 200, 'another citizen is served');
  t.equal((await service.get('/v1/organisatie')).statusCode, 200, 'an open operation (no citizen) is not counted against the citizen');
  const live = await service.app.inject({ method: 'GET', url: '/health/live' });
  t.equal(live.statusCode, 200, 'health is not limited');
  const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
  t.equal(metrics.statusCode, 200, '/metrics is not limited by the citizen limits');
});

t.test('per client IP: every request counts, unauthenticated ones included; another IP is not affected', async (t) => {
  const service = await startTestService(t, { env: { RATE_LIMIT_IP_PER_MINUUT: '4' } });
  const from = (remoteAddress: string, url = '/v1/organisatie', headers: Record<string, string> = {}) =>
    service.request({ method: 'GET', url, remoteAddress, headers });
  t.equal((await from('203.0.113.7')).statusCode, 200);
  t.equal((await from('203.0.113.7', DOCUMENT)).statusCode, 401, 'an unauthenticated request is answered, and counted');
  t.equal((await from('203.0.113.7', '/v1/sleutels')).statusCode, 200);
  t.equal((await from('203.0.113.7', '/v1/bestaat-niet')).statusCode, 404, 'a request for no route is counted too');
  assertRefusal(t, await from('203.0.113.7'), 'IP');
  assertRefusal(t, await from('203.0.113.7', DOCUMENT, bearer(await service.tokenFor(SANNE))), 'IP (before any token is looked at)');
  t.equal((await from('198.51.100.23')).statusCode, 200, 'another IP is served');
  // An IPv6 client has a whole /64: one budget for it.
  for (let i = 0; i < 4; i++) await from(`2001:db8:1:2::${i + 1}`);
  t.equal((await from('2001:db8:1:2::99')).statusCode, 429, 'another address in the same IPv6 /64 shares its budget');
  t.equal((await from('2001:db8:1:3::1')).statusCode, 200, 'another /64 is served');
  t.equal((await service.app.inject({ method: 'GET', url: '/health/ready', remoteAddress: '203.0.113.7' })).statusCode, 200, 'readiness is never limited');
});

t.test('a limit of 0 turns that limit off', async (t) => {
  const service = await startTestService(t, { env: { RATE_LIMIT_BURGER_PER_MINUUT: '0', RATE_LIMIT_IP_PER_MINUUT: '0' } });
  const sanne = bearer(await service.tokenFor(SANNE));
  for (let i = 0; i < 5; i++) t.equal((await service.get(DOCUMENT, sanne)).statusCode, 200);
});

t.test('with REDIS_URL, two instances share one budget per citizen and per IP', async (t) => {
  const shared = await testRedis(t, 'bk-test');
  if (!shared) return;
  const { url, redis, prefix } = shared;
  const env = {
    REDIS_URL: url,
    REDIS_PREFIX: prefix,
    RATE_LIMIT_SLEUTEL: randomBytes(32).toString('base64url'),
    RATE_LIMIT_BURGER_PER_MINUUT: '4',
    RATE_LIMIT_IP_PER_MINUUT: '12',
  };
  const a = await startTestService(t, { env });
  const b: TestService = await startTestService(t, { env, replicaOf: a });
  const sanne = bearer(await a.tokenFor(SANNE));
  t.equal((await a.get(DOCUMENT, sanne)).statusCode, 200);
  t.equal((await b.get(DOCUMENT, sanne)).statusCode, 200);
  t.equal((await a.get(DOCUMENT, sanne)).statusCode, 200);
  t.equal((await b.get(DOCUMENT, sanne)).statusCode, 200);
  assertRefusal(t, await a.get(DOCUMENT, sanne), 'shared citizen');
  assertRefusal(t, await b.get(DOCUMENT, sanne), 'shared citizen');
  t.equal((await b.get(DOCUMENT, bearer(await b.tokenFor(JEROEN)))).statusCode, 200, 'another citizen is served');
  // 7 requests so far from 127.0.0.1; 5 more reach the shared IP budget of 12.
  for (let i = 0; i < 5; i++) await (i % 2 ? a : b).get('/v1/organisatie');
  assertRefusal(t, await a.get('/v1/organisatie'), 'shared IP');
  const keys = await redis.keys(`${prefix}*`);
  t.ok(keys.length >= 3, 'the counters are in Redis under the run\'s prefix');
  t.notOk(keys.some((key) => key.includes(SANNE) || key.includes(JEROEN)), 'no counter key holds a BSN');
});

t.test('with REDIS_URL but Redis down, requests are served (fail open) and nothing hangs', async (t) => {
  const service = await startTestService(t, { env: { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_BURGER_PER_MINUUT: '1' } });
  const sanne = bearer(await service.tokenFor(SANNE));
  const started = Date.now();
  t.equal((await service.get(DOCUMENT, sanne)).statusCode, 200);
  t.equal((await service.get(DOCUMENT, sanne)).statusCode, 200, 'no counter, no refusal');
  t.ok(Date.now() - started < 5_000, 'answered without waiting for Redis');
});

t.test('the contract declares 429 on every operation', async (t) => {
  const service = await startTestService(t, { env: { RATE_LIMIT_IP_PER_MINUUT: '1' } });
  await service.get('/v1/organisatie');
  const res = await service.app.inject({ method: 'POST', url: '/v1/sessies', payload: {} });
  t.same(contractViolations({ method: 'POST', url: '/v1/sessies', statusCode: res.statusCode, headers: res.headers, body: res.body }), []);
  t.equal(res.statusCode, 429);
});

t.test('per app key at the app manager: registering and renewing count against the key; another app is served', async (t) => {
  const service = await startRoleService(t, 'app-beheerder', { env: { RATE_LIMIT_APP_PER_MINUUT: '2' } });
  const token = await service.tokenFor(SANNE);
  const key = await generateAppKey();
  const registered = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url: `${service.baseUrl}/app-registraties` }) },
    payload: { publieke_sleutel: key.publicJwk },
  });
  t.equal(registered.statusCode, 201);
  const id = String(json(registered).registratie_id);
  const renew = async () => {
    const path = `/app-registraties/${id}/_vernieuwen`;
    return service.request({ method: 'POST', url: `/v1${path}`, headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url: `${service.baseUrl}${path}` }) } });
  };
  t.equal((await renew()).statusCode, 200, 'the second request of this app key');
  assertRefusal(t, await renew(), 'app');
  const other = await generateAppKey();
  const otherApp = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(other, { method: 'POST', url: `${service.baseUrl}/app-registraties` }) },
    payload: { publieke_sleutel: other.publicJwk },
  });
  t.equal(otherApp.statusCode, 201, 'another app key of the same citizen is served');
  const metrics = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, /bk_rate_limit_refusals_total\{soort="app"\} 1\n/);
  t.match(metrics, /bk_signatures_total\{soort="app-credential"\} 3\n/, 'three credentials signed; none for the refused request');
});
