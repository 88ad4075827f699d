/**
 * The citizen's page in a real browser (Debian's chromium via playwright-core): the
 * journeys of issue 9, axe-core on every page, and screenshots. Screenshots go to the
 * test's own folder; `SCREENSHOTS=docs/screenshots npx tap test/web/browser.test.ts`
 * refreshes the ones in the README.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import t from 'tap';
import type { components } from '../../src/generated/api.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../src/protocol/verify-document.js';
import { formatEuro } from '../../src/weergave/opmaak.js';
import { verifyCertifiedPdf } from '../../src/weergave/pdf-controle.js';
import { assertAccessible, startBrowser } from '../helpers/browser.js';
import type { Role } from '../../src/config.js';
import { startRoleService } from '../helpers/centraal.js';
import { freePort } from '../helpers/processes.js';
import { bearer, RDW, startTestService, type TestService } from '../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];
type RijbewijsDocument = components['schemas']['RijbewijsDocument'];

const SANNE = { bsn: '999993653', naam: 'Sanne de Vries' };
/** Truck licence with eight categories, restriction codes 01 and 95, three raadplegingen. */
const VRACHTWAGEN = { bsn: '999990147', naam: 'Henk Willems' };

async function listeningService(t: Parameters<typeof startTestService>[0], env: Record<string, string> = {}): Promise<{ service: TestService; origin: string }> {
  const port = await freePort();
  // localhost, not 127.0.0.1: the browser treats it as a secure context, so the Secure cookie is kept over http.
  const origin = `http://localhost:${port}`;
  const service = await startTestService(t, { env: { PUBLIC_BASE_URL: `${origin}/v1`, ...env } });
  await service.app.listen({ port, host: '127.0.0.1' });
  return { service, origin };
}

function screenshotDir(t: { testdir: () => string }): string {
  const dir = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : t.testdir();
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function screenshot(t: Parameters<typeof startTestService>[0] & { ok: (v: unknown, m: string) => void }, page: Page, dir: string, name: string): Promise<void> {
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  t.ok(statSync(file).size > 10_000, `screenshot ${name}.png taken`);
}

async function logIn(page: Page, origin: string, naam: string): Promise<void> {
  await page.goto(`${origin}/inloggen`);
  await page.getByRole('button', { name: `Inloggen als ${naam}` }).click();
  await page.waitForURL(`${origin}/gegevens`);
}

async function download(context: BrowserContext, page: Page, name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).first().click()]);
  const path = await file.path();
  void context;
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
  const json = await download(context, page, /Download als JSON/);
  const headers = (await context.request.get(`${origin}/downloads/financiele-verplichtingen/json`)).headers();
  const fromJson = await verifyPayloadSignature(json, headers['payload-signature'] ?? '', keys);
  t.equal(fromJson.header.kid, service.ctx.keyring.active.kid, 'the JSON download verifies with its Payload-Signature');
  const jose = await download(context, page, /Download als JOSE/);
  t.same(JSON.parse(Buffer.from((await verifyCompactDocument(jose.toString('utf8'), keys)).payload).toString('utf8')).gegevens.saldo, document.gegevens.saldo, 'the JOSE download verifies');
  const pdf = await download(context, page, /Download als PDF/);
  t.equal((await verifyCertifiedPdf(pdf, keys)).verified.header.kid, service.ctx.keyring.active.kid, 'the PDF download verifies, pages and attachment');

  // Log out: a form with a CSRF token; afterwards the page asks for a log-in again.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.waitForURL(`${origin}/`);
  await page.goto(`${origin}/gegevens`);
  t.equal(new URL(page.url()).pathname, '/inloggen', 'after logging out the data page sends to the log-in');
  t.same(blocked, [], 'the CSP blocked nothing the pages need');
});

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

t.test('bad input: no session goes to log-in, a forged cookie is refused in Dutch', async (t) => {
  const dir = screenshotDir(t);
  const { origin } = await listeningService(t);
  const browser = await startBrowser(t);
  const context = await browser.newContext({ locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${origin}/gegevens`);
  t.equal(new URL(page.url()).pathname, '/inloggen', 'the data page without a session sends to the log-in');

  await context.addCookies([{ name: 'bk_sessie', value: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC', url: origin, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  const forged = await page.goto(`${origin}/gegevens`);
  t.equal(forged?.status(), 401);
  t.match(await page.locator('main').innerText(), /Uw sessie is niet geldig/);
  await assertAccessible(t, page, 'the refused-session page');
  await screenshot(t, page, dir, '5-sessie-ongeldig');
});

t.test('API docs at /v1/docs for every role, from the served contract, with its examples', async (t) => {
  const dir = screenshotDir(t);
  const browser = await startBrowser(t);
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1200, height: 900 } });
  const expectations: Array<{ role: Role; title: string; operation: string; example: RegExp }> = [
    { role: 'organisatie', title: 'Blauwe Knop Basis', operation: 'ophalenOrganisatie', example: /Gemeente Tilburg \(demo\)/ },
    { role: 'app-beheerder', title: '', operation: '', example: /./ },
    { role: 'stelselbeheerder', title: '', operation: '', example: /./ },
  ];
  for (const { role, title, operation, example } of expectations) {
    const service = await startRoleService(t, role, { listen: true });
    const page = await context.newPage();
    const res = await page.goto(`${service.baseUrl}/docs`);
    t.equal(res?.status(), 200, `${role}: /v1/docs`);
    const heading = page.locator('.info .title').first();
    await heading.waitFor();
    const contractTitle = (service.ctx.contract.document as unknown as { info: { title: string } }).info.title;
    t.match(await heading.innerText(), title || contractTitle, `${role}: the contract's title`);
    const firstOperation = operation || (await page.locator('.opblock').first().getAttribute('id'))!.replace(/^operations-[^-]+-/, '');
    await page.locator(`[id$="-${firstOperation}"] .opblock-summary-control`).first().click();
    await page.locator('.responses-wrapper .example, .responses-wrapper .microlight').first().waitFor();
    t.match(await page.locator('.responses-wrapper').first().innerText(), example, `${role}: the operation's example shows`);
    if (role === 'organisatie') await screenshot(t, page, dir, '6-api-docs');
    await page.close();
  }
});
