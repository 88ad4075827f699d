/**
 * The citizen's side in a real browser (Debian's chromium via playwright-core): refusals (no session, a forged cookie).
 * axe-core on every page; screenshots to the test's folder, or to the README's with
 * `SCREENSHOTS=docs/screenshots npx tap test/web/`.
 */
import t from 'tap';
import { assertAccessible, listeningService, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';


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
