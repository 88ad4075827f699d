import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { startRoleService } from '../helpers/centraal.js';
import { sendRaw } from '../helpers/raw-http.js';
import { startTestService } from '../helpers/service.js';

/** Transport security (issue 11, item 12). */
const PRODUCTION = {
  BK_ENVIRONMENT: 'production',
  SIGNING_KEY_FILE: '/run/secrets/key.pem',
  AUTH_ISSUER: 'https://idp.example',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  PUBLIC_BASE_URL: 'https://api.gemeente.example/v1',
  ORGANISATION_OIN: '00000099000000000001',
};

t.test('production refuses http:// for the public URL, the identity provider keys and the scheme document', async (t) => {
  t.doesNotThrow(() => loadConfig(PRODUCTION), 'https everywhere is fine');
  for (const [name, value] of [
    ['PUBLIC_BASE_URL', 'http://api.gemeente.example/v1'],
    ['AUTH_JWKS_URL', 'http://idp.example/jwks'],
    ['STELSEL_URL', 'http://stelsel.example/v1'],
  ] as const) {
    const env = { ...PRODUCTION, STELSEL_SLEUTEL: '/run/secrets/stelsel.jwk', [name]: value };
    t.throws(() => loadConfig(env), { name: 'ConfigError', message: new RegExp(`${name}: .*https`) }, name);
  }
  t.doesNotThrow(() => loadConfig({ PUBLIC_BASE_URL: 'http://localhost:8080/v1', AUTH_ISSUER: 'x', AUTH_JWKS_URL: 'http://localhost:9/jwks' }), 'development may use http');
});

t.test('HSTS only over HTTPS: not over plain HTTP, and X-Forwarded-Proto only from a trusted proxy', async (t) => {
  const plain = await startTestService(t);
  const overHttp = await plain.get('/v1/organisatie');
  t.notOk(overHttp.headers['strict-transport-security'], 'no HSTS over plain HTTP');
  const spoofed = await plain.get('/v1/organisatie', { 'x-forwarded-proto': 'https' });
  t.notOk(spoofed.headers['strict-transport-security'], 'an untrusted X-Forwarded-Proto does not count');
  t.equal(overHttp.headers['x-content-type-options'], 'nosniff', 'the other security headers stay');

  const proxied = await startTestService(t, { env: { TRUST_PROXY: '127.0.0.1' } });
  const viaProxy = await proxied.get('/v1/organisatie', { 'x-forwarded-proto': 'https' });
  t.match(String(viaProxy.headers['strict-transport-security']), /max-age=\d+/, 'HSTS when the trusted proxy says https');
  const viaProxyHttp = await proxied.get('/v1/organisatie', { 'x-forwarded-proto': 'http' });
  t.notOk(viaProxyHttp.headers['strict-transport-security'], 'not when it says http');
  const error = await proxied.get('/v1/bestaat-niet', { 'x-forwarded-proto': 'https' });
  t.match(String(error.headers['strict-transport-security']), /max-age=\d+/, 'errors too');

  const listening = await startRoleService(t, 'organisatie', { listen: true });
  const parserError = await sendRaw(Number(new URL(listening.baseUrl).port), 'DIT IS GEEN HTTP\r\n\r\n');
  t.equal(parserError.statusCode, 400);
  t.notOk(parserError.headers['strict-transport-security'], 'no HSTS on a parser error over plain HTTP');
});

t.test('TRUST_PROXY must be addresses, not "everyone"', async (t) => {
  t.throws(() => loadConfig({ TRUST_PROXY: 'true' }), { name: 'ConfigError', message: /TRUST_PROXY/ });
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

t.test('a bad configuration value lists the allowed values (issue 12, item 12)', async (t) => {
  t.throws(() => loadConfig({ SIGNING_ALGORITHM: 'RS256' }), { message: /SIGNING_ALGORITHM: must be one of ES256, PS256, EdDSA \(got "RS256"\)/ });
  t.throws(() => loadConfig({ LOG_LEVEL: 'luid' }), { message: /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/ });
  t.throws(() => loadConfig({ BK_ROLE: 'gemeente' }), { message: /BK_ROLE: must be one of organisatie, app-beheerder, stelselbeheerder/ });
  t.throws(() => loadConfig({ PORT: '70000' }), { message: /PORT: must be a whole number from 1 to 65535/ });
});
