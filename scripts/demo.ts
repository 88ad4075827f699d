/**
 * `npm run demo`: Blauwe Knop Centraal and Plus on this machine. Starts the scheme operator,
 * one app manager, the six pilot organisations and the example afnemer (the rijbewijs-melder,
 * its own product: src/afnemer), each its own process, port, data folder
 * (DEMO_DATA_DIR/<name>, default ./data/demo) and key; registers the organisations (with the
 * keys from their /v1/sleutels), the app manager, the purpose "rijbewijs-raadplegingen-melden" at RDW and
 * the afnemer (with its public key and delivery endpoint) at the operator; prints the URLs;
 * runs until Ctrl-C and then stops every child. Then, in another terminal:
 *
 *   npm run overzicht -- --bsn 999993653
 *   open http://127.0.0.1:8099/app (the Centraal app in the browser)
 *   npm run plus -- --bsn 999990111
 *
 * DEMO_POORT (default 8090) is the operator's port: the organisations get the next six, the
 * afnemer DEMO_POORT + 7, the app manager DEMO_POORT + 9.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { fetchStelseldocument, verifyStelseldocument } from '../src/sdk/stelsel.js';
import { stelselPubliekeSleutelPath } from '../src/roles/stelselbeheerder/index.js';
import { DEFAULT_DATA_DIR } from '../src/afnemer/config.js';
import { AFLEVER_PAD } from '../src/afnemer/ontvanger.js';
import { loadAfnemerSleutel } from '../src/afnemer/sleutel.js';
import { loadConfig } from '../src/config.js';
import { runStelselOpdrachten } from '../src/roles/stelselbeheerder/opdrachten.js';
import { compiledEntry } from './compiled.js';

import { AFNEMER, APP_MANAGER, BASE_PORT, DATA, demoOmgeving, DOEL, HOST, OPERATOR, ORGANISATIONS, PINNED_KEY, url } from './demo-omgeving.js';

const children: ChildProcess[] = [];
/** Where the app manager serves the Centraal app (`/app`): the one origin the organisations admit for CORS. */
const APP_ORIGIN = new URL(url(APP_MANAGER.port)).origin;
/** How old an organisation's copy of the scheme may get in the demo (the default is 300 s): changes show within seconds. */
const ORGANISATIE_VERVERS_SECONDEN = 2;

/** The role each child plays, for the report when one dies. */
const roleOf = new Map<ChildProcess, string>();
/** Set once the demo stops on purpose (Ctrl-C, a failed start): children exiting then is expected. */
let stopping = false;

/**
 * A child that dies while the demo runs leaves Centraal half-working: the overview would show
 * it as a time-out with no explanation. Say which one and where its log is, and stop the rest.
 */
function watch(child: ChildProcess, name: string): void {
  roleOf.set(child, name);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(
      `\n${name} (pid ${child.pid}) stopte onverwacht (${signal ? `signaal ${signal}` : `exitcode ${code}`}); zie ${join(DATA, name, 'service.log')}.\n` +
        `De demo stopt de andere ${children.filter((c) => c !== child && c.exitCode === null && c.signalCode === null).length} processen.\n`,
    );
    void stopAll().then(() => process.exit(1));
  });
}

/**
 * Starts one process (an entry point, from its compiled build: scripts/compiled.ts) with its
 * own data folder; resolves once `ready()` holds. Its log goes to <data>/service.log.
 */
async function startProcess(name: string, entry: string[], port: number, env: Record<string, string>, ready: () => Promise<boolean>): Promise<ChildProcess> {
  const dataDir = join(DATA, name);
  mkdirSync(dataDir, { recursive: true });
  const log = createWriteStream(join(dataDir, 'service.log'), { flags: 'a' });
  const child = spawn(process.execPath, [compiledEntry(entry[0]!), ...entry.slice(1)], {
    env: demoOmgeving({ ...env, DATA_DIR: dataDir, PORT: String(port), HOST, PUBLIC_BASE_URL: url(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  watch(child, name);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} stopped with exit code ${child.exitCode}:\n${output}`);
    if (await ready()) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer on ${url(port)} within 120 s:\n${output}`);
}

/** Starts src/server.ts in one role; resolves once it answers HTTP. */
function startRole(name: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  return startProcess(name, ['src/server.ts'], port, env, () => fetch(`${url(port)}/openapi.json`).then((r) => r.ok, () => false));
}

/**
 * Starts the example afnemer (src/afnemer, its own product); resolves once its delivery
 * endpoint answers (a GET there is a 405: it only takes POSTed SETs).
 */
function startAfnemer(env: Record<string, string>): Promise<ChildProcess> {
  return startProcess(AFNEMER.name, ['src/afnemer/cli.ts', 'serve'], AFNEMER.port, { ...env, AFNEMER_ID: AFNEMER.id }, () =>
    fetch(`${url(AFNEMER.port)}${AFLEVER_PAD}`).then((r) => r.status === 405, () => false),
  );
}

/** The afnemer's public key (generated in its data folder on first use), as a file for add-afnemer. */
async function afnemerSleutelBestand(): Promise<string> {
  const { publiek } = await loadAfnemerSleutel({ dataDir: join(DATA, AFNEMER.name) });
  const path = join(DATA, AFNEMER.name, 'afnemer-sleutel.publiek.jwk');
  writeFileSync(path, `${JSON.stringify(publiek)}\n`);
  return path;
}

/**
 * The operator's own administration (what `npm run stelsel -- <opdracht>` does on its data
 * folder), every command in this process over one database connection: a process per command
 * cost seconds each. The running operator publishes the changes as it does after the CLI.
 */
async function stelsel(opdrachten: string[][]): Promise<void> {
  const config = loadConfig(demoOmgeving({ BK_ROLE: 'stelselbeheerder', DATA_DIR: join(DATA, OPERATOR.name) }));
  await runStelselOpdrachten(config, opdrachten, () => undefined);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function main(): Promise<void> {
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping ${children.length} processes…\n`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  process.stderr.write(`Starting Blauwe Knop Centraal (data in ${DATA})…\n`);
  await startRole(OPERATOR.name, OPERATOR.port, { BK_ROLE: 'stelselbeheerder' });
  copyFileSync(stelselPubliekeSleutelPath(join(DATA, OPERATOR.name)), PINNED_KEY);
  const stelselEnv = { STELSEL_URL: url(OPERATOR.port), STELSEL_SLEUTEL: PINNED_KEY };

  await Promise.all([
    startRole(APP_MANAGER.name, APP_MANAGER.port, { ...stelselEnv, BK_ROLE: 'app-beheerder', APP_BEHEERDER_ID: APP_MANAGER.id, APP_BEHEERDER_NAAM: APP_MANAGER.naam }),
    ...ORGANISATIONS.map((o) =>
      // CORS_ORIGINS: the Centraal app in the browser (served by the app manager) calls the organisations from its origin.
      startRole(o.name, o.port, { ...stelselEnv, BK_ROLE: 'organisatie', ORGANISATION_OIN: o.oin, STELSEL_VERVERS_SECONDEN: String(ORGANISATIE_VERVERS_SECONDEN), CORS_ORIGINS: APP_ORIGIN }),
    ),
    startAfnemer(stelselEnv),
  ]);

  await stelsel([
    ['add-app-manager', '--id', APP_MANAGER.id, '--name', APP_MANAGER.naam, '--url', url(APP_MANAGER.port)],
    ...ORGANISATIONS.map((o) => ['add-organisation', '--discovery-url', `${url(o.port)}/organisatie`]),
    [
      'add-doel', '--id', DOEL.id, '--description', DOEL.omschrijving, '--bronhouder', DOEL.bronhouder,
      '--event-types', DOEL.gebeurtenistypen.join(','), '--scopes', DOEL.scopes.join(','),
      '--max-days', String(DOEL.maximaleDuurDagen), '--retention-days', String(DOEL.bewaartermijnDagen),
    ],
    [
      'add-afnemer', '--id', AFNEMER.id, '--name', AFNEMER.naam, '--endpoint', `${url(AFNEMER.port)}${AFLEVER_PAD}`,
      '--purposes', DOEL.id, '--keys-file', await afnemerSleutelBestand(),
    ],
  ]);

  // The organisations fetched the scheme when they started, before the afnemer and its purpose
  // were in it; once their copy is older than its refresh age, their next request fetches the
  // new one. Wait that long, so `npm run plus` can start as soon as the demo says it is ready.
  await new Promise((r) => setTimeout(r, ORGANISATIE_VERVERS_SECONDEN * 1000 + 500));

  // Self-check, as the app will do it: the served scheme document verifies with the pinned key
  // and lists every participant (catches another process answering on one of these ports).
  const { document } = await verifyStelseldocument(await fetchStelseldocument(url(OPERATOR.port)), JSON.parse(readFileSync(PINNED_KEY, 'utf8')) as JWK, { at: new Date() });
  const listed = new Set(document.organisaties.map((o) => o.oin));
  const missing = ORGANISATIONS.filter((o) => !listed.has(o.oin)).map((o) => o.name);
  if (!document.app_beheerders.some((a) => a.id === APP_MANAGER.id)) missing.push(APP_MANAGER.id);
  if (!document.afnemers?.some((a) => a.id === AFNEMER.id)) missing.push(AFNEMER.id);
  if (missing.length > 0) throw new Error(`the scheme document does not list ${missing.join(', ')}`);

  const lines = [
    '',
    'Blauwe Knop Centraal draait:',
    `  stelselbeheerder  ${url(OPERATOR.port)}/stelseldocument   (vastgepinde sleutel: ${PINNED_KEY})`,
    `  app-beheerder     ${url(APP_MANAGER.port)}`,
    `  Centraal-app      ${APP_ORIGIN}/app   (in de browser)`,
    ...ORGANISATIONS.map((o) => `  ${o.name.padEnd(20)}${url(o.port)}/organisatie   (OIN ${o.oin})`),
    `  ${AFNEMER.name.padEnd(20)}${url(AFNEMER.port)}${AFLEVER_PAD}   (afnemer ${AFNEMER.id}, doel ${DOEL.id})`,
    '',
    `Processen: ${children.map((c) => `${roleOf.get(c)} ${c.pid}`).join(', ')}`,
    '',
    `Logs: ${DATA}/<naam>/service.log`,
    BASE_PORT === 8090 ? 'Overzicht:  npm run overzicht -- --bsn 999993653' : `Overzicht:  npm run overzicht -- --bsn 999993653 --stelsel ${url(OPERATOR.port)} --operator-key ${PINNED_KEY}`,
    BASE_PORT === 8090 ? 'Plus:       npm run plus -- --bsn 999990111' : `Plus:       DEMO_POORT=${BASE_PORT} DEMO_DATA_DIR=${DATA} npm run plus -- --bsn 999990111`,
    `Meldingen:  ${join(DATA, AFNEMER.name) === resolve(DEFAULT_DATA_DIR) ? '' : `DATA_DIR=${join(DATA, AFNEMER.name)} `}npm run -s afnemer -- meldingen --json`,
    'Stoppen met Ctrl-C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(async (error: unknown) => {
  stopping = true;
  process.stderr.write(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
