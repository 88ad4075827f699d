/**
 * Is the FCID document as fast for one citizen among many as among few? For each database
 * (SQLite, and PostgreSQL when DATABASE_URL points there) and each population size, seeds a
 * fresh database (src/data/seed/scale.ts), then measures the latency of cold document
 * requests: one connection, every request a different citizen (spread over the whole
 * population) with a different token, so no cache helps. Prints p50/p99 per size, the ratio
 * of the largest to the smallest, seeding time and database size; writes
 * bench/scale-results.json and the plot bench/latency.svg.
 *
 *   npm run bench:scale                            BENCH_SIZES=1000,100000 BENCH_REQUESTS=1500
 *   DATABASE_URL=postgresql://… npm run bench:scale   both SQLite and PostgreSQL
 *   BENCH_DATABASES=postgresql …                   measure one database again (the other's stored results are kept)
 *   npm run bench:scale -- --smoke                 tiny sizes, proves it works
 *   npm run bench:scale -- --plot                  redraw bench/latency.svg from bench/scale-results.json
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPopulation, POSTGRESQL_BASE, runMain, startServers, tokensFor, type Latency } from './population.js';
import { latencyPlot, type Series } from './plot.js';
import { DEFAULT_ORGANISATION_OIN } from '../src/config.js';
import { leesmodelQueries } from '../src/data/financiele-zaken.js';
import { openDatabase } from '../src/data/open.js';
import { scaleBsn } from '../src/data/seed/scale.js';

const smoke = process.argv.includes('--smoke');
const sizes = smoke ? [20, 60] : (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const requests = smoke ? 20 : Number(process.env.BENCH_REQUESTS ?? 1500);
const postgresql = POSTGRESQL_BASE;

interface Point extends Latency {
  citizens: number;
  /** How the database runs the document's read for a citizen in the middle of the population. */
  plan: string[];
  mean: number;
  seedSeconds: number;
  databaseMiB: number;
}

async function measureAt(citizens: number, base: string | undefined): Promise<Point> {
  const population = await createPopulation(citizens, base, !smoke);
  try {
    const tokens = await tokensFor(population, Math.min(requests, citizens));
    const servers = await startServers(population);
    try {
      // One request at a time, timed here to the microsecond (autocannon rounds latencies to
      // whole milliseconds, too coarse for a request of one or two): a warm-up on the first
      // hundred tokens (JIT, connection pools), then each token once, so every request is cold.
      const url = `http://127.0.0.1:${servers.service}/v1/financiele-verplichtingen`;
      let errors = 0;
      const timed = async (token: string) => {
        const started = performance.now();
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
        return performance.now() - started;
      };
      for (const token of tokens.slice(0, 100)) await timed(token);
      errors = 0;
      const latencies: number[] = [];
      for (const token of tokens) latencies.push(await timed(token));
      latencies.sort((a, b) => a - b);
      const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
      const db = await openDatabase({ dataDir: population.dataDir, seed: false, ...(population.databaseUrl ? { databaseUrl: population.databaseUrl } : {}) });
      let plan: string[];
      try {
        plan = await db.statements.plan(leesmodelQueries(db.provider).gegevens, { bsn: scaleBsn(Math.floor(citizens / 2)), oin: DEFAULT_ORGANISATION_OIN });
      } finally {
        await db.close();
      }
      return {
        citizens,
        plan,
        p50: quantile(0.5),
        p99: quantile(0.99),
        mean: latencies.reduce((sum, l) => sum + l, 0) / latencies.length,
        errors,
        seedSeconds: population.seedSeconds,
        databaseMiB: population.databaseBytes / 1024 / 1024,
      };
    } finally {
      await servers.stop();
    }
  } finally {
    await population.remove();
  }
}

const resultsFile = () => join(import.meta.dirname, 'scale-results.json');

function plot(results: Record<string, Point[]>): void {
  const series: Series[] = Object.entries(results).flatMap(([name, points]) => [
    { label: `${name} p50`, points: points.map((p) => [p.citizens, p.p50] as [number, number]) },
    { label: `${name} p99`, points: points.map((p) => [p.citizens, p.p99] as [number, number]) },
  ]);
  writeFileSync(join(import.meta.dirname, 'latency.svg'), latencyPlot(series));
}

async function main(): Promise<void> {
  if (process.argv.includes('--plot')) {
    // Draw bench/latency.svg again from the stored results, without measuring.
    plot((JSON.parse(readFileSync(resultsFile(), 'utf8')) as { results: Record<string, Point[]> }).results);
    return;
  }
  const available: [string, string | undefined][] = [['sqlite', undefined], ...(postgresql ? [['postgresql', postgresql] as [string, string]] : [])];
  // BENCH_DATABASES=postgresql measures one database again; the others keep their stored results.
  const chosen = process.env.BENCH_DATABASES?.split(',');
  const databases = chosen ? available.filter(([name]) => chosen.includes(name)) : available;
  const stored = resultsFile();
  const results: Record<string, Point[]> = chosen && !smoke && existsSync(stored) ? (JSON.parse(readFileSync(stored, 'utf8')) as { results: Record<string, Point[]> }).results : {};
  for (const [name, base] of databases) {
    results[name] = [];
    for (const citizens of sizes) {
      process.stdout.write(`${name}: ${citizens} citizens...\n`);
      results[name].push(await measureAt(citizens, base));
    }
  }
  process.stdout.write(`\n${'database'.padEnd(12)}${'citizens'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'seed s'.padStart(9)}${'size MiB'.padStart(10)}\n`);
  for (const [name, points] of Object.entries(results).filter(([name]) => databases.some(([measured]) => measured === name))) {
    for (const p of points) {
      process.stdout.write(
        `${name.padEnd(12)}${String(p.citizens).padStart(10)}${p.p50.toFixed(2).padStart(9)}${p.p99.toFixed(2).padStart(9)}${String(p.errors).padStart(8)}${p.seedSeconds.toFixed(1).padStart(9)}${p.databaseMiB.toFixed(1).padStart(10)}\n`,
      );
    }
    const first = points[0]!;
    const last = points[points.length - 1]!;
    process.stdout.write(`${name}: the document's read at ${last.citizens} citizens:\n${last.plan.map((line) => `    ${line}`).join('\n')}\n`);
    process.stdout.write(
      `${name}: at ${last.citizens} vs ${first.citizens} citizens: p50 ×${(last.p50 / first.p50).toFixed(2)}, p99 ×${(last.p99 / first.p99).toFixed(2)} (target <= 1.3)\n`,
    );
  }
  if (databases.some(([name]) => results[name]!.some((p) => p.errors > 0))) {
    process.stderr.write('Some requests failed: the figures above are not valid.\n');
    process.exitCode = 1;
  }
  // The smoke run (CI) only proves the bench works: it writes nothing.
  if (!smoke) {
    writeFileSync(resultsFile(), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, requests, results }, null, 2)}\n`);
    plot(results);
  }
}

runMain(main);
