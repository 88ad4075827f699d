/**
 * What a certified document costs: the signed financiële-verplichtingen endpoint (token
 * check, database, FCID fold, serialisation, ES256 signature, Content-Digest) against a bare
 * Fastify route that returns the same bytes unsigned, measured side by side in one run on
 * 127.0.0.1. Machines here are shared and noisy, so the ratio is the figure to read; the
 * rounds alternate so drift hits both alike.
 *
 *   npm run bench                      (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pino from 'pino';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { loadConfig } from '../src/config.js';
import { createOrganisatieService as createService } from '../src/roles/organisatie/index.js';
import { signDocument } from '../src/protocol/sign-document.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

interface Figures {
  requestsPerSecond: number;
  p99: number;
  errors: number;
}

async function measure(url: string, headers: Record<string, string>): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) });
  const service = await createService(config, { logger: pino({ level: 'silent' }) });
  const { app } = service;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const token = await issueDevelopmentToken({ dataDir, bsn: '999993653' });
  const headers = { authorization: `Bearer ${token}` };
  const signedUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1/financiele-verplichtingen`;
  const sample = await fetch(signedUrl, { headers });
  if (sample.status !== 200) throw new Error(`signed endpoint answered ${sample.status}`);
  const body = Buffer.from(await sample.arrayBuffer());

  const bare = Fastify();
  bare.get('/v1/financiele-verplichtingen', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/v1/financiele-verplichtingen`;

  process.stdout.write(`Document: ${body.length} bytes; ${rounds} alternating rounds of ${seconds}s, ${connections} connections each.\n`);
  const signed: Figures[] = [];
  const plain: Figures[] = [];
  for (let round = 0; round < rounds; round++) {
    signed.push(await measure(signedUrl, headers));
    plain.push(await measure(bareUrl, {}));
  }
  const mean = (list: Figures[], key: keyof Figures) => list.reduce((sum, f) => sum + f[key], 0) / list.length;
  const rows = [
    ['', 'requests/s', 'p99 (ms)', 'errors'],
    ['signed endpoint', mean(signed, 'requestsPerSecond').toFixed(0), mean(signed, 'p99').toFixed(1), String(mean(signed, 'errors'))],
    ['bare Fastify route', mean(plain, 'requestsPerSecond').toFixed(0), mean(plain, 'p99').toFixed(1), String(mean(plain, 'errors'))],
    [
      'ratio signed/bare',
      (mean(signed, 'requestsPerSecond') / mean(plain, 'requestsPerSecond')).toFixed(3),
      // autocannon measures whole milliseconds: a bare p99 of 0 means "under 1 ms".
      mean(plain, 'p99') < 1 ? `>=${mean(signed, 'p99').toFixed(1)}` : (mean(signed, 'p99') / mean(plain, 'p99')).toFixed(2),
      '',
    ],
  ];
  for (const row of rows) process.stdout.write(`${row[0]!.padEnd(20)}${row[1]!.padStart(12)}${row[2]!.padStart(12)}${row[3]!.padStart(8)}\n`);

  // Where the time goes: the signature alone, on the same bytes, in this process.
  const key = service.ctx.keyring.active;
  const signatures = 2000;
  const started = performance.now();
  for (let i = 0; i < signatures; i++) await signDocument(body, key, service.ctx.organisation.oin, new Date());
  const signaturesPerSecond = signatures / ((performance.now() - started) / 1000);
  process.stdout.write(
    `signing alone: ${signaturesPerSecond.toFixed(0)} signatures/s, so ${((100 * mean(signed, 'requestsPerSecond')) / signaturesPerSecond).toFixed(1)}% of the signed endpoint's time is the signature; the rest is the token check, the database and the FCID fold.\n`,
  );
  await bare.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
