/**
 * The citizen's side in a real browser (Debian's chromium via playwright-core): an RDW citizen, without JavaScript.
 * axe-core on every page; screenshots to the test's folder, or to the README's with
 * `SCREENSHOTS=docs/screenshots npx tap test/web/`.
 */
import t from 'tap';
import type { components } from '../../src/generated/api.js';
import { assertAccessible, listeningService, logIn, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
import { bearer, RDW } from '../helpers/service.js';

type RijbewijsDocument = components['schemas']['RijbewijsDocument'];
/** Truck licence with eight categories, restriction codes 01 and 95, three raadplegingen. */
const VRACHTWAGEN = { bsn: '999990147', naam: 'Henk Willems' };

t.test('an RDW citizen sees licence categories, restrictions and raadplegingen, without JavaScript', async (t) => {
  const dir = screenshotDir(t);
  const { service, origin } = await listeningService(t, { ORGANISATION_OIN: RDW });
  const browser = await startBrowser(t);
  const document = (await service.get('/v1/rijbewijs', bearer(await service.tokenFor(VRACHTWAGEN.bsn)))).json() as RijbewijsDocument;

  const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL', viewport: { width: 1100, height: 900 } });
  const page = await noScript.newPage();
  await logIn(page, origin, VRACHTWAGEN.naam);
  const text = await page.locator('main').innerText();
  for (const categorie of document.gegevens.rijbewijs!.categorieen) t.match(text, new RegExp(`\\b${categorie.categorie}\\b`), `category ${categorie.categorie}`);
  t.match(text, /01: bril of contactlenzen/, 'restriction code 01 in words');
  t.match(text, /95: vakbekwaamheid/, 'restriction code 95 in words');
  t.equal(document.gegevens.raadplegingen.length, 3);
  for (const raadpleging of document.gegevens.raadplegingen) t.ok(text.includes(raadpleging.afnemer), `raadpleging by ${raadpleging.afnemer}`);
  t.match(text, /Overzicht van uw voertuigen/);
  t.match(text, /Overzicht van uw vaartuigen/);
  t.match(text, /Geen gegevens/, 'an empty document says so');
  await screenshot(t, page, dir, '4-gegevens-rdw');

  const withScript = await browser.newContext({ locale: 'nl-NL' });
  const checked = await withScript.newPage();
  await logIn(checked, origin, VRACHTWAGEN.naam);
  await assertAccessible(t, checked, 'the RDW data page');
});
