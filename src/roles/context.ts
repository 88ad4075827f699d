import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { basePathOf, loadContract, type Contract } from '../contract/contract.js';
import { type Database } from '../data/database.js';
import { openDatabase } from '../data/open.js';
import { signingKeyStore } from '../data/signing-keys.js';
import { SigningKeyring } from '../keys/keyring.js';
import { isDraining } from '../http/draining.js';
import { registerHealth } from '../http/health.js';
import { loggerOptions } from '../logging.js';

/** What every role has, built once at start-up by the role's own `create…` function. */
export interface RoleContext {
  config: Config;
  contract: Contract;
  /** `/v1`: where the contract's paths are mounted. */
  basePath: string;
  db: Database;
  /** The keys this instance signs with (organisation documents, the scheme document, app credentials). */
  keyring: SigningKeyring;
  /** The time source; tests pass a fixed clock. */
  now: () => Date;
}

/** What a caller (server, tests, benchmarks) may pass to a role's `create…` function. */
export interface RoleOptions {
  logger?: Logger;
  now?: () => Date;
  /** Adds to the app before it is made ready (the document bench adds a route to measure the app-wide hooks alone). */
  beforeReady?: (app: FastifyInstance) => void;
}

/** A running role: the Fastify app (ready, not listening) and the context its handlers share. */
export interface RoleService<Context extends RoleContext = RoleContext> {
  app: FastifyInstance;
  ctx: Context;
  /** Who this instance is, for the start-up log line (organisation name and OIN, operator OIN, app manager id). */
  identity: string;
}

export function roleLogger(config: Config, options: RoleOptions): Logger {
  return options.logger ?? pino(loggerOptions(config.logLevel));
}

/** The role's database, migrated (and seeded with demo data where configured). */
export function openRoleDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    seed: config.seedDemoData,
    logger,
    timeouts: { connectMs: config.limits.dbConnectTimeoutMs, statementMs: config.limits.dbStatementTimeoutMs, poolMax: config.limits.dbPoolMax },
  });
}

/** Opens the keyring of a role that signs with ES256 under its own identifier (operator OIN, app manager id). */
export async function roleKeyring(config: Config, db: Database): Promise<SigningKeyring> {
  const owner = config.role === 'stelselbeheerder' ? config.stelselbeheerder.oin : config.appBeheerder.id;
  return SigningKeyring.open(signingKeyStore(db), owner, {
    algorithm: 'ES256',
    dataDir: config.dataDir,
    ...(config.signing.keyFile ? { keyFile: config.signing.keyFile } : {}),
  });
}

/**
 * Opens the database, builds the role on it, and makes the app close the database. If
 * building fails, the database is closed before the error goes up.
 */
export async function withRoleDatabase<Context extends RoleContext>(
  config: Config,
  logger: Logger,
  build: (db: Database) => Promise<RoleService<Context>>,
  beforeReady?: RoleOptions['beforeReady'],
): Promise<RoleService<Context>> {
  const db = await openRoleDatabase(config, logger);
  try {
    const service = await build(db);
    registerHealth(service.app, {
      checks: {
        database: async () => void (await db.prisma.$queryRawUnsafe('SELECT 1')),
        sleutels: async () => void (await service.ctx.keyring.signingKey()),
      },
      draining: () => isDraining(service.app),
    });
    service.app.metrics.observeDatabase(db.provider, db.statements.pool);
    service.ctx.keyring.onSigned((soort) => service.app.metrics.signed(soort));
    service.app.addHook('onClose', async () => db.close());
    beforeReady?.(service.app);
    await service.app.ready();
    return service;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Starts a central role that signs with its own ES256 keyring (the scheme operator, the app
 * manager): its contract, database and keyring make the context on which `build` assembles
 * the app.
 */
export function withKeyedRole(
  config: Config,
  options: RoleOptions,
  role: 'stelselbeheerder' | 'app-beheerder',
  build: (ctx: RoleContext, logger: Logger) => Promise<Omit<RoleService, 'ctx'>>,
): Promise<RoleService> {
  const logger = roleLogger(config, options);
  const contract = loadContract(role);
  return withRoleDatabase(config, logger, async (db) => {
    const keyring = await roleKeyring(config, db);
    const ctx: RoleContext = { config, contract, basePath: basePathOf(contract), db, keyring, now: options.now ?? (() => new Date()) };
    return { ...(await build(ctx, logger)), ctx };
  });
}
