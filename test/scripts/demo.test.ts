/**
 * `npm run demo` as a user runs it: nine processes (operator, app manager, six organisations,
 * the example afnemer), then `blauwe-knop overzicht` across them, `npm run plus` (the Plus
 * pilot end to end), and the Centraal app in chromium at the /app URL the demo prints: the
 * overview across the six, then with one organisation's process stopped (SIGSTOP: it keeps
 * its port but answers nothing, as a hung server does; killing it would stop the whole demo,
 * see the last test) shown as not answering while the other five still show; then Ctrl-C
 * stops every child. Then `npm run demo` again, on the data the first run left (as a user's
 * second run finds it): a child that dies is reported, and the demo stops the others.
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { compiledEntry } from '../../scripts/compiled.js';
import t, { type Test } from 'tap';
import { haalOverzicht } from '../../src/sdk/client.js';
import { formatEuro } from '../../src/sdk/opmaak.js';
import { assertAccessible, startBrowser } from '../helpers/browser.js';

// The demo keeps every role on its own SQLite database whatever DATABASE_URL says
// (scripts/demo-omgeving.ts), so the pass on PostgreSQL would repeat this file unchanged.
const OP_POSTGRESQL = process.env.DATABASE_URL ? 'the demo runs on the embedded default, whatever DATABASE_URL says' : false;

// Nine processes start, then two CLIs run against them: more than the suite's 120 s per file on a busy machine.
t.setTimeout(620_000);

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/** Whether the ten ports from `base` all refuse connections: free for the demo. */
async function blockFree(base: number): Promise<boolean> {
  return (await Promise.all(Array.from({ length: 10 }, (_, i) => refuses(base + i)))).every(Boolean);
}

async function freeBlock(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    // Below the kernel's ephemeral range (32768+), where other tests' services get their ports.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    if (await blockFree(base)) return base;
  }
  throw new Error('no free block of ten ports');
}

/**
 * One data folder and, while it is free, one block of ports for both tests: the second
 * `npm run demo` starts on what the first left (migrated, seeded, keys made, every role
 * registered), as a user's second run does. That start is also the cheaper one.
 */
let plaats: { base: number; data: string } | undefined;

async function demoPlaats(): Promise<{ base: number; data: string }> {
  if (!plaats) {
    // Not t.testdir(): the demo's processes write here across both tests, so a folder of its own.
    const data = mkdtempSync(join(tmpdir(), 'bk-demo-test-'));
    t.teardown(() => rmSync(data, { recursive: true, force: true }));
    plaats = { base: await freeBlock(), data };
  }
  // Taken since: another block. The registrations follow, as the demo registers every role again at each start.
  if (!(await blockFree(plaats.base))) plaats.base = await freeBlock();
  return plaats;
}

/** Starts `npm run demo` on a free block of ports and the tests' data folder; resolves once it runs. */
async function startDemo(t: Test) {
  const { base, data } = await demoPlaats();
  const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    // A DATABASE_URL nothing answers on: the demo must not hand it to its roles.
    env: { ...process.env, DEMO_POORT: String(base), DEMO_DATA_DIR: data, LOG_LEVEL: 'warn', DATABASE_URL: 'postgresql://niemand@127.0.0.1:9/geen' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demo.stdout.on('data', (c: Buffer) => (output += c.toString()));
  demo.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (demo.exitCode === null) demo.kill('SIGINT');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 300_000);
    const check = () => {
      if (output.includes('Stoppen met Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    demo.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`demo exited:\n${output}`));
    });
  });
  return { base, data, demo, exited, output: () => output };
}

t.test('npm run demo starts every role and the afnemer, the CLI makes the overview across all six, npm run plus plays the pilot, Ctrl-C stops them all', { timeout: 600_000, skip: OP_POSTGRESQL }, async (t) => {
  const { base, data, demo, exited, output: printed } = await startDemo(t);
  const output = printed();
  t.match(output, new RegExp(`stelselbeheerder\\s+http://127\\.0\\.0\\.1:${base}/v1/stelseldocument`));

  const cli = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [
      compiledEntry('src/cli/blauwe-knop.ts'), 'overzicht', '--bsn', '999990081',
      '--stelsel', `http://127.0.0.1:${base}/v1`, '--operator-key', join(data, 'stelselbeheerder-sleutel.jwk'),
      '--bundle', join(data, 'bundel.json'), '--staat', join(data, 'staat.json'),
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  t.equal(cli.status, 0, cli.stderr);
  t.equal((cli.stdout.match(/ opgehaald /g) ?? []).length, 6, 'all six organisations answered');
  t.match(cli.stdout, /Gemeente Tholen \(demo\).*\n(.*\n)*.*Totaal/);

  t.match(output, new RegExp(`rijbewijs-melder\\s+http://127\\.0\\.0\\.1:${base + 7}/v1/meldingen\\s+\\(afnemer urn:nl:blauwe-knop:afnemer:rijbewijs-melder`), 'the ready line lists the afnemer');

  const plus = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/plus.ts', '--bsn', '999990111'], {
      env: { ...process.env, DEMO_POORT: String(base), DEMO_DATA_DIR: data },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  t.equal(plus.status, 0, `${plus.stdout}\n${plus.stderr}`);
  t.same(plus.stdout.match(/^\d\. [✓✗]/gm), ['1. ✓', '2. ✓', '3. ✓', '4. ✓', '5. ✓', '6. ✓', '7. ✓'], 'all seven steps held');
  // What the afnemer shows is exactly the array of { set, ontvangen_op } the issue asks for.
  const meldingen = spawnSync(process.execPath, [compiledEntry('src/afnemer/cli.ts'), 'meldingen', '--json'], {
    env: { ...process.env, DATA_DIR: join(data, 'rijbewijs-melder') },
    encoding: 'utf8',
  });
  const lijst = JSON.parse(meldingen.stdout) as { set: string; ontvangen_op: string }[];
  t.ok(lijst.length >= 3, 'granted, looked up, revoked');
  t.ok(lijst.every((m) => Object.keys(m).sort().join() === 'ontvangen_op,set' && m.set.split('.').length === 3));

  await centraalAppJourney(t, { output, stelselUrl: `http://127.0.0.1:${base}/v1`, operatorKeyFile: join(data, 'stelselbeheerder-sleutel.jwk') });

  demo.kill('SIGINT');
  t.equal(await exited, 0);
  const ports = [base, ...Array.from({ length: 7 }, (_, i) => base + 1 + i), base + 9];
  t.same(await Promise.all(ports.map(refuses)), ports.map(() => true), 'every child stopped');
});

/** Willem van Dijk: debts at four of the six (the seed), Tholen among them. */
const WILLEM = { bsn: '999990081', naam: 'Willem van Dijk' };
const THOLEN = '00000099000000000002';

/**
 * The journey for the Centraal app against the running demo: open the /app URL the
 * demo printed, fetch the overview across all six organisations, then stop Tholen's process
 * and fetch again: Tholen shows as not answering, the other five and their debts still show.
 */
async function centraalAppJourney(t: Test, demo: { output: string; stelselUrl: string; operatorKeyFile: string }): Promise<void> {
  const appUrl = /Centraal-app\s+(http:\/\/\S+\/app)\s/.exec(demo.output)?.[1];
  t.ok(appUrl, `the demo prints the app's URL (${appUrl})`);
  const tholenPid = Number(/Processen: .*\btholen (\d+)/.exec(demo.output)?.[1]);
  t.ok(tholenPid > 0, 'the demo lists its processes');
  // What the SDK on Node makes of the same demo: the amounts the app must show.
  const operatorKey = JSON.parse(readFileSync(demo.operatorKeyFile, 'utf8')) as JWK;
  const verwacht = (await haalOverzicht({ stelselUrl: demo.stelselUrl, operatorKey, login: { ontwikkelBsn: WILLEM.bsn } })).overzicht;
  t.equal(verwacht.organisaties.length, 6, 'six organisations in the scheme');

  const browser = await startBrowser(t);
  const page = await (await browser.newContext({ locale: 'nl-NL' })).newPage();
  const fouten: string[] = [];
  page.on('pageerror', (error) => fouten.push(error.message));
  t.equal((await page.goto(appUrl!))?.status(), 200, 'the app loads from the app manager');
  await page.waitForFunction(() => document.documentElement.dataset.app === 'klaar');
  const ophalen = page.getByRole('button', { name: `Overzicht ophalen als ${WILLEM.naam}` });
  const statussen = () =>
    page.locator('#voortgang-lijst li').evaluateAll((items) => Object.fromEntries(items.map((li) => [(li as HTMLElement).dataset.oin, (li as HTMLElement).dataset.status])));

  await ophalen.click();
  await page.locator('#overzicht-kop').waitFor({ timeout: 60_000 });
  const alle = await statussen();
  t.same(Object.keys(alle).sort(), verwacht.organisaties.map((o) => o.oin).sort(), 'a progress line for each of the six');
  t.ok(Object.values(alle).every((status) => status === 'ok'), 'all six answered');
  const tekst = await page.locator('#overzicht').innerText();
  t.ok(tekst.includes(formatEuro(verwacht.totalen.saldo)), `the total saldo ${formatEuro(verwacht.totalen.saldo)} shows`);
  for (const zaak of verwacht.financiele_zaken) t.ok(tekst.includes(zaak.zaak.zaakkenmerk), `${zaak.organisatie}: zaak ${zaak.zaak.zaakkenmerk} shows`);
  t.ok(verwacht.financiele_zaken.some((z) => z.oin === THOLEN), 'Tholen has a zaak to lose');

  // Tholen's process stops answering; resumed below, and at teardown whatever happens.
  process.kill(tholenPid, 'SIGSTOP');
  const hervat = () => {
    try {
      process.kill(tholenPid, 'SIGCONT');
    } catch {
      // Already gone.
    }
  };
  t.teardown(hervat);
  await ophalen.click();
  // The app gives each organisation 10 s (the SDK's time-out) before it calls it unanswered.
  await page.locator('#overzicht-kop').waitFor({ timeout: 60_000 });
  const zonder = await statussen();
  t.equal(zonder[THOLEN], 'time-out', 'Tholen is shown as not answering');
  t.equal(Object.values(zonder).filter((status) => status === 'ok').length, 5, 'the other five answered');
  t.match(await page.locator(`#voortgang-lijst li[data-oin="${THOLEN}"]`).innerText(), /geen antwoord/, 'in words, on its progress line');
  const rest = await page.locator('#overzicht').innerText();
  t.match(rest, /Het overzicht is niet volledig/);
  for (const zaak of verwacht.financiele_zaken) {
    if (zaak.oin === THOLEN) t.notOk(rest.includes(zaak.zaak.zaakkenmerk), `Tholen's zaak ${zaak.zaak.zaakkenmerk} is not shown`);
    else t.ok(rest.includes(zaak.zaak.zaakkenmerk), `${zaak.organisatie}'s zaak still shows`);
  }
  await assertAccessible(t, page, 'the app with one organisation not answering');
  hervat();
  t.same(fouten, [], 'no script errors');
}

t.test('npm run demo, started again on the same data, reports a child process that dies, and stops the others', { timeout: 400_000, skip: OP_POSTGRESQL }, async (t) => {
  const { base, exited, output } = await startDemo(t);
  const pid = Number(/Processen: .*\btholen (\d+)/.exec(output())?.[1]);
  t.ok(pid > 0, 'the demo lists its processes');
  process.kill(pid, 'SIGKILL');
  t.equal(await exited, 1, 'the demo stops with an error');
  t.match(output(), new RegExp(`tholen \\(pid ${pid}\\) stopte onverwacht \\(signaal SIGKILL\\); zie .*tholen/service\\.log`));
  const ports = [base, ...Array.from({ length: 7 }, (_, i) => base + 1 + i), base + 9];
  t.same(await Promise.all(ports.map(refuses)), ports.map(() => true), 'every other child stopped');
});
