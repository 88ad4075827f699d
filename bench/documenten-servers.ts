/**
 * The servers of `npm run bench` (bench/documenten.ts), in a child process of their own so
 * the load generator does not share their event loop:
 *   - the organisation service (DATA_DIR / DATABASE_URL from the environment, seeded);
 *   - the crypto floor: per request one ES256 token verification (the service's own
 *     verifier, its cache off) and one ES256 signature over the same document bytes, and
 *     nothing else;
 *   - the bare route: the same bytes, unsigned, from a plain Fastify route;
 *   - on the service itself, HOOKS_ONLY_PATH: the same bytes behind the service's app-wide
 *     hooks and nothing else.
 * Prints one JSON line with the three ports and the document, then serves until killed.
 */
import Fastify from 'fastify';
import pino from 'pino';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { loadConfig } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { HOOKS_ONLY_PATH, uncachedVerifier } from './population.js';
import { scaleBsn } from '../src/data/seed/scale.js';
import { signDocument } from '../src/protocol/sign-document.js';
import { createOrganisatieService } from '../src/roles/organisatie/index.js';

const config = loadConfig({ ...BENCH_RATE_LIMITS, ...process.env, LOG_LEVEL: 'silent' } as Record<string, string>);
// The service's own hooks (tracing, headers, CORS, draining, rate limits, metrics) around a
// route that only returns the document's bytes: what the app costs before any document
// work, so the bench can tell the two apart. Only in this bench process.
let sameBytes = Buffer.alloc(0);
const service = await createOrganisatieService(config, {
  logger: pino({ level: 'silent' }),
  beforeReady: (app) => app.get(HOOKS_ONLY_PATH, async (_request, reply) => reply.type('application/json; charset=utf-8').send(sameBytes)),
});
await service.app.listen({ port: 0, host: '127.0.0.1' });
const portOf = (app: { server: { address(): unknown } }) => (app.server.address() as { port: number }).port;

const sampleToken = await issueDevelopmentToken({ dataDir: config.dataDir, bsn: scaleBsn(0) });
const sample = await fetch(`http://127.0.0.1:${portOf(service.app)}/v1/financiele-verplichtingen`, { headers: { authorization: `Bearer ${sampleToken}` } });
if (sample.status !== 200) throw new Error(`the service answered ${sample.status}`);
const body = Buffer.from(await sample.arrayBuffer());
sameBytes = body;

const verifier = await uncachedVerifier(config);
const floor = Fastify();
floor.get('/v1/financiele-verplichtingen', async (request, reply) => {
  await verifier.verify(request.headers.authorization);
  const signature = await signDocument(body, service.ctx.keyring.active, service.ctx.organisation.oin, new Date());
  return reply
    .header('payload-signature', signature.payloadSignature)
    .header('content-digest', signature.contentDigest)
    .type('application/json; charset=utf-8')
    .send(body);
});
await floor.listen({ port: 0, host: '127.0.0.1' });

const bare = Fastify();
bare.get('/v1/financiele-verplichtingen', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
await bare.listen({ port: 0, host: '127.0.0.1' });

process.stdout.write(
  `${JSON.stringify({ service: portOf(service.app), floor: portOf(floor), bare: portOf(bare), bytes: body.length, pid: process.pid })}\n`,
);
// Report memory on request (bench/memory.ts): one line of JSON per "rss" line on stdin.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n')) {
    if (line.trim() === 'rss') process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss })}\n`);
  }
});
process.stdin.on('end', () => {
  void Promise.all([service.app.close(), floor.close(), bare.close()]).then(() => process.exit(0));
});
