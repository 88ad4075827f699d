import t, { type Test } from 'tap';
import { startRoleService } from '../helpers/centraal.js';
import { sendRaw, type RawResponse } from '../helpers/raw-http.js';

/**
 * Errors that Node's HTTP parser or Fastify's router raise before any route or hook runs
 * (issue 11, item 2): they too must be problem+json with API-Version and the security
 * headers, and must not echo the request back.
 */
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function assertProblem(t: Test, res: RawResponse, status: number, version: string, forbidden: string[]) {
  t.equal(res.statusCode, status, `status ${status}`);
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json');
  t.equal(res.headers['api-version'], version, 'API-Version');
  t.match(res.headers, SECURITY_HEADERS, 'security headers');
  const body = JSON.parse(res.body) as Record<string, unknown>;
  t.match(body, { status, type: /^urn:blauwe-knop:probleem:/, title: String, detail: String, instance: /^urn:uuid:/ });
  for (const text of forbidden) t.notOk(res.body.includes(text), `the body does not echo ${JSON.stringify(text)}`);
  t.notMatch(res.body, /FST_|Error|statusCode/, 'no framework internals');
}

t.test('framework-level errors of the organisation are problem+json with every header', async (t) => {
  const service = await startRoleService(t, 'organisatie', { listen: true });
  const port = Number(new URL(service.baseUrl).port);
  const version = service.ctx.contract.version;

  const oversized = await sendRaw(port, `GET /v1/organisatie HTTP/1.1\r\nHost: x\r\nX-Groot: ${'a'.repeat(20_000)}\r\n\r\n`);
  assertProblem(t, oversized, 431, version, ['aaaa']);

  const badUrl = await sendRaw(port, 'GET /v1/organisatie%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assertProblem(t, badUrl, 400, version, ['organisatie%', '%zz']);

  const nonAscii = await sendRaw(port, Buffer.concat([Buffer.from('GET /v1/organisati'), Buffer.from('é', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
  assertProblem(t, nonAscii, 400, version, ['organisati']);

  const garbage = await sendRaw(port, 'DIT IS GEEN HTTP\r\n\r\n');
  assertProblem(t, garbage, 400, version, ['GEEN']);
});

t.test('a path parameter over the maximum length is a 414 problem without the path', async (t) => {
  const service = await startRoleService(t, 'app-beheerder', { listen: true });
  const port = Number(new URL(service.baseUrl).port);
  const long = 'x'.repeat(300);
  const res = await sendRaw(port, `GET /v1/app-registraties/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assertProblem(t, res, 414, service.ctx.contract.version, [long.slice(0, 50)]);
});
