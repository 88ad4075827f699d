/**
 * The Centraal app in a real browser (Debian's chromium via playwright-core), against a
 * demo-like set-up: the scheme operator, the app manager (which serves the app at /app) and
 * the six pilot organisations, each its own service on 127.0.0.1 with its own seeded database,
 * the organisations admitting the app's origin for CORS as `npm run demo` configures them.
 * Screenshots to the test's folder, or to the README's with `SCREENSHOTS=docs/screenshots`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { Page } from 'playwright-core';
import { compiledEntry } from '../../scripts/compiled.js';
import t, { type Test } from 'tap';
import { runStelsel } from '../../src/roles/stelselbeheerder/commando.js';
import { verifyBundle } from '../../src/sdk/bundle.js';
import { haalOverzicht } from '../../src/sdk/client.js';
import { formatEuro } from '../../src/sdk/opmaak.js';
import { achterstalligeBetalingen } from '../../src/roles/app-beheerder/app/browser/overzicht-html.js';
import { assertAccessible, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
import { startRoleService, startStelselbeheerder } from '../helpers/centraal.js';

// Eight services and a browser on a shared machine: more than the suite's default per file.
t.setTimeout(300_000);

/** Debts at four organisations (Tholen, Sint-Michielsgestel, Boxtel, the CAK), partly overdue. */
const WILLEM = { bsn: '999990081', naam: 'Willem van Dijk' };
const PILOTS = ['00000099000000000001', '00000099000000000002', '00000099000000000003', '00000099000000000004', '00000099000000000005', '00000099000000000006'];
const THOLEN = PILOTS[1]!;

async function opzet(t: Test) {
  const operator = await startStelselbeheerder(t);
  const stelselEnv = { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath };
  const appBeheerder = await startRoleService(t, 'app-beheerder', { listen: true, env: stelselEnv });
  const appOrigin = new URL(appBeheerder.baseUrl).origin;
  const organisaties = await Promise.all(PILOTS.map((oin) => startRoleService(t, 'organisatie', { listen: true, env: { ...stelselEnv, ORGANISATION_OIN: oin, CORS_ORIGINS: appOrigin } })));
  const stelsel = (args: string[]) => runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined });
  await stelsel(['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appBeheerder.baseUrl]);
  for (const org of organisaties) await stelsel(['add-organisation', '--discovery-url', `${org.baseUrl}/organisatie`]);
  const operatorKey = JSON.parse(readFileSync(operator.sleutelPath, 'utf8')) as JWK;
  return { operator, appBeheerder, appOrigin, organisaties, operatorKey };
}

/** Reads the stored app key in the page (through the DevTools protocol: the page's CSP allows no eval). */
async function opgeslagenSleutel(page: Page): Promise<{ thumbprint: string; extractable: boolean[]; export: string }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('blauwe-knop-app');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const key = await new Promise<{ thumbprint: string; signingKey: CryptoKey; decryptionKey: CryptoKey }>((resolve, reject) => {
      const r = db.transaction('apparaat').objectStore('apparaat').get('app-sleutel');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const exported = await crypto.subtle.exportKey('jwk', key.signingKey).then(
      () => 'geëxporteerd',
      (error: Error) => `geweigerd: ${error.name}`,
    );
    return { thumbprint: key.thumbprint, extractable: [key.signingKey.extractable, key.decryptionKey.extractable], export: exported };
  });
}

t.test('the Centraal app: six organisations in parallel, one overview with the seed amounts, a bundle that verifies, a non-extractable key that survives a reload, one organisation down', async (t) => {
  const dir = screenshotDir(t);
  const { operator, appBeheerder, appOrigin, organisaties, operatorKey } = await opzet(t);
  // What the SDK makes of the same organisations on Node: the seed's amounts, folded.
  const verwacht = (await haalOverzicht({ stelselUrl: operator.baseUrl, operatorKey, login: { ontwikkelBsn: WILLEM.bsn } })).overzicht;
  t.same(verwacht.organisaties.map((o) => o.status), PILOTS.map(() => 'ok'));
  t.ok(verwacht.totalen.saldo > 0, 'the seed gives Willem debts');

  const browser = await startBrowser(t);
  const context = await browser.newContext({ acceptDownloads: true, locale: 'nl-NL', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const geblokkeerd: string[] = [];
  const fouten: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) geblokkeerd.push(message.text());
  });
  page.on('pageerror', (error) => fouten.push(error.message));
  const verzoeken: string[] = [];
  page.on('request', (request) => verzoeken.push(`${request.method()} ${request.url()}`));

  const res = await page.goto(`${appOrigin}/app`);
  t.equal(res?.status(), 200);
  const csp = res?.headers()['content-security-policy'] ?? '';
  t.match(csp, /default-src 'none'/);
  t.match(csp, /script-src 'self';/, 'scripts only from this origin');
  t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'nothing inline, no eval');
  t.match(res?.headers(), { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' }, 'the security headers');
  const html = await res!.text();
  t.notMatch(html, /<script(?![^>]*\bsrc=)/i, 'no inline script');
  t.notMatch(html, / style=/, 'no inline style');
  await page.waitForFunction(() => document.documentElement.dataset.app === 'klaar');
  await t.resolves(page.getByText('Alleen voor ontwikkeling.').waitFor(), 'the development login is marked as such');
  await assertAccessible(t, page, 'the app before log-in');
  await screenshot(t, page, dir, '8-app-start');

  await page.getByRole('button', { name: `Overzicht ophalen als ${WILLEM.naam}` }).click();
  await page.locator('#overzicht-kop').waitFor({ timeout: 60_000 });
  t.same(fouten, [], 'no script errors');
  const voortgang = await page.locator('#voortgang-lijst li').evaluateAll((items) => items.map((li) => [(li as HTMLElement).dataset.oin, (li as HTMLElement).dataset.status]));
  t.same(voortgang.map(([oin]) => oin).sort(), [...PILOTS].sort(), 'a progress line per organisation');
  t.ok(voortgang.every(([, status]) => status === 'ok'), 'every organisation answered');
  t.equal(await page.locator('#voortgang-lijst').getAttribute('aria-live'), 'polite', 'progress is announced as it comes');

  const tekst = await page.locator('#overzicht').innerText();
  for (const bedrag of [verwacht.totalen.totaal_financieel_verplicht, verwacht.totalen.totaal_financieel_vereffend, verwacht.totalen.saldo]) {
    t.ok(tekst.includes(formatEuro(bedrag)), `total ${formatEuro(bedrag)} shown`);
  }
  for (const zaak of verwacht.financiele_zaken) {
    t.ok(tekst.includes(zaak.zaak.zaakkenmerk), `zaak ${zaak.zaak.zaakkenmerk} (${zaak.organisatie}) shown`);
    t.ok(tekst.includes(formatEuro(zaak.telt_mee.saldo)), `with its saldo ${formatEuro(zaak.telt_mee.saldo)}`);
  }
  const achterstallig = achterstalligeBetalingen(verwacht);
  t.ok(achterstallig.length > 0, 'the seed has overdue payments');
  t.ok(tekst.includes(formatEuro(achterstallig.reduce((s, a) => s + a.openstaand, 0))), 'the overdue total is shown');
  for (const o of verwacht.organisaties) t.ok(tekst.includes(o.naam), `${o.naam} in the per-organisation table`);
  await assertAccessible(t, page, 'the overview');
  await screenshot(t, page, dir, '9-app-overzicht');

  // Nothing went to a central server but the registration: the operator for the scheme
  // document, the app manager (page, bundle, log-in, registration), the organisations.
  const toegestaan = new Set([new URL(operator.baseUrl).origin, appOrigin, ...organisaties.map((o) => new URL(o.baseUrl).origin)]);
  t.same(verzoeken.filter((v) => !toegestaan.has(new URL(v.split(' ')[1]!).origin)), [], 'no request to anyone else');
  t.same(verzoeken.filter((v) => v.split(' ')[1]!.startsWith(appOrigin) && v.startsWith('POST')).map((v) => new URL(v.split(' ')[1]!).pathname), ['/v1/_ontwikkel-login', '/v1/app-registraties'], 'to the app manager only the log-in and the registration');

  // The bundle the citizen downloads verifies, in the SDK and with the CLI.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download de bundel/ }).click()]);
  const bundelPad = join(t.testdir(), 'bundel.json');
  writeFileSync(bundelPad, readFileSync((await download.path())!));
  const bundel = JSON.parse(readFileSync(bundelPad, 'utf8')) as unknown;
  const controle = await verifyBundle(bundel, operatorKey);
  t.ok(controle.geldig, `the downloaded bundle verifies: ${controle.problemen.join('; ')}`);
  const cli = spawnSync(process.execPath, [compiledEntry('src/cli/blauwe-knop.ts'), 'verifieer', bundelPad, '--operator-key', operator.sleutelPath], { encoding: 'utf8' });
  t.equal(cli.status, 0, `npm run verifieer accepts it: ${cli.stderr}`);
  t.match(cli.stdout, /^Geldig/);

  // The key: non-extractable, and the same after a reload.
  const voor = await opgeslagenSleutel(page);
  t.same(voor.extractable, [false, false], 'both CryptoKeys are non-extractable');
  t.match(voor.export, /^geweigerd: InvalidAccessError/, 'exportKey rejects');
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.app === 'klaar');
  t.equal((await opgeslagenSleutel(page)).thumbprint, voor.thumbprint, 'the key persists across a reload');

  // One organisation stopped: shown as failed, the others still show.
  const tholen = organisaties[PILOTS.indexOf(THOLEN)]!;
  await tholen.app.close();
  await page.getByRole('button', { name: `Overzicht ophalen als ${WILLEM.naam}` }).click();
  await page.locator('#overzicht-kop').waitFor({ timeout: 60_000 });
  t.equal(await page.locator(`#voortgang-lijst li[data-oin="${THOLEN}"]`).getAttribute('data-status'), 'mislukt', 'Tholen is shown as failed');
  t.equal(await page.locator('#voortgang-lijst li[data-status="ok"]').count(), 5, 'the other five answered');
  const zonder = await page.locator('#overzicht').innerText();
  t.match(zonder, /Het overzicht is niet volledig/);
  for (const zaak of verwacht.financiele_zaken.filter((z) => z.oin !== THOLEN)) t.ok(zonder.includes(zaak.zaak.zaakkenmerk), `${zaak.organisatie}'s zaak still shown`);
  t.equal((await opgeslagenSleutel(page)).thumbprint, voor.thumbprint, 'the same device key was used again');
  await assertAccessible(t, page, 'the overview with one organisation down');
  await screenshot(t, page, dir, '10-app-organisatie-onbereikbaar');
  t.same(geblokkeerd, [], 'the CSP blocked nothing the app needs');
  t.same(fouten, [], 'no script errors');
  void appBeheerder;
});
