import { randomBytes } from 'node:crypto';
import t from 'tap';
import { startRoleService } from '../helpers/centraal.js';
import { bearer, startTestService } from '../helpers/service.js';

/**
 * Prometheus metrics at /metrics (issue 11, "Add"): requests by operation and status,
 * latency, signatures, refused tokens by reason, the database, rate-limit refusals; no BSN,
 * token or raw path in any label.
 */
const SANNE = '999993653';

/** The value of one series in the text exposition format (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

t.test('after some requests /metrics shows exactly what happened, and nothing personal', async (t) => {
  const service = await startTestService(t, { env: { RATE_LIMIT_BURGER_PER_MINUUT: '2' } });
  const token = await service.tokenFor(SANNE);
  const expired = await service.tokenFor(SANNE, { expiresInSeconds: -600 });
  for (let i = 0; i < 3; i++) t.equal((await service.get('/v1/organisatie')).statusCode, 200);
  t.equal((await service.get('/v1/financiele-verplichtingen', bearer(expired))).statusCode, 401);
  t.equal((await service.get('/v1/financiele-verplichtingen')).statusCode, 401);
  t.equal((await service.get('/v1/financiele-verplichtingen', bearer(token))).statusCode, 200);
  t.equal((await service.get('/v1/financiele-verplichtingen?peildatum=2026-01-01', bearer(token))).statusCode, 200);
  t.equal((await service.get('/v1/financiele-verplichtingen', bearer(token))).statusCode, 429);
  t.equal((await service.get(`/v1/onbekend-${SANNE}`)).statusCode, 404);

  const res = await service.app.inject({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  t.ok(res.headers['api-version'], 'the service headers, as on every answer');
  const text = res.body;
  t.equal(sample(text, 'bk_http_requests_total{operation="ophalenOrganisatie",method="GET",status="200"}'), 3, 'exactly 3 discovery requests with 200');
  t.equal(sample(text, 'bk_http_requests_total{operation="ophalenFinancieleVerplichtingen",method="GET",status="200"}'), 2);
  t.equal(sample(text, 'bk_http_requests_total{operation="ophalenFinancieleVerplichtingen",method="GET",status="401"}'), 2);
  t.equal(sample(text, 'bk_http_requests_total{operation="ophalenFinancieleVerplichtingen",method="GET",status="429"}'), 1);
  t.equal(sample(text, 'bk_http_requests_total{operation="geen-route",method="GET",status="404"}'), 1, 'a request for no route is counted without its path');
  t.equal(sample(text, 'bk_http_request_duration_seconds_count{operation="ophalenOrganisatie",method="GET"}'), 3, 'a latency histogram per operation');
  t.equal(sample(text, 'bk_tokens_refused_total{reden="verlopen"}'), 1, 'the expired token, by reason');
  t.equal(sample(text, 'bk_tokens_refused_total{reden="ontbreekt"}'), 1, 'the missing token, by reason');
  t.equal(sample(text, 'bk_rate_limit_refusals_total{soort="burger"}'), 1, 'the 429, by kind of limit');
  t.equal(sample(text, 'bk_signatures_total{soort="document"}'), 2, 'two documents signed (two peildata)');
  const provider = service.databaseUrl ? 'postgresql' : 'sqlite';
  t.equal(sample(text, `bk_database_info{provider="${provider}"}`), 1);
  if (provider === 'postgresql') {
    const total = sample(text, 'bk_database_pool_connections{pool="leesmodel",state="total"}');
    t.ok(total !== undefined && total >= 1, 'the read-model pool holds connections');
    t.equal(sample(text, 'bk_database_pool_connections{pool="leesmodel",state="waiting"}'), 0);
  } else {
    t.notMatch(text, /bk_database_pool_connections/, 'SQLite has no pool to export');
  }
  t.notOk(text.includes(SANNE), 'no BSN in the metrics');
  t.notOk(text.includes(token) || text.includes(expired), 'no token in the metrics');
  t.notOk(text.includes(token.split('.')[2]!), 'no part of a token either');
  t.notMatch(text, /\/v1\//, 'no raw path');
});

t.test('METRICS_TOKEN: /metrics only with that bearer token', async (t) => {
  const secret = randomBytes(24).toString('base64url');
  const service = await startTestService(t, { env: { METRICS_TOKEN: secret } });
  const none = await service.app.inject({ method: 'GET', url: '/metrics' });
  t.equal(none.statusCode, 401);
  t.match(none.headers['content-type'], /^application\/problem\+json/);
  t.ok(none.headers['www-authenticate']);
  t.equal((await service.app.inject({ method: 'GET', url: '/metrics', headers: bearer(`${secret}x`) })).statusCode, 401, 'a wrong token');
  const ok = await service.app.inject({ method: 'GET', url: '/metrics', headers: bearer(secret) });
  t.equal(ok.statusCode, 200);
  t.match(ok.body, /bk_http_requests_total/);
});

t.test('every role serves /metrics from a registry of its own', async (t) => {
  const operator = await startRoleService(t, 'stelselbeheerder');
  const manager = await startRoleService(t, 'app-beheerder');
  await operator.app.inject({ method: 'GET', url: '/v1/stelseldocument' });
  await operator.app.inject({ method: 'GET', url: '/v1/stelseldocument' });
  await manager.app.inject({ method: 'GET', url: '/v1/sleutels' });
  const operatorText = (await operator.app.inject({ method: 'GET', url: '/metrics' })).body;
  const managerText = (await manager.app.inject({ method: 'GET', url: '/metrics' })).body;
  t.equal(sample(operatorText, 'bk_http_requests_total{operation="ophalenStelseldocument",method="GET",status="200"}'), 2);
  t.equal(sample(operatorText, 'bk_signatures_total{soort="stelseldocument"}'), 1, 'signed once, then served from the publication');
  t.equal(sample(managerText, 'bk_http_requests_total{operation="ophalenSleutels",method="GET",status="200"}'), 1);
  t.notMatch(managerText, /ophalenStelseldocument/, 'one instance\'s counts are not in another\'s registry');
});
