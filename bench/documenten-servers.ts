/**
 * The servers of `npm run bench` (bench/documenten.ts), each part in a child process of its
 * own, so the load generator does not share their event loop and the reference routes do
 * not share the service's heap (what the service keeps in its caches slows the garbage
 * collector of every route in its process):
 *   - `--part service`: the organisation service (DATA_DIR / DATABASE_URL from the
 *     environment, seeded), and on it HOOKS_ONLY_PATH: the same bytes behind the service's
 *     app-wide hooks and nothing else; and FLOOR_BEHIND_HOOKS_PATH: the crypto floor's work
 *     (below) behind those same hooks, which splits the cold gap into what the app costs
 *     around any route and what the document route adds;
 *   - `--part reference`: the crypto floor, per request one ES256 token verification (the
 *     service's own verifier, its cache off) and one ES256 signature over the same document
 *     bytes, and nothing else; and the bare route, the same bytes, unsigned, from a plain
 *     Fastify route. This process builds the same service to make the document and take its
 *     key, but serves it no traffic.
 * Prints one JSON line with its ports and the document's length, then serves until stdin ends.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyReply } from 'fastify';
import pino from 'pino';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { loadConfig } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { FLOOR_BEHIND_HOOKS_PATH, HOOKS_ONLY_PATH, uncachedVerifier } from './population.js';
import { scaleBsn } from '../src/data/seed/scale.js';
import { signDocument } from '../src/protocol/sign-document.js';
import { createOrganisatieService } from '../src/roles/organisatie/index.js';

const config = loadConfig({ ...BENCH_RATE_LIMITS, ...process.env, LOG_LEVEL: 'silent' } as Record<string, string>);
// The service's own hooks (tracing, headers, CORS, draining, rate limits, metrics) around a
// route that only returns the document's bytes: what the app costs before any document
// work, so the bench can tell the two apart. Only in this bench process.
let sameBytes: Buffer = Buffer.alloc(0);
const verifier = await uncachedVerifier(config);
const service = await createOrganisatieService(config, {
  logger: pino({ level: 'silent' }),
  beforeReady: (app) => {
    app.get(HOOKS_ONLY_PATH, async (_request, reply) => reply.type('application/json; charset=utf-8').send(sameBytes));
    app.get(FLOOR_BEHIND_HOOKS_PATH, async (request, reply) => floor(request.headers.authorization, reply));
  },
});

/** The crypto floor: one token verification (the service's verifier, its cache off) and one signature over the same bytes. */
async function floor(authorization: string | undefined, reply: FastifyReply): Promise<FastifyReply> {
  await verifier.verify(authorization);
  const signature = await signDocument(sameBytes, service.ctx.keyring.active, service.ctx.organisation.oin, new Date());
  return reply
    .header('payload-signature', signature.payloadSignature)
    .header('content-digest', signature.contentDigest)
    .type('application/json; charset=utf-8')
    .send(sameBytes);
}
const portOf = (app: { server: { address(): unknown } }) => (app.server.address() as { port: number }).port;

const sampleToken = await issueDevelopmentToken({ dataDir: config.dataDir, bsn: scaleBsn(0) });
const sample = await service.app.inject({ url: '/v1/financiele-verplichtingen', headers: { authorization: `Bearer ${sampleToken}` } });
if (sample.statusCode !== 200) throw new Error(`the service answered ${sample.statusCode}`);
sameBytes = sample.rawPayload;

const closing: (() => Promise<unknown>)[] = [() => service.app.close()];
if (process.argv.includes('--part') && process.argv[process.argv.indexOf('--part') + 1] === 'reference') {
  const floorApp = Fastify();
  floorApp.get('/v1/financiele-verplichtingen', async (request, reply) => floor(request.headers.authorization, reply));
  await floorApp.listen({ port: 0, host: '127.0.0.1' });

  const bare = Fastify();
  bare.get('/v1/financiele-verplichtingen', async (_request, reply) => reply.type('application/json; charset=utf-8').send(sameBytes));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  closing.push(() => floorApp.close(), () => bare.close());
  process.stdout.write(`${JSON.stringify({ floor: portOf(floorApp), bare: portOf(bare), bytes: sameBytes.length, pid: process.pid })}\n`);
} else {
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ service: portOf(service.app), bytes: sameBytes.length, pid: process.pid })}\n`);
}
/**
 * The resident set in its parts (Linux, /proc/self/status; bytes): `anon`, the heap and
 * everything else the process allocated, and `file`, pages of files it maps (code, and any
 * mapped data file), which are the kernel's page cache. Empty elsewhere.
 */
function rssParts(): { anon?: number; file?: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (name: string) => new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    const [anon, file] = [kib('RssAnon'), kib('RssFile')];
    return anon === undefined || file === undefined ? {} : { anon: Number(anon) * 1024, file: Number(file) * 1024 };
  } catch {
    return {};
  }
}

// Report memory on request (bench/memory.ts): one line of JSON per "rss" line on stdin.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n')) {
    if (line.trim() === 'rss') process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ...rssParts() })}\n`);
  }
});
process.stdin.on('end', () => {
  void Promise.all(closing.map((close) => close())).then(() => process.exit(0));
});
