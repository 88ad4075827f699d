/**
 * The overview at national scale: the whole of `haalOverzicht` (the scheme document, the
 * registration, a session and the documents at every organisation, each decrypted and
 * verified, the fold) against the slowest single organisation's fetch in the same run, at
 * several numbers of organisations. Goal (issue 10): whole overview <= 1.2x the slowest
 * organisation, and under 3 s at 400. Each set-up is served from a child process on 127.0.0.1
 * so the servers and the app do not share one event loop:
 *   - pilots: the real server side (scheme operator, app manager, the six pilot organisations,
 *     each its own database and key), registered with the operator's own command;
 *   - N simulated: N organisation instances with synthetic OINs sharing one seeded database
 *     (test/helpers/simulated-centraal.ts), in one scheme document.
 *
 * Per set-up it prints the medians over the runs of: the whole overview's wall time, the
 * slowest organisation in that run, their ratio, the phases (scheme, registration, the
 * parallel fan-out of sessions and documents, fold), and the SDK's CPU time per organisation
 * (process.cpuUsage of this process, user + system, over the whole overview, divided by the
 * number of organisations: the servers run in the child, so this is the client's own CPU).
 * Decryption and verification happen inside the fan-out, overlapped; their cost is measured
 * after the runs by decrypting and verifying the last run's documents one after the other.
 * Results go to bench/overzicht-results.json.
 *
 *   npm run bench:overzicht            (BENCH_RUNS=3, BENCH_ORGANISATIES=pilots,50,400; about a minute)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import pino from 'pino';
import { loadConfig, type Role } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { generateAppKey } from '../src/sdk/app-key.js';
import { haalOverzicht, type OverzichtResultaat } from '../src/sdk/client.js';
import { decryptDocument } from '../src/sdk/organisatie.js';
import { verifyOrganisationDocument } from '../src/sdk/verify-document.js';
import { encryptForApp } from '../src/protocol/jwe.js';
import { createRoleService } from '../src/roles/index.js';
import { stelselPubliekeSleutelPath } from '../src/roles/stelselbeheerder/index.js';
import { runStelsel } from '../src/roles/stelselbeheerder/commando.js';
import { PILOTS, startSimulatedCentraal } from '../test/helpers/simulated-centraal.js';
import { freePort } from '../test/helpers/processes.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The set-ups, in order: `pilots` and numbers of simulated organisations. */
const SET_UPS = (process.env.BENCH_ORGANISATIES ?? 'pilots,50,400').split(',').map((x) => x.trim());
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

interface Servers {
  child: ChildProcess;
  served: Served;
  /** The servers' CPU time so far (user + system), in milliseconds. */
  cpuMs(): Promise<number>;
}

/** The child answers each `cpu` line on its stdin with its process.cpuUsage as one JSON line. */
function startServers(mode: string): Promise<Servers> {
  // BENCH_SERVER_NODE_ARGS: extra Node options for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/overzicht.ts', '--serve', mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const cpuMs = async () => {
    const answer = nextLine();
    child.stdin!.write('cpu\n');
    const { user, system } = JSON.parse(await answer) as NodeJS.CpuUsage;
    return (user + system) / 1000;
  };
  return new Promise((resolve, reject) => {
    void nextLine().then((line) => resolve({ child, served: JSON.parse(line) as Served, cpuMs }));
    child.once('exit', (code) => reject(new Error(`servers (${mode}) stopped with ${code}`)));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Run {
  whole: number;
  slowest: number;
  fanOut: number;
  stelsel: number;
  registratie: number;
  vouwen: number;
  sumOfFetches: number;
  cpuMs: number;
  serverCpuMs: number;
  ok: number;
  n: number;
}

interface SetUpResult {
  label: string;
  organisaties: number;
  runs: number;
  all_ok: boolean;
  whole_ms: number;
  slowest_organisation_ms: number;
  whole_over_slowest: number;
  sdk_cpu_ms_per_organisation: number;
  /** The servers' child process: all organisations, the operator and the app manager. */
  server_cpu_ms_per_organisation: number;
  phases_ms: { stelsel: number; registratie: number; organisaties: number; vouwen: number };
  sum_of_fetches_over_fan_out: number;
  /** One after the other, after the runs: what each costs per document, outside the fan-out. */
  per_document_ms: { decryption: number; verification: number };
  documents: number;
}

/** Decrypts and verifies a run's documents again, one after the other: their cost without the overlap. */
async function decryptAndVerifyCost(result: OverzichtResultaat): Promise<SetUpResult['per_document_ms']> {
  const appKey = await generateAppKey();
  const organisaties = new Map(result.stelsel.document.organisaties.map((o) => [o.oin, o]));
  const encrypted = await Promise.all(result.documenten.map(async (d) => ({ d, jwe: await encryptForApp(d.jws, appKey.publicJwk, appKey.thumbprint) })));
  let decryption = 0;
  let verification = 0;
  for (const { d, jwe } of encrypted) {
    const t0 = performance.now();
    const jws = await decryptDocument(jwe, appKey);
    const t1 = performance.now();
    await verifyOrganisationDocument(jws, organisaties.get(d.oin)!, { bsn: BSN, documenttype: d.documenttype, now: new Date() });
    verification += performance.now() - t1;
    decryption += t1 - t0;
  }
  const n = Math.max(1, encrypted.length);
  return { decryption: decryption / n, verification: verification / n };
}

async function measure(label: string, mode: string): Promise<SetUpResult> {
  const { child, served, cpuMs } = await startServers(mode);
  try {
    const options = { stelselUrl: served.stelselUrl, operatorKey: served.operatorKey, login: { ontwikkelBsn: BSN }, timeoutMs: 30_000 };
    await haalOverzicht(options); // warm-up: connections, JIT, caches on both sides
    const runs: Run[] = [];
    let last: OverzichtResultaat | undefined;
    for (let i = 0; i < RUNS; i++) {
      const serverCpu = await cpuMs();
      const cpu = process.cpuUsage();
      const r = await haalOverzicht(options);
      const used = process.cpuUsage(cpu);
      const serverCpuMs = (await cpuMs()) - serverCpu;
      last = r;
      runs.push({
        whole: r.tijden.totaal_ms,
        slowest: r.tijden.traagste_organisatie_ms,
        fanOut: r.tijden.organisaties_ms,
        stelsel: r.tijden.stelsel_ms,
        registratie: r.tijden.registratie_ms,
        vouwen: r.tijden.vouwen_ms,
        sumOfFetches: r.resultaten.reduce((sum, x) => sum + x.duur_ms, 0),
        cpuMs: (used.user + used.system) / 1000,
        serverCpuMs,
        ok: r.resultaten.filter((x) => x.status === 'ok').length,
        n: r.resultaten.length,
      });
    }
    const n = runs[0]!.n;
    const m = (f: (r: Run) => number) => median(runs.map(f));
    const result: SetUpResult = {
      label,
      organisaties: n,
      runs: RUNS,
      all_ok: runs.every((r) => r.ok === r.n),
      whole_ms: m((r) => r.whole),
      slowest_organisation_ms: m((r) => r.slowest),
      whole_over_slowest: m((r) => r.whole / r.slowest),
      sdk_cpu_ms_per_organisation: m((r) => r.cpuMs / r.n),
      server_cpu_ms_per_organisation: m((r) => r.serverCpuMs / r.n),
      phases_ms: { stelsel: m((r) => r.stelsel), registratie: m((r) => r.registratie), organisaties: m((r) => r.fanOut), vouwen: m((r) => r.vouwen) },
      sum_of_fetches_over_fan_out: m((r) => r.sumOfFetches / r.fanOut),
      per_document_ms: await decryptAndVerifyCost(last!),
      documents: last!.documenten.length,
    };
    const f = (x: number) => x.toFixed(0);
    process.stdout.write(
      `${label.padEnd(30)} orgs ${String(n).padStart(3)}  ok ${result.all_ok ? 'all' : 'NOT ALL'}  whole ${f(result.whole_ms)} ms  slowest ${f(result.slowest_organisation_ms)} ms  ` +
        `whole/slowest ${result.whole_over_slowest.toFixed(2)}  CPU per organisation: SDK ${result.sdk_cpu_ms_per_organisation.toFixed(2)} ms, servers ${result.server_cpu_ms_per_organisation.toFixed(2)} ms\n` +
        `${''.padEnd(30)} phases: scheme ${f(result.phases_ms.stelsel)}, registration ${f(result.phases_ms.registratie)}, sessions+documents ${f(result.phases_ms.organisaties)}, ` +
        `fold ${f(result.phases_ms.vouwen)} ms; per document alone: decryption ${result.per_document_ms.decryption.toFixed(2)}, verification ${result.per_document_ms.verification.toFixed(2)} ms; ` +
        `sum of fetches/fan-out ${result.sum_of_fetches_over_fan_out.toFixed(1)}x (medians of ${RUNS})\n`,
    );
    return result;
  } finally {
    child.kill('SIGTERM');
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  const mode = process.argv[serveIndex + 1] ?? 'pilots';
  const served = mode === 'pilots' ? await serveRealPilots() : await serveSimulated(Number(mode));
  process.stdout.write(`${JSON.stringify(served)}\n`);
  createInterface({ input: process.stdin }).on('line', () => process.stdout.write(`${JSON.stringify(process.cpuUsage())}\n`));
  process.on('SIGTERM', () => process.exit(0));
} else {
  const started = new Date();
  const loadAtStart = loadavg()[0]!;
  process.stdout.write(
    `Overview benchmark on 127.0.0.1, ${started.toISOString()}, node ${process.version}, ${cpus().length} cores, load average ${loadAtStart.toFixed(1)}, ` +
      `BSN of a demo citizen with debts at four organisations\n`,
  );
  const results: SetUpResult[] = [];
  for (const setUp of SET_UPS) results.push(await measure(setUp === 'pilots' ? 'six pilots (real server side)' : `${setUp} simulated organisations`, setUp));
  const rounded = (_key: string, value: unknown) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value);
  const report = { measured_at: started.toISOString(), node: process.version, cores: cpus().length, load_average: { start: loadAtStart, end: loadavg()[0] }, results };
  writeFileSync(new URL('./overzicht-results.json', import.meta.url), `${JSON.stringify(report, rounded, 2)}\n`);
  process.exit(0);
}
