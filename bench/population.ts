/**
 * What the document benchmarks share: a database with the demo data and a synthetic
 * population (src/data/seed/scale.ts), tokens for its citizens, and the servers of
 * bench/documenten-servers.ts in a child process.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLocalJWKSet } from 'jose';
import { createCitizenVerifier, type CitizenVerifier } from '../src/auth/citizen-authentication.js';
import { developmentJwks, issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { DEFAULT_ORGANISATION_OIN, type Config } from '../src/config.js';
import { progressBar } from '../src/cli/progress-bar.js';
import { parsePostgresqlUrl, providerOf, type Provider } from '../src/data/database.js';
import { openDatabase } from '../src/data/open.js';
import { databaseSize } from '../src/data/database-size.js';
import { OIN } from '../src/data/seed/index.js';
import { scaleBsn, seedScale } from '../src/data/seed/scale.js';
import { dropSchema } from '../test/helpers/database.js';

/** The bench servers' route with the service's app-wide hooks around the document's bytes (bench/documenten-servers.ts). */
export const HOOKS_ONLY_PATH = '/bench/alleen-hooks';

/** The crypto floor's work as a route in the service's own app, behind its app-wide hooks (bench/documenten-servers.ts). */
export const FLOOR_BEHIND_HOOKS_PATH = '/bench/vloer-achter-hooks';

/** The PostgreSQL server to measure on as well (or only), from DATABASE_URL. */
export const POSTGRESQL_BASE = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;

/** Runs a bench's main function; a failure prints its stack and exits with 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

/** Latency figures (ms) of a run, and how many of its requests failed. */
export interface Latency {
  p50: number;
  p99: number;
  errors: number;
}

export interface Population {
  provider: Provider;
  dataDir: string;
  /** The PostgreSQL URL with the population's own schema (undefined on SQLite). */
  databaseUrl: string | undefined;
  citizens: number;
  seedSeconds: number;
  /** Bytes on disk (SQLite file) or in the schema's tables and indexes (PostgreSQL). */
  databaseBytes: number;
  remove(): Promise<void>;
}

/** Seeds a fresh database (SQLite, or a fresh schema at `postgresqlBase`) with the demo data and `citizens` synthetic citizens. */
export async function createPopulation(citizens: number, postgresqlBase?: string, progress = false): Promise<Population> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-bench-'));
  let databaseUrl: string | undefined;
  if (postgresqlBase) {
    const url = new URL(postgresqlBase);
    url.searchParams.set('schema', `bk_bench_${randomBytes(4).toString('hex')}`);
    databaseUrl = url.toString();
  }
  const db = await openDatabase({ dataDir, seed: true, ...(databaseUrl ? { databaseUrl } : {}) });
  const started = performance.now();
  try {
    await seedScale(db, {
      oin: DEFAULT_ORGANISATION_OIN,
      citizens,
      batchSize: 1_000,
      rdwOin: OIN.rdw,
      ...(progress ? { onProgress: progressBar('seeding') } : {}),
    });
  } finally {
    await db.close();
  }
  const seedSeconds = (performance.now() - started) / 1000;
  const provider = providerOf(databaseUrl);
  return {
    provider,
    dataDir,
    databaseUrl,
    citizens,
    seedSeconds,
    databaseBytes: await databaseSize(dataDir, databaseUrl),
    remove: async () => {
      if (databaseUrl) await dropSchema(databaseUrl, parsePostgresqlUrl(databaseUrl).schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}


/**
 * `count` distinct tokens, for citizens spread evenly over the whole population (so reads
 * touch every part of the indexes), each citizen once while count <= citizens.
 */
export async function tokensFor(population: Population, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(await issueDevelopmentToken({ dataDir: population.dataDir, bsn: spreadBsn(population, i, count) }));
  return tokens;
}

/** The citizen of the i-th of `count` tokens: spread evenly over the whole population (tokensFor). */
export function spreadBsn(population: Pick<Population, 'citizens'>, i: number, count: number): string {
  return scaleBsn(Math.floor((i * population.citizens) / count) % population.citizens);
}

/**
 * The service's own token verifier on the development identity provider's keys, with its
 * cache off: every call a full ES256 verification, as the crypto floor and a cold request do.
 */
export async function uncachedVerifier(config: Config): Promise<CitizenVerifier> {
  return createCitizenVerifier({
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    keys: createLocalJWKSet(await developmentJwks(config.dataDir)),
    bsnClaim: config.auth.bsnClaim,
    tokenCacheEntries: 0,
  });
}

export interface Servers {
  service: number;
  floor: number;
  bare: number;
  bytes: number;
  /** CPU time (user and system, ms) the process serving `port` has used so far; undefined off Linux. */
  cpuMs(port: number): number | undefined;
  /**
   * The part of cpuMs spent by that process's main thread, the event loop: everything a
   * request does in JavaScript, its HTTP and its syscalls. The rest is other threads: the
   * threadpool (ECDSA signatures and verifications) and V8's helpers (garbage collection).
   */
  eventLoopCpuMs(port: number): number | undefined;
  /** The service process's resident set size now (bytes), and on Linux its anonymous and file-backed parts. */
  rss(): Promise<{ rss: number; anon: number | undefined; file: number | undefined }>;
  stop(): Promise<void>;
}

/** One part of bench/documenten-servers.ts in a child process: its first line (the ports), and a way to ask it more. */
async function startPart(population: Population, part: 'service' | 'reference') {
  // BENCH_SERVER_NODE_ARGS: extra Node options for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(import.meta.dirname, 'documenten-servers.ts'), '--part', part], {
    env: {
      ...process.env,
      DATA_DIR: population.dataDir,
      ORGANISATION_OIN: DEFAULT_ORGANISATION_OIN,
      ...(population.databaseUrl ? { DATABASE_URL: population.databaseUrl } : { DATABASE_URL: '' }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: Record<string, number>) => void)[] = [];
  const first = new Promise<Record<string, number>>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`bench servers (${part}) exited with ${code}`)));
  });
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Record<string, number>));
  const ports = await first;
  return {
    child,
    ports,
    ask: (question: string) =>
      new Promise<Record<string, number>>((resolve) => {
        waiting.push(resolve);
        child.stdin!.write(`${question}\n`);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/**
 * User and system CPU time a process has used (ms), from /proc/<pid>/stat (fields 14 and 15, in
 * clock ticks of 10 ms: Linux reports them in USER_HZ, 100 per second, whatever the kernel's
 * own tick); with `mainThread`, only its main thread's, from /proc/<pid>/task/<pid>/stat (the
 * main thread's id is the process's). Undefined where there is no /proc.
 */
function processCpuMs(pid: number, mainThread = false): number | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Starts the service and the reference routes (bench/documenten-servers.ts) over the
 * population, one after the other (the first start may make the signing key), and waits for
 * their ports.
 */
export async function startServers(population: Population): Promise<Servers> {
  const service = await startPart(population, 'service');
  const reference = await startPart(population, 'reference').catch(async (error: unknown) => {
    await service.stop();
    throw error;
  });
  // The process serving a port: the service's, or the reference routes'.
  const pidOf = (port: number) => (port === service.ports.service ? service.ports.pid! : reference.ports.pid!);
  return {
    service: service.ports.service!,
    floor: reference.ports.floor!,
    bare: reference.ports.bare!,
    bytes: service.ports.bytes!,
    cpuMs: (port) => processCpuMs(pidOf(port)),
    eventLoopCpuMs: (port) => processCpuMs(pidOf(port), true),
    rss: async () => {
      const { rss, anon, file } = await service.ask('rss');
      return { rss: rss!, anon, file };
    },
    stop: async () => {
      await Promise.all([service.stop(), reference.stop()]);
    },
  };
}
