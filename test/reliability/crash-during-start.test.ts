/**
 * kill -9 during the first start never leaves an instance that cannot start (issue 11,
 * item 3). The real service runs as a child process on a fresh database (SQLite file, or a
 * fresh PostgreSQL schema `bk_kill_<pid>_<n>` when DATABASE_URL is PostgreSQL) and is killed
 * with SIGKILL at each named point of start-up (src/crash-point.ts): inside the migration
 * transaction, between migrating and seeding, inside the seed transaction, before the
 * signing key exists, between recording the key and writing its file, and just before it
 * listens. Then it is started again on the same database and data folder, and must serve
 * documents equal to a clean instance's, signed with a key it publishes as active.
 */
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import pino from 'pino';
import { compiledEntry } from '../../scripts/compiled.js';
import { issueDevelopmentToken } from '../../src/auth/development-identity-provider.js';
import { loadConfig } from '../../src/config.js';
import type { CrashPointName } from '../../src/crash-point.js';
import { loggerOptions } from '../../src/logging.js';
import { createOrganisatieService } from '../../src/roles/organisatie/index.js';
import { verifyPayloadSignature, type PublishedKey } from '../../src/protocol/verify-document.js';
import { dropSchema, postgresqlUrlFromEnv, withSchema } from '../helpers/database.js';
import { freePort } from '../helpers/processes.js';
import { testDataDir } from '../helpers/service.js';

const POINTS: CrashPointName[] = [
  'migraties-halverwege',
  'migraties-klaar',
  'seed-halverwege',
  'seed-klaar',
  'sleutel-geregistreerd',
  'sleutel-klaar',
];

// Six starts of the real service as a child process (each loading the whole service, then
// migrating a fresh database) and seven starts in this process, one after the other: about
// 50 s alone, and past the suite's 120 s per file once on PostgreSQL on a busy 2-core machine.
t.setTimeout(360_000);

const SANNE = '999993653';
const PUBLIC_BASE_URL = 'http://localhost/v1';
const pgBase = postgresqlUrlFromEnv();
let schemas = 0;

/** A fresh database for one instance: undefined (SQLite in its data folder) or a new PostgreSQL schema. */
function freshDatabase(t: Pick<Test, 'teardown'>): Record<string, string> {
  if (!pgBase) return {};
  const schema = `bk_kill_${process.pid}_${++schemas}`;
  t.teardown(() => dropSchema(pgBase, schema));
  return { DATABASE_URL: withSchema(pgBase, schema) };
}

function environment(dataDir: string, database: Record<string, string>, port: number): Record<string, string> {
  return { ...database, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL, LOG_LEVEL: 'info' };
}

/** Starts the service and resolves with how it ended: it must be killed at `point`. */
function crashAt(env: Record<string, string>, point: CrashPointName): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  const child = spawn(process.execPath, [compiledEntry('src/server.ts')], {
    env: { ...process.env, ...env, BK_TEST_CRASH_AT: point },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
}

/**
 * Starts the service again on the database and data folder (in this process, through the
 * same start-up as src/server.ts short of listening: a child process would add seconds per
 * point), and returns what a citizen gets: the document (the moment's time stamps left out),
 * verified with the instance's own published keys, and the discovery document.
 */
async function serveOnce(t: Test, dataDir: string, database: Record<string, string>): Promise<unknown> {
  const config = loadConfig({ ...environment(dataDir, database, 8080), LOG_LEVEL: 'silent' });
  const { app } = await createOrganisatieService(config, { logger: pino(loggerOptions('silent')) });
  try {
    const token = await issueDevelopmentToken({ dataDir, bsn: SANNE });
    const response = await app.inject({ url: '/v1/financiele-verplichtingen', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    t.equal(response.statusCode, 200, 'the document is served');
    const keys = (await app.inject({ url: '/v1/sleutels' })).json<{ keys: PublishedKey[] }>();
    const verified = await verifyPayloadSignature(response.rawPayload, String(response.headers['payload-signature']), keys);
    t.equal(verified.key.status, 'actief', 'signed with the key the instance publishes as actief');
    return { organisatie: (await app.inject({ url: '/v1/organisatie' })).json(), document: withoutMoment(response.json()) };
  } finally {
    await app.close();
  }
}

function withoutMoment(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMoment);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'aangemaakt_op' && key !== 'saldo_datumtijd')
        .map(([key, inner]) => [key, withoutMoment(inner)]),
    );
  }
  return value;
}

t.test(`kill -9 at every point of the first start (${pgBase ? 'PostgreSQL' : 'SQLite'})`, async (t) => {
  const clean = await serveOnce(t, testDataDir(t), freshDatabase(t));
  for (const point of POINTS) {
    await t.test(point, async (t) => {
      const dataDir = testDataDir(t);
      const database = freshDatabase(t);
      const crashed = await crashAt(environment(dataDir, database, await freePort()), point);
      t.equal(crashed.signal, 'SIGKILL', `killed at ${point}${crashed.signal ? '' : `; it ended with ${crashed.code}:\n${crashed.output}`}`);
      t.same(await serveOnce(t, dataDir, database), clean, 'the next start serves what a clean instance serves');
    });
  }
});

t.test('a crash point kills only when named, and never in production', async (t) => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(pathToFileURL(compiledEntry('src/crash-point.ts')).href)})).crashPoint('seed-klaar'); console.log('levend');`], {
      env: { ...process.env, BK_ENVIRONMENT: '', ...env },
      encoding: 'utf8',
    });
  t.equal(run({ BK_TEST_CRASH_AT: 'seed-klaar' }).signal, 'SIGKILL', 'named: killed');
  t.match(run({ BK_TEST_CRASH_AT: 'migraties-klaar' }).stdout, /levend/, 'another point named: lives');
  t.match(run({ BK_TEST_CRASH_AT: 'seed-klaar', BK_ENVIRONMENT: 'production' }).stdout, /levend/, 'production: lives');
});
