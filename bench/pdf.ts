/**
 * What the certified PDF costs next to the JSON document it renders: requests/s of both
 * representations of the same document for the same citizen, side by side in one run on
 * 127.0.0.1 (alternating rounds, so drift on this shared machine hits both alike); the
 * latency of one PDF at a time (p50/p95 over sequential requests); and the largest PDF any
 * demo citizen gets from any demo organisation.
 *
 *   npm run bench            (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 BENCH_ROUNDS=2 by default)
 *   npm run bench -- --smoke one round of a second, 20 sequential requests: proves it works (CI)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { loadConfig } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { DEMO_CITIZENS, DEMO_ORGANISATIONS, OIN } from '../src/data/seed/index.js';
import { createOrganisatieService } from '../src/roles/organisatie/index.js';

const smoke = process.argv.includes('--smoke');
const seconds = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rounds = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 2);
const sequential = smoke ? 20 : 200;

const PATHS: Record<string, string> = {
  'financiele-verplichtingen': '/v1/financiele-verplichtingen',
  voertuigen: '/v1/voertuigen',
  rijbewijs: '/v1/rijbewijs',
  vaartuigen: '/v1/vaartuigen',
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-bench-pdf-'));
  const logger = pino({ level: 'silent' });
  const base = { ...BENCH_RATE_LIMITS, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) };
  const tokens = new Map<string, string>();
  for (const citizen of DEMO_CITIZENS) tokens.set(citizen.bsn, await issueDevelopmentToken({ dataDir, bsn: citizen.bsn }));

  // The largest PDF: every demo citizen, every document of every demo organisation.
  let largest = { bytes: 0, what: '' };
  for (const organisation of DEMO_ORGANISATIONS) {
    const { app } = await createOrganisatieService(loadConfig({ ...base, ORGANISATION_OIN: organisation.oin }), { logger });
    for (const citizen of DEMO_CITIZENS) {
      for (const documenttype of organisation.documenttypen) {
        const res = await app.inject({ url: PATHS[documenttype]!, headers: { authorization: `Bearer ${tokens.get(citizen.bsn)}`, accept: 'application/pdf' } });
        if (res.statusCode !== 200) throw new Error(`${organisation.naam} ${documenttype} answered ${res.statusCode}`);
        if (res.rawPayload.length > largest.bytes) largest = { bytes: res.rawPayload.length, what: `${documenttype} of ${citizen.naam} at ${organisation.naam}` };
      }
    }
    await app.close();
  }

  // Throughput and latency at Tilburg, for the citizen with the most there (the largest document).
  const { app } = await createOrganisatieService(loadConfig({ ...base, ORGANISATION_OIN: OIN.tilburg }), { logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1/financiele-verplichtingen`;
  let richest = { bsn: '', bytes: -1 };
  for (const citizen of DEMO_CITIZENS) {
    const bytes = (await (await fetch(url, { headers: { authorization: `Bearer ${tokens.get(citizen.bsn)}` } })).arrayBuffer()).byteLength;
    if (bytes > richest.bytes) richest = { bsn: citizen.bsn, bytes };
  }
  const auth = `Bearer ${tokens.get(richest.bsn)}`;
  const headersOf = (accept: string) => ({ authorization: auth, accept });
  const pdfBytes = (await (await fetch(url, { headers: headersOf('application/pdf') })).arrayBuffer()).byteLength;

  const latencies = async (accept: string): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const started = performance.now();
      const res = await fetch(url, { headers: headersOf(accept) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${accept} answered ${res.status}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  };
  // Warm up both paths (JIT, pdf-lib's fonts) before anything is measured.
  await latencies('application/pdf');
  await latencies('application/json');

  process.stdout.write(
    `\nCertified PDF vs JSON: financiele-verplichtingen at Tilburg for ${DEMO_CITIZENS.find((c) => c.bsn === richest.bsn)!.naam} (JSON ${richest.bytes} bytes, PDF ${pdfBytes} bytes); ${rounds} alternating rounds of ${seconds}s, ${connections} connections each.\n`,
  );
  const json: number[] = [];
  const pdf: number[] = [];
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [accept, into] of [['application/json', json], ['application/pdf', pdf]] as const) {
      const result = await autocannon({ url, connections, duration: seconds, headers: headersOf(accept) });
      into.push(result.requests.average);
      errors += result.errors + result.non2xx;
    }
  }
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  const jsonSequential = await latencies('application/json');
  const pdfSequential = await latencies('application/pdf');
  const rows = [
    ['', 'requests/s', 'p50 (ms)', 'p95 (ms)'],
    ['JSON document', mean(json).toFixed(0), percentile(jsonSequential, 50).toFixed(1), percentile(jsonSequential, 95).toFixed(1)],
    ['PDF document', mean(pdf).toFixed(0), percentile(pdfSequential, 50).toFixed(1), percentile(pdfSequential, 95).toFixed(1)],
    ['ratio PDF/JSON', (mean(pdf) / mean(json)).toFixed(3), (percentile(pdfSequential, 50) / percentile(jsonSequential, 50)).toFixed(2), (percentile(pdfSequential, 95) / percentile(jsonSequential, 95)).toFixed(2)],
  ];
  for (const row of rows) process.stdout.write(`${row[0]!.padEnd(20)}${row[1]!.padStart(12)}${row[2]!.padStart(12)}${row[3]!.padStart(12)}\n`);
  process.stdout.write(`(p50/p95: ${sequential} sequential requests each, one at a time; errors during the load rounds: ${errors})\n`);
  process.stdout.write(`Largest PDF of any demo citizen: ${largest.bytes} bytes (${(largest.bytes / 1024).toFixed(1)} KB), ${largest.what}. Goals: p95 < 50 ms, < 100 KB.\n`);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  // A run with failed requests measured something else: say so by the exit code (CI's smoke run).
  if (errors > 0) {
    process.stderr.write('Some requests failed: the figures above are not valid.\n');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
