/**
 * Does memory stay flat under cold traffic? Serves cold FCID requests for BENCH_SECONDS
 * (60) with BENCH_TOKENS (100,000) distinct tokens, cycling, and samples the servers' RSS
 * every 5 s. Every cache is bounded (README, "Caches, each bounded"), so after warm-up the
 * RSS should stay within 20% of its first sample.
 *
 *   npm run bench:memory             BENCH_SECONDS=60 BENCH_TOKENS=100000 BENCH_CITIZENS=12000
 */
import autocannon from 'autocannon';
import { createPopulation, POSTGRESQL_BASE, runMain, startServers, tokensFor } from './population.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
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
      duration: seconds,
      requests: [
        {
          method: 'GET',
          path: '/v1/financiele-verplichtingen',
          setupRequest: (request) => ({ ...request, headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
        },
      ],
    });
    const samples: { at: number; rssMiB: number }[] = [];
    const started = performance.now();
    const timer = setInterval(() => {
      void servers.rss().then((rss) => samples.push({ at: (performance.now() - started) / 1000, rssMiB: rss / 1024 / 1024 }));
    }, 5_000);
    const result = await run;
    clearInterval(timer);
    for (const s of samples) process.stdout.write(`${s.at.toFixed(0).padStart(4)} s  ${s.rssMiB.toFixed(1)} MiB\n`);
    const first = samples[0]!.rssMiB;
    const max = Math.max(...samples.map((s) => s.rssMiB));
    process.stdout.write(
      `${result.requests.total} requests (${result.non2xx + result.errors} failed), ${Math.min(result.requests.total, tokens.length)} distinct tokens used; ` +
        `RSS first sample ${first.toFixed(1)} MiB, highest ${max.toFixed(1)} MiB: ×${(max / first).toFixed(2)} (target <= 1.20)\n`,
    );
  } finally {
    await servers.stop();
    await population.remove();
  }
}

runMain(main);
