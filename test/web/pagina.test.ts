/**
 * The citizen's page over HTTP: sessions, CSRF, refusals with Dutch messages, headers, and
 * the production log-in (OpenID Connect with PKCE) against a small provider started here.
 */
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { capturingLogger } from '../helpers/log-sink.js';
import { startOidcProvider } from '../helpers/oidc-provider.js';
import { startTestService, type TestService } from '../helpers/service.js';

const SANNE = '999993653';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function cookieFrom(res: LightMyRequestResponse, name: string): string {
  const all = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie set`);
  return line;
}
const pair = (setCookie: string) => setCookie.split(';')[0]!;
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Logs in through the development picker; returns the session cookie (name=value). */
async function devLogin(service: TestService, bsn = SANNE): Promise<string> {
  const picker = await service.app.inject({ url: '/inloggen' });
  const anonymous = pair(cookieFrom(picker, 'bk_sessie'));
  const res = await service.app.inject({ method: 'POST', url: '/inloggen', headers: { ...FORM, cookie: anonymous }, payload: `csrf=${encodeURIComponent(csrfIn(picker.body))}&bsn=${bsn}` });
  if (res.statusCode !== 303) throw new Error(`log-in answered ${res.statusCode}`);
  return pair(cookieFrom(res, 'bk_sessie'));
}

t.test('log-in: the session cookie is HttpOnly, Secure, SameSite=Strict and a new one; no BSN logged', async (t) => {
  const { logger, lines } = capturingLogger();
  const service = await startTestService(t, { logger });
  const picker = await service.app.inject({ url: '/inloggen' });
  t.equal(picker.statusCode, 200);
  t.match(picker.body, /Alleen voor ontwikkeling/);
  const anonymous = cookieFrom(picker, 'bk_sessie');
  t.match(anonymous, /; HttpOnly; Secure; SameSite=Strict$/);
  const login = await service.app.inject({ method: 'POST', url: '/inloggen', headers: { ...FORM, cookie: pair(anonymous) }, payload: `csrf=${encodeURIComponent(csrfIn(picker.body))}&bsn=${SANNE}` });
  t.equal(login.statusCode, 303);
  t.equal(login.headers.location, '/gegevens', 'no token or BSN in the redirect');
  const session = cookieFrom(login, 'bk_sessie');
  t.match(session, /; HttpOnly; Secure; SameSite=Strict$/);
  t.not(pair(session), pair(anonymous), 'a new session at log-in');
  t.notMatch(pair(session), SANNE, 'the cookie does not show the BSN');
  const page = await service.app.inject({ url: '/gegevens', headers: { cookie: pair(session) } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-security-policy'], "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'");
  t.equal(page.headers['cache-control'], 'no-store');
  t.notMatch(page.body, /<script/i, 'no script on the page');
  t.notMatch(page.body, / style=/, 'no inline styles');
  t.match(page.body, /Handtekening gecontroleerd/);
  const download = await service.app.inject({ url: '/downloads/financiele-verplichtingen/pdf', headers: { cookie: pair(session) } });
  t.equal(download.statusCode, 200);
  t.match(download.headers['content-disposition'], /^attachment; filename="tlb-financiele-verplichtingen-\d{4}-\d\d-\d\d\.pdf"$/);
  t.notMatch(lines.join(''), SANNE, 'no BSN in any log line');
});

t.test('without a session: the page goes to log-in, the API PDF is 401', async (t) => {
  const service = await startTestService(t);
  for (const url of ['/gegevens', '/downloads/financiele-verplichtingen/pdf']) {
    const res = await service.app.inject({ url });
    t.equal(res.statusCode, 303, url);
    t.equal(res.headers.location, '/inloggen');
  }
  const api = await service.get('/v1/financiele-verplichtingen', { accept: 'application/pdf' });
  t.equal(api.statusCode, 401);
  t.match(api.json(), { detail: /toegangstoken/ }, 'a Dutch message');
});

t.test('a forged or altered session cookie is 401 with a Dutch message', async (t) => {
  const service = await startTestService(t);
  const genuine = await devLogin(service);
  const [name, value] = genuine.split('=') as [string, string];
  const flipped = `${name}=${value.slice(0, -3)}${value.at(-3) === 'A' ? 'B' : 'A'}${value.slice(-2)}`;
  for (const cookie of [flipped, 'bk_sessie=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC', 'bk_sessie=niets']) {
    for (const url of ['/gegevens', '/downloads/financiele-verplichtingen/json']) {
      const res = await service.app.inject({ url, headers: { cookie } });
      t.equal(res.statusCode, 401, `${url} with ${cookie.slice(0, 24)}…`);
      t.match(res.body, /Uw sessie is niet geldig/);
      t.match(cookieFrom(res, 'bk_sessie'), /Max-Age=0/, 'the bad cookie is cleared');
    }
  }
  // A cookie from another instance (another key) is just as forged.
  const other = await startTestService(t);
  t.equal((await other.app.inject({ url: '/gegevens', headers: { cookie: genuine } })).statusCode, 401);
});

t.test('CSRF: a form without the token, or with another session\'s, is 403 and changes nothing', async (t) => {
  const service = await startTestService(t);
  const session = await devLogin(service);
  const page = await service.app.inject({ url: '/gegevens', headers: { cookie: session } });
  const token = csrfIn(page.body);
  t.ok(token, 'the log-out form carries a CSRF token');

  const missing = await service.app.inject({ method: 'POST', url: '/uitloggen', headers: { ...FORM, cookie: session }, payload: '' });
  t.equal(missing.statusCode, 403);
  t.match(missing.body, /Dit formulier is niet geaccepteerd/);
  t.equal(missing.headers['set-cookie'], undefined, 'still logged in');

  const otherSession = await devLogin(service, '999990019');
  const otherToken = csrfIn((await service.app.inject({ url: '/gegevens', headers: { cookie: otherSession } })).body);
  const foreign = await service.app.inject({ method: 'POST', url: '/uitloggen', headers: { ...FORM, cookie: session }, payload: `csrf=${encodeURIComponent(otherToken)}` });
  t.equal(foreign.statusCode, 403, "another session's token is refused");

  const loginWithout = await service.app.inject({ method: 'POST', url: '/inloggen', headers: FORM, payload: `bsn=${SANNE}` });
  t.equal(loginWithout.statusCode, 403, 'log-in without a session and token is refused (login CSRF)');
  t.equal(loginWithout.headers['set-cookie'], undefined);

  const ok = await service.app.inject({ method: 'POST', url: '/uitloggen', headers: { ...FORM, cookie: session }, payload: `csrf=${encodeURIComponent(token)}` });
  t.equal(ok.statusCode, 303);
  t.match(cookieFrom(ok, 'bk_sessie'), /Max-Age=0/, 'logged out');
});

t.test('production log-in: OpenID Connect authorization code flow with PKCE against the configured provider', async (t) => {
  const clientId = 'gemeente-tilburg-web';
  const provider = await startOidcProvider(t, { clientId });
  provider.citizen.bsn = SANNE;
  const service = await startTestService(t, {
    env: { AUTH_ISSUER: provider.issuer, AUTH_JWKS_URL: `${provider.issuer}/jwks`, OIDC_CLIENT_ID: clientId, PUBLIC_BASE_URL: 'http://localhost:8080/v1' },
  });
  const picker = await service.app.inject({ url: '/inloggen' });
  t.equal(picker.statusCode, 303, 'with a provider there is no demo picker: log-in goes to the provider');
  const authorize = new URL(String(picker.headers.location));
  t.equal(authorize.origin + authorize.pathname, `${provider.issuer}/authorize`);
  t.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  t.match(authorize.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  t.equal(authorize.searchParams.get('redirect_uri'), 'http://localhost:8080/inloggen/terug');
  t.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'), 'state and nonce');
  const transaction = cookieFrom(picker, 'bk_oidc');
  t.match(transaction, /Path=\/inloggen\/terug; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/, 'only the transaction cookie is Lax, to survive the redirect back');

  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(String(atProvider.headers.get('location')));
  t.equal(callback.pathname, '/inloggen/terug');
  t.notOk(callback.searchParams.has('access_token') || callback.searchParams.has('id_token'), 'only the code is in the URL');

  // The callback without the transaction cookie (another browser) is refused.
  const elsewhere = await service.app.inject({ url: callback.pathname + callback.search });
  t.equal(elsewhere.statusCode, 400);
  t.match(elsewhere.body, /niet in deze browser begonnen/);
  // A wrong state is refused too.
  const wrongState = new URL(callback);
  wrongState.searchParams.set('state', 'vervalst');
  t.equal((await service.app.inject({ url: wrongState.pathname + wrongState.search, headers: { cookie: pair(transaction) } })).statusCode, 400);

  // Now a complete round trip in one browser.
  const again = await service.app.inject({ url: '/inloggen' });
  const back = new URL(String((await fetch(String(again.headers.location), { redirect: 'manual' })).headers.get('location')));
  const done = await service.app.inject({ url: back.pathname + back.search, headers: { cookie: pair(cookieFrom(again, 'bk_oidc')) } });
  t.equal(done.statusCode, 200);
  t.match(done.body, /<meta http-equiv="refresh" content="0;url=\/gegevens">/, 'a same-site refresh, so the Strict cookie is sent');
  const session = cookieFrom(done, 'bk_sessie');
  t.match(session, /HttpOnly; Secure; SameSite=Strict$/);
  const lastToken = provider.tokenRequests.at(-1)!;
  t.match(lastToken, { grant_type: 'authorization_code', client_id: clientId }, 'the code was exchanged back-channel');
  t.match(lastToken.code_verifier, /^[A-Za-z0-9_-]{43,128}$/, 'with the PKCE verifier');

  const page = await service.app.inject({ url: '/gegevens', headers: { cookie: pair(session) } });
  t.equal(page.statusCode, 200);
  t.match(page.body, /de inwoner met BSN 999993653/, "the provider's citizen's documents, through the API with the provider's access token");
  t.match(page.body, /Handtekening gecontroleerd/);
});
