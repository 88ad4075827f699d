import { readFileSync } from 'node:fs';
import { generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import t from 'tap';
import { developmentKeyPath } from '../../src/auth/development-identity-provider.js';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER } from '../../src/config.js';
import type { components } from '../../src/generated/api.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { startTestService, type TestService } from '../helpers/service.js';

const CITIZEN = '999993653';
const URL_ = '/v1/financiele-verplichtingen';

async function developmentKey(service: TestService) {
  await service.tokenFor(CITIZEN); // makes sure the development key exists
  const jwk = JSON.parse(readFileSync(developmentKeyPath(service.dataDir), 'utf8')) as JWK;
  return { key: await importJWK(jwk, 'ES256'), kid: jwk.kid! };
}

interface Claims {
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  bsn?: string;
}

const now = () => Math.floor(Date.now() / 1000);

async function signed(service: TestService, claims: Claims): Promise<string> {
  const { key, kid } = await developmentKey(service);
  const { iss, aud, exp, nbf, ...rest } = claims;
  const jwt = new SignJWT({ ...rest }).setProtectedHeader({ alg: 'ES256', kid }).setIssuedAt();
  if (iss !== undefined) jwt.setIssuer(iss);
  if (aud !== undefined) jwt.setAudience(aud);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return withCanonicalSignature(await jwt.sign(key));
}

const valid: Claims = { iss: DEVELOPMENT_ISSUER, aud: DEFAULT_AUDIENCE, bsn: CITIZEN, exp: now() + 300 };

t.test('every way a token can be wrong is refused with a problem+json 401', async (t) => {
  const service = await startTestService(t);
  const expect401 = async (name: string, headers: Record<string, string>, detail: RegExp, url = URL_) => {
    const res = await service.get(url, headers);
    t.equal(res.statusCode, 401, name);
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
    t.match(String(res.headers['www-authenticate']), /^Bearer realm="blauwe-knop"/, `${name}: WWW-Authenticate`);
    t.match((res.json() as components['schemas']['Probleem']).detail, detail, `${name}: says why`);
    return res;
  };

  const none = await expect401('no token', {}, /geen toegangstoken/);
  t.equal(none.headers['www-authenticate'], 'Bearer realm="blauwe-knop"', 'no error code when no token was sent (RFC 6750 §3.1)');
  await expect401('not a bearer header', { authorization: 'Basic dXNlcjpwYXNz' }, /Bearer <token>/);
  await expect401('garbage token', { authorization: 'Bearer not-a-jwt' }, /geen geldig JWT/);
  await expect401('expired', { authorization: `Bearer ${await signed(service, { ...valid, exp: now() - 3600 })}` }, /verlopen/);
  await expect401('not yet valid', { authorization: `Bearer ${await signed(service, { ...valid, nbf: now() + 3600 })}` }, /nog niet geldig/);
  await expect401('other audience', { authorization: `Bearer ${await signed(service, { ...valid, aud: 'een-andere-api' })}` }, /andere ontvanger/);
  await expect401('other issuer', { authorization: `Bearer ${await signed(service, { ...valid, iss: 'https://idp.kwaadwillend.example' })}` }, /onbekende uitgever/);
  const { exp: _exp, ...withoutExp } = valid;
  await expect401('no expiry', { authorization: `Bearer ${await signed(service, withoutExp)}` }, /vervaltijd|verplichte claim/);

  const unsigned = new UnsecuredJWT({ bsn: CITIZEN }).setIssuer(DEVELOPMENT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('5m').encode();
  await expect401('alg: none', { authorization: `Bearer ${unsigned}` }, /niet \(asymmetrisch\) ondertekend|geen geldig JWT/);

  const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
  const hs256 = await new SignJWT({ bsn: CITIZEN }).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEVELOPMENT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('5m').sign(secret);
  await expect401('symmetric HS256', { authorization: `Bearer ${hs256}` }, /niet \(asymmetrisch\) ondertekend/);

  const stranger = await generateKeyPair('ES256');
  const foreign = await new SignJWT({ bsn: CITIZEN }).setProtectedHeader({ alg: 'ES256', kid: 'onbekend' }).setIssuer(DEVELOPMENT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('5m').sign(stranger.privateKey).then(withCanonicalSignature);
  await expect401('unknown key', { authorization: `Bearer ${foreign}` }, /onbekende sleutel/);
  const { kid } = await developmentKey(service);
  const forged = await new SignJWT({ bsn: CITIZEN }).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(DEVELOPMENT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('5m').sign(stranger.privateKey).then(withCanonicalSignature);
  await expect401('right kid, wrong key', { authorization: `Bearer ${forged}` }, /handtekening/);

  const good = await service.tokenFor(CITIZEN);
  const inQuery = await expect401('token in the query', {}, /Authorization-header/, `${URL_}?access_token=${good}`);
  t.match(String(inQuery.headers['www-authenticate']), /error="invalid_request"/);
  await expect401('token in the query, even with a valid header', { authorization: `Bearer ${good}` }, /Authorization-header/, `${URL_}?access_token=${good}`);
  t.equal((await service.get(URL_, { authorization: `Bearer ${good}` })).statusCode, 200, 'the valid token itself works');
});

t.test('a valid token without a valid BSN is a 403', async (t) => {
  const service = await startTestService(t);
  for (const [name, bsn] of [['no BSN claim', undefined], ['BSN failing the 11-check', '123456789']] as const) {
    const claims: Claims = { ...valid };
    if (bsn === undefined) delete claims.bsn;
    else claims.bsn = bsn;
    const res = await service.get(URL_, { authorization: `Bearer ${await signed(service, claims)}` });
    t.equal(res.statusCode, 403, name);
    t.match((res.json() as components['schemas']['Probleem']).detail, /geen geldig BSN/);
  }
});

t.test('AUTH_BSN_CLAIM names the claim that carries the BSN', async (t) => {
  const service = await startTestService(t, { env: { AUTH_BSN_CLAIM: 'urn:nl:bsn' } });
  const { key, kid } = await developmentKey(service);
  const token = await new SignJWT({ 'urn:nl:bsn': CITIZEN }).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(DEVELOPMENT_ISSUER).setAudience(DEFAULT_AUDIENCE).setExpirationTime('5m').sign(key).then(withCanonicalSignature);
  const res = await service.get(URL_, { authorization: `Bearer ${token}` });
  t.equal(res.statusCode, 200);
  t.equal((res.json() as components['schemas']['FinancieleVerplichtingenDocument']).onderwerp.bsn, CITIZEN);
});
