/**
 * The citizen's side in a real browser (Debian's chromium via playwright-core): the API docs of every role.
 * axe-core on every page; screenshots to the test's folder, or to the README's with
 * `SCREENSHOTS=docs/screenshots npx tap test/web/`.
 */
import t from 'tap';
import type { Role } from '../../src/config.js';
import { screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
import { startRoleService } from '../helpers/centraal.js';


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
