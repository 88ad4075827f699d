/**
 * `npm run demo`: Blauwe Knop Centraal on this machine. Starts the scheme operator, one app
 * manager and the six pilot organisations, each its own process, port, data folder
 * (DEMO_DATA_DIR/<name>, default ./data/demo) and key; registers the organisations (with the
 * keys from their /v1/sleutels) and the app manager at the operator; prints the URLs; runs
 * until Ctrl-C and then stops every child. Then, in another terminal:
 *
 *   npm run overzicht -- --bsn 999993653
 *
 * DEMO_POORT (default 8090) is the operator's port: the organisations get the next six, the
 * app manager DEMO_POORT + 9.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { fetchStelseldocument, verifyStelseldocument } from '../src/sdk/stelsel.js';
import { stelselPubliekeSleutelPath } from '../src/roles/stelselbeheerder/index.js';

const BASE_PORT = Number(process.env.DEMO_POORT ?? 8090);
const DATA = resolve(process.env.DEMO_DATA_DIR ?? 'data/demo');
const HOST = '127.0.0.1';
const url = (port: number) => `http://${HOST}:${port}/v1`;

const ORGANISATIONS = [
  { name: 'tilburg', oin: '00000099000000000001' },
  { name: 'tholen', oin: '00000099000000000002' },
  { name: 'boxtel', oin: '00000099000000000003' },
  { name: 'sint-michielsgestel', oin: '00000099000000000004' },
  { name: 'cak', oin: '00000099000000000005' },
  { name: 'rdw', oin: '00000099000000000006' },
].map((o, i) => ({ ...o, port: BASE_PORT + 1 + i }));

const OPERATOR = { name: 'stelselbeheerder', port: BASE_PORT };
const APP_MANAGER = { name: 'app-beheerder', port: BASE_PORT + 9, id: 'demo-app-beheerder', naam: 'App-beheerder (demo)' };
/** Where `npm run overzicht` looks for the pinned operator key by default. */
const PINNED_KEY = join(DATA, 'stelselbeheerder-sleutel.jwk');

const children: ChildProcess[] = [];
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

/** Starts src/server.ts in one role; resolves once it answers HTTP. Its log goes to <data>/service.log. */
async function startRole(name: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = join(DATA, name);
  mkdirSync(dataDir, { recursive: true });
  const log = createWriteStream(join(dataDir, 'service.log'), { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port), HOST, PUBLIC_BASE_URL: url(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
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
    const up = await fetch(`${url(port)}/openapi.json`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer on ${url(port)} within 120 s:\n${output}`);
}

/** The operator's own administration command (src/cli/stelsel.ts) on its data folder. */
function stelsel(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/stelsel.ts', ...args], {
      env: { ...process.env, DATA_DIR: join(DATA, OPERATOR.name), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`stelsel ${args[0]} failed (${code}):\n${output}`))));
  });
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
    ...ORGANISATIONS.map((o) => startRole(o.name, o.port, { ...stelselEnv, BK_ROLE: 'organisatie', ORGANISATION_OIN: o.oin })),
  ]);

  await stelsel(['add-app-manager', '--id', APP_MANAGER.id, '--name', APP_MANAGER.naam, '--url', url(APP_MANAGER.port)]);
  for (const o of ORGANISATIONS) await stelsel(['add-organisation', '--discovery-url', `${url(o.port)}/organisatie`]);

  // Self-check, as the app will do it: the served scheme document verifies with the pinned key
  // and lists every participant (catches another process answering on one of these ports).
  const { document } = await verifyStelseldocument(await fetchStelseldocument(url(OPERATOR.port)), JSON.parse(readFileSync(PINNED_KEY, 'utf8')) as JWK, { at: new Date() });
  const listed = new Set(document.organisaties.map((o) => o.oin));
  const missing = ORGANISATIONS.filter((o) => !listed.has(o.oin)).map((o) => o.name);
  if (missing.length > 0 || !document.app_beheerders.some((a) => a.id === APP_MANAGER.id)) {
    throw new Error(`the scheme document does not list ${[...missing, APP_MANAGER.id].join(', ')}`);
  }

  const lines = [
    '',
    'Blauwe Knop Centraal draait:',
    `  stelselbeheerder  ${url(OPERATOR.port)}/stelseldocument   (vastgepinde sleutel: ${PINNED_KEY})`,
    `  app-beheerder     ${url(APP_MANAGER.port)}`,
    ...ORGANISATIONS.map((o) => `  ${o.name.padEnd(20)}${url(o.port)}/organisatie   (OIN ${o.oin})`),
    '',
    `Processen: ${children.map((c) => `${roleOf.get(c)} ${c.pid}`).join(', ')}`,
    '',
    `Logs: ${DATA}/<naam>/service.log`,
    BASE_PORT === 8090 ? 'Overzicht:  npm run overzicht -- --bsn 999993653' : `Overzicht:  npm run overzicht -- --bsn 999993653 --stelsel ${url(OPERATOR.port)} --operator-key ${PINNED_KEY}`,
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
