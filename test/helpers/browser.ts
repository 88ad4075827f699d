import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Test as TapTest } from 'tap';
import { freePort } from './processes.js';
import { startTestService, type TestService } from './service.js';

type Test = Pick<TapTest, 'teardown' | 'same'>;

/** Debian's chromium, with the flags a shared CI machine needs (no GPU, no sandbox, no phoning home). */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export async function startBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  t.teardown(() => browser.close());
  return browser;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core on the page (WCAG 2.0/2.1 A and AA, plus best practices) and asserts zero
 * violations. axe is evaluated through the DevTools protocol, so the page's CSP, which
 * allows no script, stays in force.
 */
export async function assertAccessible(t: Test, page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  t.same(violations, [], `axe: no accessibility violations on ${name}`);
}

/** A test organisation listening on localhost (the browser keeps Secure cookies there over http). */
export async function listeningService(t: Test, env: Record<string, string> = {}): Promise<{ service: TestService; origin: string }> {
  const port = await freePort();
  // localhost, not 127.0.0.1: the browser treats it as a secure context, so the Secure cookie is kept over http.
  const origin = `http://localhost:${port}`;
  const service = await startTestService(t, { env: { PUBLIC_BASE_URL: `${origin}/v1`, ...env } });
  await service.app.listen({ port, host: '127.0.0.1' });
  return { service, origin };
}

/** Screenshots go to the test's folder, or to $SCREENSHOTS (docs/screenshots for the README). */
export function screenshotDir(t: { testdir: () => string }): string {
  const dir = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : t.testdir();
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(t: Test & { ok: (v: unknown, m: string) => void }, page: Page, dir: string, name: string): Promise<void> {
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  t.ok(statSync(file).size > 10_000, `screenshot ${name}.png taken`);
}

export async function logIn(page: Page, origin: string, naam: string): Promise<void> {
  await page.goto(`${origin}/inloggen`);
  await page.getByRole('button', { name: `Inloggen als ${naam}` }).click();
  await page.waitForURL(`${origin}/gegevens`);
}
