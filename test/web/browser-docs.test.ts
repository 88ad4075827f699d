/**
 * The citizen's side in a real browser (Debian's chromium via playwright-core): the API docs of every role.
 * axe-core on every page, as it first shows and with an operation and its examples opened:
 * zero violations, with no rule excluded (what Swagger UI's own markup fails is fixed by the
 * layout, stylesheet and script we serve with it, src/http/api-docs.ts and api-docs-thema.ts);
 * screenshots to the test's folder, or to the README's with
 * `SCREENSHOTS=docs/screenshots npx tap test/web/`.
 */
import t from 'tap';
import type { Role } from '../../src/config.js';
import { assertAccessible, screenshot, screenshotDir, startBrowser } from '../helpers/browser.js';
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
    await page.locator('.opblock').first().waitFor();
    await assertAccessible(t, page, `${role}: /v1/docs`);
    const firstOperation = operation || (await page.locator('.opblock').first().getAttribute('id'))!.replace(/^operations-[^-]+-/, '');
    await page.locator(`[id$="-${firstOperation}"] .opblock-summary-control`).first().click();
    await page.locator('.responses-wrapper .example, .responses-wrapper .microlight').first().waitFor();
    t.match(await page.locator('.responses-wrapper').first().innerText(), example, `${role}: the operation's example shows`);
    await assertAccessible(t, page, `${role}: /v1/docs with ${firstOperation} opened`);
    if (role === 'organisatie') await screenshot(t, page, dir, '6-api-docs');
    if (role === 'organisatie') {
      // A document operation: header and query parameters, three media types, wide examples.
      await page.locator('[id$="-ophalenFinancieleVerplichtingen"] .opblock-summary-control').first().click();
      await page.locator('[id$="-ophalenFinancieleVerplichtingen"] .responses-wrapper .microlight').first().waitFor();
      await assertAccessible(t, page, `${role}: /v1/docs with a document operation opened`);
    }
    await page.close();
  }
});
