import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import t from 'tap';
import { dpopProof, generateAppKey, json, startRoleService } from '../../helpers/centraal.js';

const BSN = '999993653';
const OTHER_BSN = '999990019';

async function register(service: Awaited<ReturnType<typeof startRoleService>>, bsn = BSN) {
  const key = await generateAppKey();
  const token = await service.tokenFor(bsn);
  const url = `${service.baseUrl}/app-registraties`;
  const res = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url }) },
    payload: { publieke_sleutel: key.publicJwk },
  });
  return { key, token, res, body: json(res) };
}

t.test('registration: citizen token + DPoP proof with the app key give a credential bound to that key', async (t) => {
  const service = await startRoleService(t, 'app-beheerder');
  const { key, res, body } = await register(service);
  t.equal(res.statusCode, 201);
  t.match(body.registratie_id, /^[0-9a-f-]{36}$/);
  const credential = body.app_credential as string;
  const header = decodeProtectedHeader(credential);
  t.same({ typ: header.typ, alg: header.alg, kid: header.kid }, { typ: 'bk-app-credential+jwt', alg: 'ES256', kid: service.ctx.keyring.active.kid });
  const published = json(await service.request({ method: 'GET', url: '/v1/sleutels' })).keys as JWK[];
  const { payload } = await jwtVerify(credential, await importJWK(published[0]!, 'ES256'), { typ: 'bk-app-credential+jwt' });
  t.equal(payload.iss, 'demo-app-beheerder');
  t.equal(payload.sub, body.registratie_id);
  t.equal(payload.bsn, BSN);
  t.same(payload.cnf, { jkt: await calculateJwkThumbprint(key.publicJwk) });
  t.ok(payload.exp! - payload.iat! <= 900, 'at most 15 minutes');
  t.equal(body.verloopt_op, new Date(payload.exp! * 1000).toISOString());

  const status = await service.request({ method: 'GET', url: `/v1/app-registraties/${String(body.registratie_id)}/status` });
  t.same(json(status), { status: 'actief' }, 'public status, no personal data');
});

t.test('registration is refused without a token, without a proof, or with a proof of another key', async (t) => {
  const service = await startRoleService(t, 'app-beheerder');
  const key = await generateAppKey();
  const other = await generateAppKey();
  const token = await service.tokenFor(BSN);
  const url = `${service.baseUrl}/app-registraties`;
  const noToken = await service.request({ method: 'POST', url: '/v1/app-registraties', headers: { dpop: await dpopProof(key, { method: 'POST', url }) }, payload: { publieke_sleutel: key.publicJwk } });
  t.equal(noToken.statusCode, 401);
  const noProof = await service.request({ method: 'POST', url: '/v1/app-registraties', headers: { authorization: `Bearer ${token}` }, payload: { publieke_sleutel: key.publicJwk } });
  t.equal(noProof.statusCode, 401);
  t.match(noProof.headers['www-authenticate'], /^DPoP .*invalid_dpop_proof/);
  const wrongKey = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(other, { method: 'POST', url }) },
    payload: { publieke_sleutel: key.publicJwk },
  });
  t.equal(wrongKey.statusCode, 401, 'the proof must be made with publieke_sleutel');
  const badBody = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url }) },
    payload: { publieke_sleutel: { kty: 'RSA' }, extra: 1 },
  });
  t.equal(badBody.statusCode, 400);
  t.ok((json(badBody).errors as unknown[]).length >= 2, 'all validation errors at once');
  const noJson = await service.request({ method: 'POST', url: '/v1/app-registraties', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, payload: 'x' });
  t.equal(noJson.statusCode, 415);
  t.equal(await service.ctx.db.prisma.dpopJti.count(), 0, 'refused requests stored no DPoP jti');
});

t.test('renewal, revocation and status', async (t) => {
  const service = await startRoleService(t, 'app-beheerder');
  const { key, token, body } = await register(service);
  const id = String(body.registratie_id);
  const renewUrl = `${service.baseUrl}/app-registraties/${id}/_vernieuwen`;
  const renewed = await service.request({
    method: 'POST',
    url: `/v1/app-registraties/${id}/_vernieuwen`,
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url: renewUrl }) },
  });
  t.equal(renewed.statusCode, 200);
  t.equal(json(renewed).registratie_id, id);

  const other = await generateAppKey();
  const otherKey = await service.request({
    method: 'POST',
    url: `/v1/app-registraties/${id}/_vernieuwen`,
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(other, { method: 'POST', url: renewUrl }) },
  });
  t.equal(otherKey.statusCode, 401, 'renewal only with the registered app key');

  const otherCitizen = await service.tokenFor(OTHER_BSN);
  const foreign = await service.request({ method: 'DELETE', url: `/v1/app-registraties/${id}`, headers: { authorization: `Bearer ${otherCitizen}` } });
  t.equal(foreign.statusCode, 403, 'another citizen cannot revoke it');

  const revoked = await service.request({ method: 'DELETE', url: `/v1/app-registraties/${id}`, headers: { authorization: `Bearer ${token}` } });
  t.equal(revoked.statusCode, 204);
  t.same(json(await service.request({ method: 'GET', url: `/v1/app-registraties/${id}/status` })), { status: 'ingetrokken' });
  const afterRevoke = await service.request({
    method: 'POST',
    url: `/v1/app-registraties/${id}/_vernieuwen`,
    headers: { authorization: `Bearer ${token}`, dpop: await dpopProof(key, { method: 'POST', url: renewUrl }) },
  });
  t.equal(afterRevoke.statusCode, 403, 'a revoked registration gets no new credential');
  const unknown = await service.request({ method: 'GET', url: '/v1/app-registraties/6f1c2d3e-0000-4000-8000-000000000000/status' });
  t.equal(unknown.statusCode, 404);
  const notUuid = await service.request({ method: 'GET', url: '/v1/app-registraties/abc/status' });
  t.equal(notUuid.statusCode, 400);
  const method = await service.request({ method: 'PUT', url: `/v1/app-registraties/${id}` });
  t.equal(method.statusCode, 405, 'templated paths answer 405 for other methods');
});

t.test('development login: a token for a demo citizen, only in development', async (t) => {
  const service = await startRoleService(t, 'app-beheerder');
  const res = await service.request({ method: 'POST', url: '/v1/_ontwikkel-login', payload: { bsn: BSN } });
  t.equal(res.statusCode, 200);
  t.equal(json(res).token_type, 'Bearer');
  const key = await generateAppKey();
  const registered = await service.request({
    method: 'POST',
    url: '/v1/app-registraties',
    headers: { authorization: `Bearer ${String(json(res).access_token)}`, dpop: await dpopProof(key, { method: 'POST', url: `${service.baseUrl}/app-registraties` }) },
    payload: { publieke_sleutel: key.publicJwk },
  });
  t.equal(registered.statusCode, 201, 'the login token registers an app');
  const bad = await service.request({ method: 'POST', url: '/v1/_ontwikkel-login', payload: { bsn: '123456789' } });
  t.equal(bad.statusCode, 400, 'the 11-check');
  const malformed = await service.request({ method: 'POST', url: '/v1/_ontwikkel-login', payload: { bsn: 'abc', extra: 1 } });
  t.equal(malformed.statusCode, 400, 'the body is checked against the development contract');
  t.same((json(malformed).errors as { location: string }[]).map((e) => e.location).sort(), ['bsn', 'extra'], 'every problem at once');

  const production = await startRoleService(t, 'app-beheerder', { env: { AUTH_ISSUER: 'https://idp.example', AUTH_JWKS_URL: 'https://idp.example/jwks' } });
  const refused = await production.request({ method: 'POST', url: '/v1/_ontwikkel-login', payload: { bsn: BSN } });
  t.equal(refused.statusCode, 404, 'with a real identity provider the development login does not exist');
});
