/**
 * The citizen revokes a Plus consent on the organisation's page: listed with the names from
 * the scheme, revoked by a form with the session's CSRF token through the same API handler,
 * refused alike for someone else's or an unknown consent, and 403 without the token.
 */
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { json } from '../helpers/centraal.js';
import { DEMO_CITIZENS } from '../../src/data/seed/citizens.js';
import { assertAccessible, logIn, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
import { ANDERE_BURGER, BURGER, citizen, startPlus, type PlusOpzet } from '../helpers/plus.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const pair = (res: LightMyRequestResponse) => {
  const line = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bk_sessie='));
  if (!line) throw new Error('no session cookie');
  return line.split(';')[0]!;
};
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function login(plus: PlusOpzet, bsn: string): Promise<string> {
  const picker = await plus.rdw.app.inject({ url: '/inloggen' });
  const res = await plus.rdw.app.inject({ method: 'POST', url: '/inloggen', headers: { ...FORM, cookie: pair(picker) }, payload: `csrf=${encodeURIComponent(csrfIn(picker.body))}&bsn=${bsn}` });
  if (res.statusCode !== 303) throw new Error(`log-in answered ${res.statusCode}`);
  return pair(res);
}

async function statusViaApi(plus: PlusOpzet, bsn: string, id: string): Promise<string | undefined> {
  const res = await plus.rdw.request({ method: 'GET', url: '/v1/toestemmingen', headers: await citizen(plus, bsn) });
  return (json(res) as { toestemmingen: { toestemming_id: string; status: string }[] }).toestemmingen.find((x) => x.toestemming_id === id)?.status;
}

const intrekken = (plus: PlusOpzet, cookie: string, payload: string) =>
  plus.rdw.app.inject({ method: 'POST', url: '/toestemmingen/intrekken', headers: { ...FORM, cookie }, payload });

t.test('the citizen sees a consent on the page and revokes it with the form', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const afnemerToken = await plus.afnemerToken();
  t.equal((await plus.alsAfnemer(afnemerToken, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`)).statusCode, 200, 'the afnemer reads before');
  const cookie = await login(plus, BURGER);
  const page = await plus.rdw.app.inject({ url: '/gegevens', headers: { cookie } });
  t.equal(page.statusCode, 200);
  t.match(page.body, /<h2 id="toestemmingen">Toestemmingen<\/h2>/);
  t.match(page.body, 'Rijbewijsmelder (test)', 'the afnemer by its name in the scheme');
  t.match(page.body, 'U krijgt een melding als uw rijbewijs wordt geraadpleegd.', 'the purpose from the scheme');
  t.match(page.body, /<td>Actief<\/td>/);
  t.match(page.body, `name="toestemming" value="${toestemming.toestemming_id}"`);
  const csrf = csrfIn(page.body);

  const res = await intrekken(plus, cookie, `csrf=${encodeURIComponent(csrf)}&toestemming=${toestemming.toestemming_id}`);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/gegevens?ingetrokken=1#toestemmingen');
  t.equal(await statusViaApi(plus, BURGER, toestemming.toestemming_id), 'ingetrokken', 'the API lists it as ingetrokken');
  t.equal((await plus.alsAfnemer(afnemerToken, 'GET', `/plus/toestemmingen/${toestemming.toestemming_id}/rijbewijs`)).statusCode, 403, 'the afnemer is refused afterwards');

  const after = await plus.rdw.app.inject({ url: '/gegevens?ingetrokken=1', headers: { cookie } });
  t.match(after.body, 'De toestemming is ingetrokken.');
  t.match(after.body, /<td>Ingetrokken<\/td>/);
  t.notMatch(after.body, 'name="toestemming"', 'no revoke button for a revoked consent');

  const again = await intrekken(plus, cookie, `csrf=${encodeURIComponent(csrf)}&toestemming=${toestemming.toestemming_id}`);
  t.equal(again.statusCode, 303, 'revoking twice is a no-op success');
  t.equal(await statusViaApi(plus, BURGER, toestemming.toestemming_id), 'ingetrokken');
});

t.test('without the CSRF token 403; someone else\'s or an unknown consent refused alike; nothing changes', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const eigen = await login(plus, BURGER);
  const ander = await login(plus, ANDERE_BURGER);
  const csrfVan = async (cookie: string) => csrfIn((await plus.rdw.app.inject({ url: '/gegevens', headers: { cookie } })).body);

  t.equal((await intrekken(plus, eigen, `toestemming=${toestemming.toestemming_id}`)).statusCode, 403, 'no token');
  t.equal((await intrekken(plus, eigen, `csrf=${encodeURIComponent(await csrfVan(ander))}&toestemming=${toestemming.toestemming_id}`)).statusCode, 403, 'a token of another session');
  t.equal(await statusViaApi(plus, BURGER, toestemming.toestemming_id), 'actief');

  const csrf = encodeURIComponent(await csrfVan(ander));
  const vreemd = await intrekken(plus, ander, `csrf=${csrf}&toestemming=${toestemming.toestemming_id}`);
  const onbekend = await intrekken(plus, ander, `csrf=${csrf}&toestemming=00000000-0000-4000-8000-000000000000`);
  const onzin = await intrekken(plus, ander, `csrf=${csrf}&toestemming=..%2F..%2Fuitloggen`);
  for (const res of [vreemd, onbekend, onzin]) {
    t.equal(res.statusCode, 404);
    t.match(res.body, 'Deze toestemming bestaat niet, of is niet van u.');
  }
  const zonderId = (html: string) => html.replaceAll(toestemming.toestemming_id, '').replace(/name="csrf" value="[^"]+"/g, '');
  t.equal(zonderId(vreemd.body), zonderId(onbekend.body), 'someone else\'s and an unknown consent answer the same');
  t.equal(await statusViaApi(plus, BURGER, toestemming.toestemming_id), 'actief', 'nothing changed');
});

t.test('in a real browser: the consent on the page, revoked with its button; axe finds nothing before or after', async (t) => {
  const plus = await startPlus(t);
  await plus.verleen(BURGER);
  const browser = await startBrowser(t);
  const origin = plus.rdw.baseUrl.replace(/\/v1$/, '');
  const page = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1100, height: 900 } })).newPage();
  await logIn(page, origin, DEMO_CITIZENS.find((c) => c.bsn === BURGER)!.naam);
  t.match(await page.locator('#toestemmingen').innerText(), /Toestemmingen/);
  await assertAccessible(t, page, 'the page with a consent listed');
  await page.getByRole('button', { name: /intrekken/i }).first().click();
  await page.waitForURL(/ingetrokken=1/);
  t.match(await page.locator('main').innerText(), /Ingetrokken/, 'the consent shows as revoked');
  await assertAccessible(t, page, 'the page after revoking');
  await screenshot(t, page, screenshotDir(t), '11-toestemming-ingetrokken');
});
