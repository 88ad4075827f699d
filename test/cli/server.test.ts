import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { PublishedKey } from '../../src/protocol/verify-document.js';
import { verifyPayloadSignature } from '../../src/protocol/verify-document.js';
import { contractViolations } from '../helpers/contract.js';
import { freePort, runEntry, startServer } from '../helpers/processes.js';
import { testDatabaseUrl, testDataDir } from '../helpers/service.js';

const BSN = '999993653';

t.test('a fresh data folder: the server creates, migrates and seeds its database and serves signed documents', async (t) => {
  const dataDir = testDataDir(t);
  const databaseUrl = await testDatabaseUrl(t);
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const server = await startServer(env);
  t.teardown(() => server.stop());

  const token = runEntry('src/cli/token.ts', ['--bsn', BSN], env);
  t.equal(token.status, 0, token.stderr);
  t.match(token.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/, 'npm run token prints the token alone');

  const base = `http://127.0.0.1:${port}`;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    const observed = { method: 'GET', url: path, statusCode: res.status, headers: Object.fromEntries(res.headers), body: body.toString('utf8') };
    t.same(contractViolations(observed), [], `GET ${path} → ${res.status} conforms to the contract`);
    return { res, body };
  };
  const document = await get('/v1/financiele-verplichtingen', { authorization: `Bearer ${token.stdout.trim()}` });
  t.equal(document.res.status, 200);
  const keys = JSON.parse((await get('/v1/sleutels')).body.toString('utf8')) as { keys: PublishedKey[] };
  await verifyPayloadSignature(document.body, document.res.headers.get('payload-signature')!, keys);
  t.pass('the document verifies against /v1/sleutels over real HTTP');

  t.equal(await server.stop(), 0, 'SIGTERM closes the server cleanly');
  t.match(server.output(), /"msg":"incoming request"/, 'requests are logged as JSON lines');
  t.notMatch(server.output(), BSN, 'no BSN in the log');

  const rotated = runEntry('src/cli/keys.ts', ['rotate'], env);
  t.equal(rotated.status, 0, rotated.stderr);
  t.match(rotated.stdout, /Geroteerd: .* is nu actief; .* is uitgefaseerd\./);
  t.equal(rotated.stdout.split('\n').filter((line) => / ES256 {2}(actief|uitgefaseerd) /.test(line)).length, 2, 'keys list shows both keys');

  const again = await startServer(env);
  t.teardown(() => again.stop());
  const after = await fetch(`${base}/v1/financiele-verplichtingen`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
  const afterKeys = (await (await fetch(`${base}/v1/sleutels`)).json()) as { keys: PublishedKey[] };
  await verifyPayloadSignature(document.body, document.res.headers.get('payload-signature')!, afterKeys);
  const verified = await verifyPayloadSignature(Buffer.from(await after.arrayBuffer()), after.headers.get('payload-signature')!, afterKeys);
  t.equal(afterKeys.keys.find((k) => k.kid === verified.header.kid)?.status, 'actief', 'after a restart the rotated key signs; the old document still verifies');
  await again.stop();
});

t.test('a bad setting stops the process with a message naming it', async (t) => {
  const result = runEntry('src/server.ts', [], { PORT: 'achtduizend', DATA_DIR: testDataDir(t) });
  t.equal(result.status, 1);
  t.match(result.stderr, /PORT/);
  t.notMatch(result.stderr, /at .*\.ts:\d+/, 'a message, not a stack trace');
});

t.test('npm run token refuses an invalid BSN', async (t) => {
  const result = runEntry('src/cli/token.ts', ['--bsn', '123456789'], { DATA_DIR: testDataDir(t) });
  t.equal(result.status, 2);
  t.equal(result.stdout, '');
  t.match(result.stderr, /elfproef/);
});

// PostgreSQL's driver, Prisma's adapter for it and Redis's client are loaded where they are first
// used (src/data/postgresql-driver.ts, src/http/rate-limits.ts): a service on the embedded
// default needs none of them (a start until its first answer: a median of 3.14 CPU-s with them,
// 2.99 without, 3 December 2026).
t.test('on the embedded default a started service has not loaded PostgreSQL\'s driver or Redis\'s client', { skip: process.env.REDIS_URL ? 'REDIS_URL is set in this environment' : false }, async (t) => {
  const dataDir = testDataDir(t);
  // Loaded into the server before its own modules: at exit it writes down every CommonJS
  // module the process loaded (pg, @prisma/adapter-pg and ioredis are CommonJS).
  const reporter = join(dataDir, 'loaded-modules.mjs');
  const list = join(dataDir, 'loaded-modules.txt');
  writeFileSync(
    reporter,
    "import { createRequire } from 'node:module'; import { writeFileSync } from 'node:fs';\n" +
      "const loaded = createRequire(import.meta.url).cache;\n" +
      "process.on('exit', () => writeFileSync(process.env.BK_LOADED_MODULES, Object.keys(loaded).join('\\n')));\n",
  );
  const port = await freePort();
  const server = await startServer({
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: String(port),
    HOST: '127.0.0.1',
    BK_LOADED_MODULES: list,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${reporter}`.trim(),
  });
  t.teardown(() => server.stop());
  const token = runEntry('src/cli/token.ts', ['--bsn', BSN], { DATA_DIR: dataDir, DATABASE_URL: '' });
  const res = await fetch(`http://127.0.0.1:${port}/v1/financiele-verplichtingen`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
  t.equal(res.status, 200, 'it serves a signed document');
  t.equal(await server.stop(), 0);

  const loaded = readFileSync(list, 'utf8').split('\n');
  const of = (name: string) => loaded.filter((file) => file.includes(`/node_modules/${name}/`)).length;
  t.ok(of('better-sqlite3') > 0, 'the list holds what the process loaded: SQLite\'s driver is in it');
  t.equal(of('pg'), 0, 'pg is not loaded');
  t.equal(of('@prisma/adapter-pg'), 0, '@prisma/adapter-pg is not loaded');
  t.equal(of('ioredis'), 0, 'ioredis is not loaded');
});
