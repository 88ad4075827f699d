/**
 * What a certified FCID document costs, side by side in one run (`npm run bench`):
 *
 *   cold      a different citizen and a different token on every request, cycling through
 *             more citizens than any cache holds (so every request verifies a token, reads
 *             the database, folds, serialises and signs), against the crypto floor: a
 *             route that per request does one ES256 token verification and one ES256
 *             signature over the same bytes, and nothing else. Target: >= 0.8.
 *   repeated  the same citizen and token again (an app refreshing), against a bare
 *             Fastify route returning the same bytes unsigned. Target: >= 0.8.
 *   conditional  the same, with the entity tag of the first answer in If-None-Match, as an
 *             app that keeps what it fetched refreshes: 304 without a body.
 *   hooks     the same bytes from a route in the service's own app, behind its app-wide hooks
 *             (tracing, security headers, CORS, draining, rate limits, metrics) and nothing
 *             else: how much of the gap to the bare route is the app rather than the document.
 *   floor behind hooks  the crypto floor's work as a route in the service's own app, cold:
 *             how much of the cold gap is the app around any route, and how much the
 *             document route's own hooks and work.
 *
 * The service runs in a child process and the reference routes (floor, bare) in another
 * (bench/documenten-servers.ts), so neither shares the load generator's event loop nor the
 * other's heap; the rounds alternate so drift on this shared machine hits both sides alike. Prints one table and writes
 * bench/results.json.
 *
 *   npm run bench                  BENCH_SECONDS=10 BENCH_ROUNDS=2 BENCH_CONNECTIONS=10
 *                                  BENCH_CITIZENS=12000 (above the 10,000-entry caches)
 *   npm run bench -- --smoke       a few seconds, few citizens: proves the bench works (CI)
 *   DATABASE_URL=postgresql://… npm run bench     the same on PostgreSQL (a fresh schema)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { measureSteps, printSteps } from './stappen.js';
import { createPopulation, FLOOR_BEHIND_HOOKS_PATH, HOOKS_ONLY_PATH, POSTGRESQL_BASE, runMain, startServers, tokensFor, type Latency, type Servers } from './population.js';

const smoke = process.argv.includes('--smoke');
const resultsArgument = process.argv.indexOf('--results');
const resultsFile = resultsArgument > 0 ? process.argv[resultsArgument + 1]! : join(import.meta.dirname, 'results.json');
const seconds = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 10);
const rounds = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const citizens = smoke ? 50 : Number(process.env.BENCH_CITIZENS ?? 12_000);
const postgresql = POSTGRESQL_BASE;

interface Figures extends Latency {
  requestsPerSecond: number;
  /**
   * CPU time (user and system, all threads) the serving process spent per request, in µs:
   * what a request costs independent of how the load generator, on the same two cores, gets
   * its share. Null without /proc.
   */
  cpuMicrosecondsPerRequest: number | null;
  /**
   * The part of it spent on the process's event loop (its main thread), in µs; the rest went
   * to the threadpool's cryptography and the garbage collector's helper threads. Throughput
   * is bounded by the event loop once it costs more than the crypto threads can overlap.
   */
  eventLoopMicrosecondsPerRequest: number | null;
}

const PATH = '/v1/financiele-verplichtingen';

/**
 * Where each server is in its cycle through the tokens. A round goes on where the last one
 * stopped: were every round to start again at the first token, the service's caches (LRU,
 * fewer entries than there are citizens) would still hold the tokens and documents of the
 * previous round's first requests, and a "cold" round would begin with thousands of hits.
 * Continued, the cycle never comes back to a token before the cache has dropped it.
 */
const cursors = new Map<string, number>();

async function measure(servers: Servers, port: number, tokens: readonly string[], ifNoneMatch?: string, path = PATH): Promise<Figures> {
  const cpuBefore = servers.cpuMs(port);
  const loopBefore = servers.eventLoopCpuMs(port);
  const cycle = `${port}\u0000${path}\u0000${tokens.length}`;
  let next = cursors.get(cycle) ?? 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path,
        // A different token (and so citizen) on every request when there are many.
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
        }),
      },
    ],
  });
  const cpuAfter = servers.cpuMs(port);
  const loopAfter = servers.eventLoopCpuMs(port);
  cursors.set(cycle, next % tokens.length);
  // A conditional request succeeds with 304 (autocannon counts that as non-2xx).
  const expected304 = ifNoneMatch ? (result.statusCodeStats?.['304']?.count ?? 0) : 0;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx - expected304,
    cpuMicrosecondsPerRequest: perRequest(cpuBefore, cpuAfter, result.requests.total),
    eventLoopMicrosecondsPerRequest: perRequest(loopBefore, loopAfter, result.requests.total),
  };
}

/** CPU µs per request from two readings in ms; null without readings or requests. */
function perRequest(beforeMs: number | undefined, afterMs: number | undefined, requests: number): number | null {
  return beforeMs === undefined || afterMs === undefined || requests === 0 ? null : ((afterMs - beforeMs) * 1000) / requests;
}

function mean(list: Figures[]): Figures {
  const of = (key: 'requestsPerSecond' | 'p50' | 'p99' | 'errors') => list.reduce((sum, f) => sum + f[key], 0) / list.length;
  const ofCpu = (key: 'cpuMicrosecondsPerRequest' | 'eventLoopMicrosecondsPerRequest') => {
    const values = list.map((f) => f[key]);
    return values.every((c) => c !== null) ? values.reduce((sum, c) => sum + c!, 0) / values.length : null;
  };
  return {
    requestsPerSecond: of('requestsPerSecond'),
    p50: of('p50'),
    p99: of('p99'),
    errors: of('errors'),
    cpuMicrosecondsPerRequest: ofCpu('cpuMicrosecondsPerRequest'),
    eventLoopMicrosecondsPerRequest: ofCpu('eventLoopMicrosecondsPerRequest'),
  };
}

async function main(): Promise<void> {
  process.stdout.write(`Seeding ${citizens} synthetic citizens (${postgresql ? 'PostgreSQL' : 'SQLite'})...\n`);
  const population = await createPopulation(citizens, postgresql, !smoke);
  const tokens = await tokensFor(population, citizens);
  // In process first, before the servers start: where a cold document's work goes.
  const steps = await measureSteps(population, tokens.slice(0, smoke ? 50 : 2_000), smoke ? 1 : 3);
  const servers = await startServers(population);
  try {
    process.stdout.write(
      `Document: ${servers.bytes} bytes; ${rounds} alternating round(s) of ${seconds}s, ${connections} connections; ` +
        `cold cycles through ${citizens} citizens and tokens${smoke ? ' (smoke: too few to defeat the caches)' : ''}.\n`,
    );
    // The entity tag an app holds after its first fetch, for the conditional refresh.
    const first = await fetch(`http://127.0.0.1:${servers.service}${PATH}`, { headers: { authorization: `Bearer ${tokens[0]}` } });
    const etag = first.headers.get('etag');
    if (first.status !== 200 || !etag) throw new Error(`the first fetch answered ${first.status} without an ETag`);
    const runs = { cold: [] as Figures[], floor: [] as Figures[], floorBehindHooks: [] as Figures[], repeated: [] as Figures[], conditional: [] as Figures[], hooks: [] as Figures[], bare: [] as Figures[] };
    for (let round = 0; round < rounds; round++) {
      runs.cold.push(await measure(servers, servers.service, tokens));
      runs.floor.push(await measure(servers, servers.floor, tokens));
      runs.floorBehindHooks.push(await measure(servers, servers.service, tokens, undefined, FLOOR_BEHIND_HOOKS_PATH));
      runs.repeated.push(await measure(servers, servers.service, tokens.slice(0, 1)));
      runs.conditional.push(await measure(servers, servers.service, tokens.slice(0, 1), etag));
      runs.hooks.push(await measure(servers, servers.service, tokens.slice(0, 1), undefined, HOOKS_ONLY_PATH));
      runs.bare.push(await measure(servers, servers.bare, tokens.slice(0, 1)));
    }
    const cold = mean(runs.cold);
    const floor = mean(runs.floor);
    const floorBehindHooks = mean(runs.floorBehindHooks);
    const repeated = mean(runs.repeated);
    const conditional = mean(runs.conditional);
    const hooks = mean(runs.hooks);
    const bare = mean(runs.bare);
    const coldRatio = cold.requestsPerSecond / floor.requestsPerSecond;
    // The floor behind the service's app-wide hooks splits the cold gap: the app's share, and the document route's.
    const floorBehindHooksRatio = floorBehindHooks.requestsPerSecond / floor.requestsPerSecond;
    const signedToFloorBehindHooksRatio = cold.requestsPerSecond / floorBehindHooks.requestsPerSecond;
    const repeatedRatio = repeated.requestsPerSecond / bare.requestsPerSecond;
    const conditionalRatio = conditional.requestsPerSecond / bare.requestsPerSecond;
    const hooksRatio = hooks.requestsPerSecond / bare.requestsPerSecond;
    const repeatedToHooksRatio = repeated.requestsPerSecond / hooks.requestsPerSecond;

    const micros = (value: number | null) => (value === null ? '' : value.toFixed(1));
    const row = (name: string, f: Figures) => [
      name,
      f.requestsPerSecond.toFixed(0),
      f.p50.toFixed(1),
      f.p99.toFixed(1),
      f.errors.toFixed(0),
      micros(f.cpuMicrosecondsPerRequest),
      micros(f.eventLoopMicrosecondsPerRequest),
    ];
    // The same ratio from CPU time per request (the second's over the first's): what each costs
    // its process, apart from the share of the two cores the load generator leaves it; and
    // from the event loop's part of it alone.
    const cpuRatioOf = (fast: Figures, slow: Figures, key: 'cpuMicrosecondsPerRequest' | 'eventLoopMicrosecondsPerRequest' = 'cpuMicrosecondsPerRequest') =>
      fast[key] === null || slow[key] === null ? null : fast[key] / slow[key];
    const ratioRow = (name: string, ratio: number, fast: Figures, slow: Figures) => [
      name,
      ratio.toFixed(3),
      '',
      '',
      '',
      cpuRatioOf(fast, slow)?.toFixed(3) ?? '',
      cpuRatioOf(fast, slow, 'eventLoopMicrosecondsPerRequest')?.toFixed(3) ?? '',
    ];
    const rows = [
      ['', 'requests/s', 'p50 (ms)', 'p99 (ms)', 'errors', 'CPU µs/req', 'loop µs/req'],
      row('cold: signed FCID', cold),
      row('cold: crypto floor', floor),
      ratioRow('  ratio (target >= 0.8)', coldRatio, floor, cold),
      row('cold: floor behind service hooks', floorBehindHooks),
      ratioRow('  floor behind hooks / floor', floorBehindHooksRatio, floor, floorBehindHooks),
      ratioRow('  signed / floor behind hooks', signedToFloorBehindHooksRatio, floorBehindHooks, cold),
      row('repeated: signed FCID', repeated),
      row('repeated: bare route', bare),
      ratioRow('  ratio (target >= 0.8)', repeatedRatio, bare, repeated),
      row('repeated, If-None-Match: 304', conditional),
      ratioRow('  ratio to the bare route', conditionalRatio, bare, conditional),
      row('same bytes, service hooks only', hooks),
      ratioRow('  hooks only / bare route', hooksRatio, bare, hooks),
      ratioRow('  repeated / hooks only', repeatedToHooksRatio, hooks, repeated),
    ];
    for (const r of rows) process.stdout.write(`${r[0]!.padEnd(32)}${r.slice(1).map((c, i) => c.padStart(i === 0 || i >= 4 ? 12 : 10)).join('')}\n`);
    printSteps(steps);

    const results = {
      at: new Date().toISOString(),
      node: process.version,
      database: population.provider,
      smoke,
      seconds,
      rounds,
      connections,
      citizens,
      documentBytes: servers.bytes,
      cold: {
        signed: cold,
        cryptoFloor: floor,
        ratio: coldRatio,
        cpuRatio: cpuRatioOf(floor, cold),
        eventLoopRatio: cpuRatioOf(floor, cold, 'eventLoopMicrosecondsPerRequest'),
        floorBehindHooks,
        floorBehindHooksRatio,
        signedToFloorBehindHooksRatio,
      },
      repeated: { signed: repeated, bare, ratio: repeatedRatio, cpuRatio: cpuRatioOf(bare, repeated), eventLoopRatio: cpuRatioOf(bare, repeated, 'eventLoopMicrosecondsPerRequest') },
      conditional: { notModified: conditional, bare, ratio: conditionalRatio, cpuRatio: cpuRatioOf(bare, conditional) },
      coldSteps: steps,
      hooksOnly: {
        sameBytes: hooks,
        bare,
        ratio: hooksRatio,
        repeatedRatio: repeatedToHooksRatio,
        cpuRatio: cpuRatioOf(bare, hooks),
      },
    };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`Written to ${resultsFile}\n`);
    // A run with failed requests measured something else: say so by the exit code (CI's smoke run).
    const failed = [cold, floor, floorBehindHooks, repeated, conditional, hooks, bare].some((f) => f.errors > 0 || !(f.requestsPerSecond > 0));
    if (failed) {
      process.stderr.write('Some requests failed or none succeeded: the figures above are not valid.\n');
      process.exitCode = 1;
    }
  } finally {
    await servers.stop();
    await population.remove();
  }
}

runMain(main);
