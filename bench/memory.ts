/**
 * Does memory stay flat under cold traffic? Serves cold FCID requests with BENCH_TOKENS
 * (100,000) distinct tokens, cycling, and samples the servers' RSS every 5 s: first for
 * BENCH_WARMUP_SECONDS (30), while the bounded caches fill (README, "Caches, each bounded":
 * 10,000 tokens, 32 MB of documents, the rate limiter's counters), then for
 * BENCH_SECONDS (60) measured. Once the caches are full nothing may grow: over the measured
 * minute the RSS must stay within 20% of its first sample. The whole run is printed too.
 *
 *   npm run bench:memory             BENCH_WARMUP_SECONDS=30 BENCH_SECONDS=60 BENCH_TOKENS=100000 BENCH_CITIZENS=12000
 */
import autocannon from 'autocannon';
import { createPopulation, POSTGRESQL_BASE, runMain, startServers, tokensFor } from './population.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const tokenCount = Number(process.env.BENCH_TOKENS ?? 100_000);
const citizens = Number(process.env.BENCH_CITIZENS ?? 12_000);
const postgresql = POSTGRESQL_BASE;

async function main(): Promise<void> {
  const population = await createPopulation(citizens, postgresql, true);
  const servers = await startServers(population);
  try {
    process.stdout.write(`Issuing ${tokenCount} tokens for ${citizens} citizens...\n`);
    const tokens = await tokensFor({ ...population, citizens: Math.min(citizens, tokenCount) }, tokenCount);
    let next = 0;
    const run = autocannon({
      url: `http://127.0.0.1:${servers.service}`,
      connections: 10,
      duration: warmupSeconds + seconds,
      requests: [
        {
          method: 'GET',
          path: '/v1/financiele-verplichtingen',
          setupRequest: (request) => ({ ...request, headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
        },
      ],
    });
    const samples: { at: number; rssMiB: number; parts: string }[] = [];
    const started = performance.now();
    const mib = (bytes: number) => bytes / 1024 / 1024;
    const timer = setInterval(() => {
      void servers.rss().then(({ rss, anon, file }) =>
        samples.push({
          at: (performance.now() - started) / 1000,
          rssMiB: mib(rss),
          // Anonymous (heap and other allocations) and file-backed (mapped files: the kernel's page cache).
          parts: anon === undefined || file === undefined ? '' : `  (anonymous ${mib(anon).toFixed(1)}, file-backed ${mib(file).toFixed(1)})`,
        }),
      );
    }, 5_000);
    const result = await run;
    clearInterval(timer);
    for (const s of samples) process.stdout.write(`${s.at.toFixed(0).padStart(4)} s  ${s.rssMiB.toFixed(1)} MiB${s.parts}${s.at < warmupSeconds ? '  (warm-up)' : ''}\n`);
    const growth = (window: typeof samples) => {
      const first = window[0]!.rssMiB;
      const max = Math.max(...window.map((s) => s.rssMiB));
      return `first sample ${first.toFixed(1)} MiB, highest ${max.toFixed(1)} MiB: ×${(max / first).toFixed(2)}`;
    };
    const measured = samples.filter((s) => s.at >= warmupSeconds);
    process.stdout.write(
      `${result.requests.total} requests (${result.non2xx + result.errors} failed), ${Math.min(result.requests.total, tokens.length)} distinct tokens used.\n` +
        `RSS over the whole run: ${growth(samples)}.\n` +
        `RSS over the measured ${seconds} s after the warm-up: ${growth(measured.length > 0 ? measured : samples)} (target <= 1.20).\n`,
    );
  } finally {
    await servers.stop();
    await population.remove();
  }
}

runMain(main);
