import t from 'tap';
import type { Role } from '../../src/config.js';
import { resolveObject } from '../../src/contract/json-schema.js';
import type { OpenApiParameter } from '../../src/contract/contract.js';
import { contractOperations } from '../../src/contract/operations.js';
import { startRoleService } from '../helpers/centraal.js';
import { sendRaw } from '../helpers/raw-http.js';

/**
 * Contract-driven fuzzing (issue 11, "Add"): requests generated from every role's contract,
 * mutated in path, query, headers and body, sent as raw bytes over TCP (so the parser's
 * refusals are reached too). Pass: no 5xx; every 4xx is problem+json with API-Version and
 * the security headers; no answer repeats a marker planted in the request.
 * FUZZ_REQUESTS sets the number per role (CI: a seeded smoke of 2,000 in all; locally e.g.
 * FUZZ_REQUESTS=10000), FUZZ_SEED the seed.
 */
const PER_ROLE = Number(process.env.FUZZ_REQUESTS ?? 700);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const ROLES: Role[] = ['organisatie', 'app-beheerder', 'stelselbeheerder'];

/** mulberry32: a small, seeded PRNG, so a failure can be replayed with FUZZ_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const SECURITY_HEADERS = ['cache-control', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'content-security-policy'];

for (const role of ROLES) {
  t.test(`fuzz ${role}: ${PER_ROLE} generated requests`, async (t) => {
    const service = await startRoleService(t, role, { listen: true });
    const port = Number(new URL(service.baseUrl).port);
    const { contract } = service.ctx;
    const operations = contractOperations(contract);
    const random = prng(SEED + ROLES.indexOf(role));
    const token = role === 'stelselbeheerder' ? 'geen' : await service.tokenFor('999993653');

    const value = (marker: string): string =>
      random.pick([
        marker,
        `${marker}%`,
        `${marker}%zz`,
        `${marker}${'x'.repeat(random.int(400))}`,
        `${marker}é`,
        `../${marker}`,
        `${marker}%00`,
        `2026-02-30${marker}`,
        '1892-04-30',
        '0000-01-01',
        '9999-12-31',
        '-1',
        '',
      ]);
    const failures: string[] = [];
    for (let i = 0; i < PER_ROLE; i++) {
      const marker = `zq${i}mk`;
      const operation = random.pick(operations);
      const method = random.next() < 0.85 ? operation.method : random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'BREW']);
      let path = `${contract.document.servers?.[0] ? new URL(service.baseUrl).pathname : '/v1'}${operation.path}`.replace(/\{[^}]+\}/g, () => value(marker));
      if (random.next() < 0.1) path += random.pick(['/', '//', '%', `/${marker}`, '?', '#x']);
      const parameters = (contract.document.paths[operation.path]?.[operation.method.toLowerCase() as 'get']?.parameters ?? []).map(
        (p) => resolveObject(contract.document, p) as OpenApiParameter,
      );
      const query = parameters.filter((p) => p.in === 'query' && random.next() < 0.7).map((p) => `${p.name}=${value(marker)}`);
      // Unknown parameters: a plain name may be named back in the problem (that is how the
      // client learns which one); anything else must not be repeated.
      if (random.next() < 0.2) query.push(random.pick([`${marker}=1`, `${marker}%3Cb%3E=1`, `${marker}.x[]=1`]));
      const target = query.length > 0 ? `${path}?${query.join('&')}` : path;
      const headers: string[] = ['Host: 127.0.0.1', 'Connection: close'];
      if (random.next() < 0.6) headers.push(`Authorization: ${random.pick([`Bearer ${token}`, `Bearer ${marker}`, `DPoP ${marker}.a.b`, 'Basic eDp5', `Bearer ${token}${marker}`])}`);
      if (random.next() < 0.3) headers.push(`DPoP: ${random.pick([marker, `${marker}.${marker}.${marker}`, 'eyJhbGciOiJub25lIn0.e30.'])}`);
      if (random.next() < 0.4) headers.push(`Accept: ${random.pick(['application/json', 'application/jose', 'application/xml', '*/*', `${marker}/x`, 'text/*;q=0'])}`);
      if (random.next() < 0.05) headers.push(`X-Groot: ${'h'.repeat(17_000)}`);
      if (random.next() < 0.1) headers.push(`Traceparent: ${marker}`);
      let body = '';
      if (method === 'POST' || method === 'PUT' || method === 'PATCH' || random.next() < 0.05) {
        body = random.pick([
          JSON.stringify({ app_credential: marker }),
          JSON.stringify({ publieke_sleutel: { kty: 'EC', crv: 'P-256', x: marker, y: marker } }),
          JSON.stringify({ bsn: marker }),
          `{"${marker}":`,
          marker,
          JSON.stringify([marker]),
          '',
        ]);
        headers.push(`Content-Type: ${random.pick(['application/json', 'text/plain', `${marker}/json`, 'application/json; charset=utf-8'])}`);
        headers.push(`Content-Length: ${Buffer.byteLength(body)}`);
      }
      const raw = `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
      const res = await sendRaw(port, raw);
      const describe = `#${i} ${method} ${target.slice(0, 80)} → ${res.statusCode}`;
      // A 503 with Retry-After is a dependency that is not there (here: no scheme document for
      // Plus), not a fault; any other 5xx is.
      const unavailable = res.statusCode === 503 && res.headers['retry-after'] !== undefined;
      if ((res.statusCode >= 500 && !unavailable) || res.statusCode === 0) failures.push(`${describe}: server error`);
      if (res.statusCode >= 400 && method !== 'HEAD') {
        if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`${describe}: not problem+json`);
        const plainNameBack = new RegExp(`"location":"${marker}"|${marker} is geen bekende parameter`);
        if (res.body.replace(new RegExp(plainNameBack, 'g'), '').includes(marker)) failures.push(`${describe}: echoes the input`);
      }
      if (res.statusCode >= 400) {
        if (res.headers['api-version'] !== contract.version) failures.push(`${describe}: no API-Version`);
        for (const name of SECURITY_HEADERS) if (!res.headers[name]) failures.push(`${describe}: no ${name}`);
      }
      if (failures.length > 20) break;
    }
    t.same(failures, [], `${role}: every answer to ${PER_ROLE} fuzzed requests is sound (seed ${SEED})`);
  });
}
