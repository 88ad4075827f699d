import Fastify from 'fastify';
import t from 'tap';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import { bearer, startTestService } from '../helpers/service.js';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

t.test('API-Version and the security headers are on every response, errors included', async (t) => {
  const service = await startTestService(t, { env: { CORS_ORIGINS: 'https://app.blauweknop.example', RATE_LIMIT_IP_PER_MINUUT: '40' } });
  const token = await service.tokenFor('999993653');
  const first = await service.get('/v1/financiele-verplichtingen', bearer(token));
  const responses = {
    '200': first,
    '304': await service.get('/v1/financiele-verplichtingen', { ...bearer(token), 'if-none-match': String(first.headers.etag) }),
    // The API docs (outside the contract), and a file Swagger UI serves with caching of its own (src/http/api-docs.ts).
    '200 docs': await service.app.inject({ method: 'GET', url: '/v1/docs' }),
    '200 docs file': await service.app.inject({ method: 'GET', url: '/v1/docs/static/swagger-ui.css' }),
    '400': await service.get('/v1/financiele-verplichtingen?onbekend=1', bearer(token)),
    '401': await service.get('/v1/financiele-verplichtingen'),
    '404 unknown path': await service.get('/v1/bestaat-niet'),
    '404 trailing slash': await service.get('/v1/organisatie/'),
    '405': await service.request({ method: 'POST', url: '/v1/organisatie', payload: {} }),
    '406': await service.get('/v1/organisatie', { accept: 'application/xml' }),
  };
  // An answer from a hook before any route: the per-IP limit's 429, once its budget is spent.
  // Bounded: a limit that never refuses fails the status check below instead of hanging.
  let refused = await service.get('/v1/organisatie');
  for (let sent = 1; refused.statusCode !== 429 && sent < 40; sent++) refused = await service.get('/v1/organisatie');
  Object.assign(responses, { '429': refused });
  for (const [name, res] of Object.entries(responses)) {
    t.equal(res.headers['api-version'], service.ctx.contract.version, `${name}: API-Version`);
    t.match(res.headers, SECURITY_HEADERS, `${name}: security headers`);
    t.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, `${name}: CSP`);
    t.notOk(res.headers['strict-transport-security'], `${name}: no HSTS over plain HTTP (test/reliability/transport.test.ts has the HTTPS case)`);
    t.match(String(res.headers['traceparent']), /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/, `${name}: traceparent`);
    if (res.statusCode >= 400) {
      t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
      t.notMatch(res.body, /at .*\.(ts|js):\d+|node_modules|Error:/, `${name}: no internals`);
    }
  }
  t.equal(refused.statusCode, 429, 'the per-IP limit refused within its budget of 40');
  t.equal(responses['304'].statusCode, 304);
  t.equal(responses['200 docs file'].statusCode, 200);
  t.equal(responses['404 trailing slash'].statusCode, 404, 'a trailing slash is a 404, not a redirect');
  t.notOk(responses['404 trailing slash'].headers.location);
  t.equal(responses['405'].statusCode, 405);
  t.equal(responses['405'].headers.allow, 'GET');
  t.equal(responses['406'].statusCode, 406);
});

t.test('HEAD and other methods outside the contract are 405', async (t) => {
  const service = await startTestService(t);
  for (const method of ['PUT', 'DELETE', 'PATCH'] as const) {
    const res = await service.request({ method, url: '/v1/sleutels' });
    t.equal(res.statusCode, 405, method);
  }
  // A HEAD answer has no body to validate; its status and headers are what count.
  const head = await service.app.inject({ method: 'HEAD', url: '/v1/sleutels' });
  t.equal(head.statusCode, 405, 'HEAD');
  t.equal(head.headers['api-version'], service.ctx.contract.version);
  t.match(head.headers['content-type'], /^application\/problem\+json/);
});

t.test('an unexpected failure is a 500 problem without internals', async (t) => {
  const service = await startTestService(t);
  const token = await service.tokenFor('999993653');
  // A table disappears under the running service (a failed deployment, a DBA's mistake):
  // the FCID read model, which the document reads.
  await service.ctx.db.prisma.$executeRawUnsafe('ALTER TABLE financiele_zaken_leesmodel RENAME TO financiele_zaken_leesmodel_weg');
  const res = await service.get('/v1/financiele-verplichtingen', bearer(token));
  t.equal(res.statusCode, 500);
  t.equal(res.headers['api-version'], service.ctx.contract.version);
  t.notMatch(res.body, /prisma|sqlite|postgres|stack|\.ts:/i, 'nothing about the server leaks');
  t.match(res.json(), { status: 500, title: 'Interne fout', instance: /^urn:uuid:/ });
});

t.test('CORS: an allowlist for documents, every origin for open resources', async (t) => {
  const allowed = 'https://app.blauweknop.example';
  const service = await startTestService(t, { env: { CORS_ORIGINS: allowed } });
  const headers = bearer(await service.tokenFor('999993653'));
  const fromAllowed = await service.get('/v1/financiele-verplichtingen', { ...headers, origin: allowed });
  t.equal(fromAllowed.headers['access-control-allow-origin'], allowed);
  t.match(String(fromAllowed.headers['access-control-expose-headers']), /Payload-Signature/);
  t.match(String(fromAllowed.headers.vary), /(^|, )Origin(,|$)/, 'Vary names Origin (next to Accept and Authorization, see representaties.test.ts)');
  const fromOther = await service.get('/v1/financiele-verplichtingen', { ...headers, origin: 'https://kwaadwillend.example' });
  t.notOk(fromOther.headers['access-control-allow-origin'], 'an origin outside the allowlist gets no CORS headers');
  for (const path of ['/v1/openapi.json', '/v1/openapi.yaml', '/v1/organisatie', '/v1/sleutels']) {
    const open = await service.get(path, { origin: 'https://wie-dan-ook.example' });
    t.equal(open.headers['access-control-allow-origin'], '*', `${path} is open to every origin`);
  }
  // A preflight is CORS protocol, not an API operation, so it is checked here, not against the contract.
  const preflight = await service.app.inject({
    method: 'OPTIONS',
    url: '/v1/financiele-verplichtingen',
    headers: { origin: allowed, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  t.equal(preflight.statusCode, 204);
  t.match(String(preflight.headers['access-control-allow-headers']), /Authorization.*DPoP/);
  t.equal(preflight.headers['access-control-allow-methods'], 'GET', 'the methods the contract has for the path');
  const sessionPreflight = await service.app.inject({
    method: 'OPTIONS',
    url: '/v1/sessies',
    headers: { origin: allowed, 'access-control-request-method': 'POST' },
  });
  t.equal(sessionPreflight.headers['access-control-allow-methods'], 'POST');
  const refused = await service.request({
    method: 'OPTIONS',
    url: '/v1/financiele-verplichtingen',
    headers: { origin: 'https://kwaadwillend.example', 'access-control-request-method': 'GET' },
  });
  t.equal(refused.statusCode, 405, 'no preflight for an origin outside the allowlist');
});

t.test('the contract is public at /v1/openapi.json and /v1/openapi.yaml', async (t) => {
  const service = await startTestService(t);
  const json = await service.get('/v1/openapi.json');
  t.equal(json.statusCode, 200);
  t.same(json.json(), service.ctx.contract.document);
  const yaml = await service.get('/v1/openapi.yaml');
  t.equal(yaml.body, service.ctx.contract.yaml);
  t.match(yaml.headers['content-type'], /^application\/yaml/);
});

t.test('a valid traceparent is continued', async (t) => {
  const service = await startTestService(t);
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await service.get('/v1/organisatie', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
  t.match(String(res.headers.traceparent), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
});

t.test('the error mapping: 415 for an unsupported body type, 400 for malformed JSON', async (t) => {
  // No Basis operation takes a body yet; this proves the mapping on a route that does.
  const app = Fastify({ logger: false });
  registerErrorHandling(app, () => []);
  app.post('/x', async () => ({ ok: true }));
  const unsupported = await app.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
  t.equal(unsupported.statusCode, 415);
  t.match(unsupported.json(), { status: 415, title: 'Mediatype niet ondersteund' });
  const malformed = await app.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
  t.equal(malformed.statusCode, 400);
  t.match(malformed.headers['content-type'], /^application\/problem\+json/);
  await app.close();
});
