import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults give the embedded development instance', async (t) => {
  const config = loadConfig({});
  t.equal(config.environment, 'development');
  t.equal(config.port, 8080);
  t.equal(config.organisationOin, '00000099000000000001');
  t.equal(config.signing.algorithm, 'ES256');
  t.ok(config.auth.developmentProvider);
  t.ok(config.seedDemoData);
  t.notOk(config.databaseUrl, 'SQLite in the data folder');
});

t.test('a bad setting is refused with its name', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'achtduizend' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ ORGANISATION_OIN: '123' }, /ORGANISATION_OIN/],
    [{ SIGNING_ALGORITHM: 'HS256' }, /SIGNING_ALGORITHM/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS/],
    [{ BK_ENVIRONMENT: 'staging' }, /BK_ENVIRONMENT/],
    [{ AUTH_ISSUER: 'https://idp.example' }, /AUTH_JWKS_URL or AUTH_JWKS_FILE/],
  ];
  for (const [env, name] of cases) t.throws(() => loadConfig(env), { name: 'ConfigError', message: name }, JSON.stringify(env));
});

t.test('production requires its keys, identity provider and public URL, and says which are missing', async (t) => {
  try {
    loadConfig({ BK_ENVIRONMENT: 'production' });
    t.fail('should have thrown');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    t.same(names, ['SIGNING_KEY_FILE', 'AUTH_ISSUER', 'AUTH_JWKS_URL or AUTH_JWKS_FILE', 'PUBLIC_BASE_URL', 'ORGANISATION_OIN']);
  }
  const config = loadConfig({
    BK_ENVIRONMENT: 'production',
    SIGNING_KEY_FILE: '/run/secrets/sleutel.pem',
    AUTH_ISSUER: 'https://idp.example',
    AUTH_JWKS_URL: 'https://idp.example/jwks',
    PUBLIC_BASE_URL: 'https://api.gemeente.example/blauwe-knop/v1',
    ORGANISATION_OIN: '00000099000000000003',
  });
  t.notOk(config.auth.developmentProvider, 'the development identity provider is off in production');
  t.notOk(config.seedDemoData, 'no demo data in production');
});

t.test('the page log-in: OIDC needs the identity provider, the session key must be 32 bytes', async (t) => {
  t.throws(() => loadConfig({ OIDC_CLIENT_ID: 'web' }), /AUTH_ISSUER: required when OIDC_CLIENT_ID is set/);
  t.throws(() => loadConfig({ WEB_SESSIE_SLEUTEL: 'kort' }), /WEB_SESSIE_SLEUTEL/);
  const config = loadConfig({ AUTH_ISSUER: 'https://idp.example', AUTH_JWKS_URL: 'https://idp.example/jwks', OIDC_CLIENT_ID: 'web', WEB_SESSIE_SLEUTEL: 'A'.repeat(43) });
  t.same(config.web, { oidc: { clientId: 'web', scope: 'openid' }, sessieSleutel: 'A'.repeat(43), sessieSeconden: 900 });
  t.notOk(loadConfig({}).web.oidc, 'no OIDC log-in unless configured');
});
