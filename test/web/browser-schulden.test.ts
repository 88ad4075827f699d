/**
 * The citizen's side in a real browser (Debian's chromium via playwright-core): the debt journey (log in, press the button, see the amounts, download and verify).
 * axe-core on every page; screenshots to the test's folder, or to the README's with
 * `SCREENSHOTS=docs/screenshots npx tap test/web/`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t from 'tap';
import type { components } from '../../src/generated/api.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../src/protocol/verify-document.js';
import { formatEuro } from '../../src/sdk/opmaak.js';
import { verifyCertifiedPdf } from '../../src/weergave/pdf-controle.js';
import { assertAccessible, listeningService, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
import { bearer } from '../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];
const SANNE = { bsn: '999993653', naam: 'Sanne de Vries' };

async function download(page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).first().click()]);
  const path = await file.path();
  return readFileSync(path);
}

t.test('a citizen with debts logs in, presses the button, sees the amounts, downloads JSON, JOSE and PDF that verify', async (t) => {
  const dir = screenshotDir(t);
  const { service, origin } = await listeningService(t);
  const browser = await startBrowser(t);
  const context = await browser.newContext({ acceptDownloads: true, locale: 'nl-NL', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });

  const home = await page.goto(`${origin}/`);
  t.equal(home?.status(), 200);
  t.match(home?.headers()['content-security-policy'], /default-src 'none'/);
  t.notMatch(home?.headers()['content-security-policy'], /script-src/, 'no script source is allowed at all');
  await t.resolves(page.getByRole('img', { name: 'Blauwe Knop' }).first().waitFor(), 'the emblem has an accessible name');
  await assertAccessible(t, page, 'the button page');
  await screenshot(t, page, dir, '1-knop');

  // Pressing the button without a session leads to the log-in, here the development picker.
  await page.getByRole('link', { name: /Inloggen en uw gegevens ophalen/ }).click();
  await page.waitForURL(`${origin}/inloggen`);
  await t.resolves(page.getByText('Alleen voor ontwikkeling.').waitFor(), 'the picker is marked development-only');
  await assertAccessible(t, page, 'the log-in page');
  await screenshot(t, page, dir, '2-inloggen-ontwikkeling');
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'bk_sessie');
  t.match(cookie, { httpOnly: true, secure: true, sameSite: 'Strict' }, 'the session cookie is HttpOnly, Secure, SameSite=Strict');

  await page.getByRole('button', { name: `Inloggen als ${SANNE.naam}` }).click();
  await page.waitForURL(`${origin}/gegevens`);
  t.notMatch(page.url(), /token|bsn|code=/i, 'no token or BSN in the URL');

  // The amounts from the seed, as the API's signed document has them.
  const document = (await service.get('/v1/financiele-verplichtingen', bearer(await service.tokenFor(SANNE.bsn)))).json() as FinancieleVerplichtingenDocument;
  const text = await page.locator('main').innerText();
  t.ok(document.gegevens.financiele_zaken.length > 0);
  for (const zaak of document.gegevens.financiele_zaken) {
    t.ok(text.includes(zaak.zaakkenmerk), `zaak ${zaak.zaakkenmerk} is shown`);
    t.ok(text.includes(formatEuro(zaak.saldo)), `its saldo ${formatEuro(zaak.saldo)} is shown`);
  }
  t.ok(text.includes(formatEuro(document.gegevens.saldo)), `the total saldo ${formatEuro(document.gegevens.saldo)} is shown`);
  t.match(text, /Handtekening gecontroleerd/);
  t.ok(text.includes(service.ctx.keyring.active.kid), 'the page names the key the signature was verified with');
  await assertAccessible(t, page, 'the data page');
  await screenshot(t, page, dir, '3-gegevens-schulden');

  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const json = await download(page, /Download als JSON/);
  const headers = (await context.request.get(`${origin}/downloads/financiele-verplichtingen/json`)).headers();
  const fromJson = await verifyPayloadSignature(json, headers['payload-signature'] ?? '', keys);
  t.equal(fromJson.header.kid, service.ctx.keyring.active.kid, 'the JSON download verifies with its Payload-Signature');
  const jose = await download(page, /Download als JOSE/);
  t.same(JSON.parse(Buffer.from((await verifyCompactDocument(jose.toString('utf8'), keys)).payload).toString('utf8')).gegevens.saldo, document.gegevens.saldo, 'the JOSE download verifies');
  const pdf = await download(page, /Download als PDF/);
  t.equal((await verifyCertifiedPdf(pdf, keys)).verified.header.kid, service.ctx.keyring.active.kid, 'the PDF download verifies, pages and attachment');

  // Log out: a form with a CSRF token; afterwards the page asks for a log-in again.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL(`${origin}/`);
  await page.goto(`${origin}/gegevens`);
  t.equal(new URL(page.url()).pathname, '/inloggen', 'after logging out the data page sends to the log-in');
  t.same(blocked, [], 'the CSP blocked nothing the pages need');
});
