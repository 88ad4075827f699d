/**
 * How parallel is the overview? The whole fan-out of `haalOverzicht` (a session and the
 * documents at every organisation, each decrypted and verified) against the slowest single
 * organisation's fetch in the same run: 1.0 is the limit of a fully parallel fetch. Two
 * set-ups, each served from a child process on 127.0.0.1 so the servers and the app do not
 * share one event loop:
 *   - pilots: the real server side (scheme operator, app manager, the six pilot organisations,
 *     each its own database and key), registered with the operator's own command;
 *   - simulated: 50 organisation instances with synthetic OINs sharing one seeded database
 *     (test/helpers/simulated-centraal.ts), in one scheme document.
 *
 * Besides that ratio it prints the sum of the single fetches over the fan-out (the speed-up
 * over fetching one after the other) and the fan-out over the slowest organisation fetched
 * ALONE (what the others' load costs: the servers share this machine's cores).
 *
 *   npm run bench:overzicht            (BENCH_RUNS=10, BENCH_ORGANISATIES=50)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import pino from 'pino';
import { loadConfig, type Role } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { ontwikkelLogin, registreerApp } from '../src/sdk/app-beheerder.js';
import { generateAppKey } from '../src/sdk/app-key.js';
import { haalOverzicht } from '../src/sdk/client.js';
import { fetchOrganisation } from '../src/sdk/organisatie.js';
import { fetchStelseldocument, verifyStelseldocument } from '../src/sdk/stelsel.js';
import { createRoleService } from '../src/roles/index.js';
import { stelselPubliekeSleutelPath } from '../src/roles/stelselbeheerder/index.js';
import { runStelsel } from '../src/roles/stelselbeheerder/commando.js';
import { PILOTS, startSimulatedCentraal } from '../test/helpers/simulated-centraal.js';
import { freePort } from '../test/helpers/processes.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const SIMULATED = Number(process.env.BENCH_ORGANISATIES ?? 50);
const BSN = '999990081'; // Willem van Dijk: debts at four organisations

interface Served {
  stelselUrl: string;
  operatorKey: JWK;
}

// ---- child: the servers ----------------------------------------------------------------------

async function serveRealPilots(): Promise<Served> {
  const root = mkdtempSync(join(tmpdir(), 'bk-bench-overzicht-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const start = async (role: Role, name: string, env: Record<string, string>) => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const config = loadConfig({ ...BENCH_RATE_LIMITS, BK_ROLE: role, DATA_DIR: join(root, name), LOG_LEVEL: 'silent', PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...env });
    const service = await createRoleService(config, { logger: pino({ level: 'silent' }) });
    await service.app.listen({ port, host: '127.0.0.1' });
    return { ...service, baseUrl };
  };
  const operator = await start('stelselbeheerder', 'stelselbeheerder', {});
  const stelselEnv = { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: stelselPubliekeSleutelPath(join(root, 'stelselbeheerder')) };
  const appBeheerder = await start('app-beheerder', 'app-beheerder', stelselEnv);
  const organisaties = await Promise.all(PILOTS.map((p) => start('organisatie', p.oin, { ...stelselEnv, ORGANISATION_OIN: p.oin })));
  const stelsel = (args: string[]) => runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined });
  await stelsel(['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (bench)', '--url', appBeheerder.baseUrl]);
  for (const org of organisaties) {
    await stelsel(['add-organisation', '--discovery-url', `${org.baseUrl}/organisatie`]);
  }
  return { stelselUrl: operator.baseUrl, operatorKey: JSON.parse(readFileSync(stelselEnv.STELSEL_SLEUTEL, 'utf8')) as JWK };
}

async function serveSimulated(count: number): Promise<Served> {
  const fcid = PILOTS.filter((p) => (p.diensten as readonly string[]).includes('financiele-verplichtingen'));
  const organisaties = Array.from({ length: count }, (_, i) => {
    const bron = fcid[i % fcid.length]!;
    return { oin: `000000990000001${String(i).padStart(5, '0')}`, naam: `Simulatie ${i + 1} (als ${bron.naam})`, bronOin: bron.oin, diensten: ['financiele-verplichtingen' as const] };
  });
  const centraal = await startSimulatedCentraal({ organisaties });
  return { stelselUrl: centraal.stelselUrl, operatorKey: centraal.operatorPublicJwk };
}

// ---- parent: the app -----------------------------------------------------------------------------

function startServers(mode: string): Promise<{ child: ChildProcess; served: Served }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/overzicht.ts', '--serve', mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, served: JSON.parse(line) as Served }));
    child.once('exit', (code) => reject(new Error(`servers (${mode}) stopped with ${code}`)));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(label: string, mode: string): Promise<void> {
  const { child, served } = await startServers(mode);
  try {
    const options = { stelselUrl: served.stelselUrl, operatorKey: served.operatorKey, login: { ontwikkelBsn: BSN }, timeoutMs: 30_000 };
    await haalOverzicht(options); // warm-up: connections, JIT, caches on both sides
    const runs: Array<{ fanOut: number; slowest: number; total: number; sum: number; ok: number; n: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await haalOverzicht(options);
      runs.push({
        fanOut: r.tijden.organisaties_ms,
        slowest: r.tijden.traagste_organisatie_ms,
        total: r.tijden.totaal_ms,
        sum: r.resultaten.reduce((s, x) => s + x.duur_ms, 0),
        ok: r.resultaten.filter((x) => x.status === 'ok').length,
        n: r.resultaten.length,
      });
    }
    // Each organisation alone (one at a time, same app): what a fetch costs without the others.
    const { document } = await verifyStelseldocument(await fetchStelseldocument(served.stelselUrl), served.operatorKey, { at: new Date() });
    const appKey = await generateAppKey();
    const appBeheerder = document.app_beheerders[0]!;
    const registratie = await registreerApp(appBeheerder.url, await ontwikkelLogin(appBeheerder.url, BSN), appKey);
    const alone: number[] = [];
    for (const org of document.organisaties) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await fetchOrganisation(org, { appKey, appCredential: registratie.app_credential, bsn: BSN, signal: AbortSignal.timeout(30_000), now: () => new Date() });
        times.push(performance.now() - started);
      }
      alone.push(median(times));
    }
    const slowestAlone = Math.max(...alone);
    const ratio = median(runs.map((r) => r.fanOut / r.slowest));
    const ratioTotal = median(runs.map((r) => r.total / r.slowest));
    const speedup = median(runs.map((r) => r.sum / r.fanOut));
    const okAll = runs.every((r) => r.ok === r.n);
    process.stdout.write(
      `${label.padEnd(34)} orgs ${String(runs[0]!.n).padStart(3)}  ok ${okAll ? 'all' : 'NOT ALL'}  ` +
        `fan-out/slowest ${ratio.toFixed(2)}  whole overview/slowest ${ratioTotal.toFixed(2)}  ` +
        `sum-of-fetches/fan-out ${speedup.toFixed(1)}x  fan-out/slowest-alone ${(median(runs.map((r) => r.fanOut)) / slowestAlone).toFixed(2)}\n` +
        `${''.padEnd(34)} (medians of ${RUNS}: slowest in run ${median(runs.map((r) => r.slowest)).toFixed(0)} ms, fan-out ${median(runs.map((r) => r.fanOut)).toFixed(0)} ms, ` +
        `whole ${median(runs.map((r) => r.total)).toFixed(0)} ms; slowest organisation fetched alone ${slowestAlone.toFixed(0)} ms)\n`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  const mode = process.argv[serveIndex + 1] ?? 'pilots';
  const served = mode === 'pilots' ? await serveRealPilots() : await serveSimulated(Number(mode));
  process.stdout.write(`${JSON.stringify(served)}\n`);
  process.on('SIGTERM', () => process.exit(0));
} else {
  process.stdout.write(`Overview benchmark on 127.0.0.1, ${new Date().toISOString()}, node ${process.version}, BSN of a demo citizen with debts at four organisations\n`);
  await measure('six pilots (real server side)', 'pilots');
  await measure(`${SIMULATED} simulated organisations`, String(SIMULATED));
  process.exit(0);
}
