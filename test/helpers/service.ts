import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test as TapTest } from 'tap';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino, { type Logger } from 'pino';
import { issueDevelopmentToken } from '../../src/auth/development-identity-provider.js';
import { loadConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/logging.js';
import { createOrganisatieService as createService } from '../../src/roles/organisatie/index.js';
import type { OrganisatieContext } from '../../src/roles/organisatie/context.js';
import { dropSchema } from './database.js';
import { contractViolations, type ObservedResponse } from './contract.js';
import { placeSeededDatabase } from './seeded-database.js';

type Test = Pick<TapTest, 'teardown' | 'same'>;

export const TILBURG = '00000099000000000001';
export const RDW = '00000099000000000006';

/**
 * A database location for one test service: a fresh SQLite file in the test's data folder,
 * or, when DATABASE_URL points at PostgreSQL (CI's second pass), a fresh schema there that
 * is dropped afterwards. The same tests then prove both paths.
 */
export async function testDatabaseUrl(t: Test): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base?.startsWith('postgres')) return undefined;
  const schema = `bk_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  t.teardown(() => dropSchema(base, schema));
  return url.toString();
}

export function testDataDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'bk-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestService {
  app: FastifyInstance;
  ctx: OrganisatieContext;
  dataDir: string;
  /** The PostgreSQL URL (with its schema) when the suite runs on PostgreSQL. */
  databaseUrl: string | undefined;
  /** Sends a request and asserts the response conforms to the contract. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  tokenFor(bsn: string, options?: { expiresInSeconds?: number; claims?: Record<string, unknown> }): Promise<string>;
}

export interface TestServiceOptions {
  env?: Record<string, string>;
  now?: () => Date;
  logger?: Logger;
  /** Start a second replica of this service: same database, same data folder (keys). */
  replicaOf?: TestService;
}

export async function startTestService(t: Test, options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = options.replicaOf?.dataDir ?? testDataDir(t);
  const databaseUrl = options.replicaOf ? options.replicaOf.databaseUrl : await testDatabaseUrl(t);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // No bulk renewal of templates in the background (it writes whenever a test's clock stands
    // past a template's span); test/roles/organisatie/sjabloon-vernieuwer.test.ts turns it on.
    FCID_SJABLOON_VERNIEUWING_SECONDEN: '0',
    ...options.env,
  });
  if (!options.replicaOf) await placeSeededDatabase(config);
  const logger = options.logger ?? pino(loggerOptions('silent'));
  const { app, ctx } = await createService(config, { logger, ...(options.now ? { now: options.now } : {}) });
  t.teardown(() => app.close());
  const request = (injectOptions: InjectOptions) => injectAndValidate(t, app, injectOptions, contractViolations, 'the contract');
  return {
    app,
    ctx,
    dataDir,
    databaseUrl,
    request,
    get: (url, headers = {}) => request({ method: 'GET', url, headers }),
    tokenFor: (bsn, tokenOptions = {}) => issueDevelopmentToken({ dataDir, bsn, ...tokenOptions }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Sends a request with `inject` and asserts that the response conforms to `contractName`. */
export async function injectAndValidate(
  t: Test,
  app: FastifyInstance,
  injectOptions: InjectOptions,
  violationsOf: (res: ObservedResponse) => string[],
  contractName: string,
): Promise<LightMyRequestResponse> {
  const res = await app.inject(injectOptions);
  const method = injectOptions.method ?? 'GET';
  const violations = violationsOf({ method, url: String(injectOptions.url), statusCode: res.statusCode, headers: res.headers, body: res.body });
  t.same(violations, [], `${method} ${String(injectOptions.url)} → ${res.statusCode} conforms to ${contractName}`);
  return res;
}
