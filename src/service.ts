import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { assembleApp, buildApp } from './app.js';
import { authenticationHook } from './auth/authentication-hook.js';
import { citizenVerifierFor } from './auth/citizen-authentication.js';
import type { Config } from './config.js';
import { basePathOf, loadContract } from './contract/contract.js';
import { openDatabase, type Database } from './data/database.js';
import { findOrganisation } from './data/organisations.js';
import { signingKeyStore } from './data/signing-keys.js';
import { loggerOptions } from './logging.js';
import { appBeheerHandlers } from './routes/app-beheer.js';
import { contractHandlers } from './routes/contract.js';
import { registerDevelopmentLogin } from './routes/ontwikkel-login.js';
import { stelselHandlers } from './routes/stelsel.js';
import type { RoleContext, ServiceContext } from './service-context.js';
import { SessieDienst } from './sessies/sessie-dienst.js';
import { readPinnedKeys, StelselBron } from './sessies/stelsel-bron.js';
import { SigningKeyring } from './signing/keyring.js';

export interface ServiceOptions {
  logger?: Logger;
  now?: () => Date;
}

function openDatabaseFor(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    seed: config.seedDemoData,
    logger,
  });
}

/**
 * Everything a running organisation needs, in start-up order: the contract, the database
 * (migrated, and seeded with demo data where configured), the organisation it serves, its
 * signing keys, the identity provider, Centraal sessions when a scheme operator is
 * configured, and the HTTP app on top.
 */
export async function createService(config: Config, options: ServiceOptions = {}) {
  const logger = options.logger ?? pino(loggerOptions(config.logLevel));
  const contract = loadContract('organisatie');
  const db = await openDatabaseFor(config, logger);
  try {
    const organisation = await findOrganisation(db, config.organisationOin);
    if (!organisation) {
      throw new Error(`ORGANISATION_OIN ${config.organisationOin} is not an organisation in the database`);
    }
    const keyring = await SigningKeyring.open(signingKeyStore(db), organisation.oin, {
      algorithm: config.signing.algorithm,
      dataDir: config.dataDir,
      ...(config.signing.keyFile ? { keyFile: config.signing.keyFile } : {}),
    });
    const now = options.now ?? (() => new Date());
    const ctx: ServiceContext = {
      config,
      contract,
      basePath: basePathOf(contract),
      db,
      organisation,
      keyring,
      now,
    };
    if (config.stelsel.url && config.stelsel.sleutelFile) {
      const stelsel = new StelselBron(config.stelsel.url, readPinnedKeys(config.stelsel.sleutelFile), now, fetch, config.stelsel.verversSeconden * 1000);
      ctx.sessies = new SessieDienst({ oin: organisation.oin, keyring, stelsel, now, sessieSeconden: config.sessieGeldigheidSeconden });
    }
    const app = buildApp(ctx, await citizenVerifierFor(config), logger);
    app.addHook('onClose', async () => db.close());
    await app.ready();
    return { app, ctx };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Where the scheme operator writes its public key at start-up, for organisations and apps to pin (STELSEL_SLEUTEL). */
export function stelselPubliekeSleutelPath(dataDir: string): string {
  return join(dataDir, 'stelselbeheerder.publieke-sleutel.jwk');
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

/** The scheme operator or the app manager (docs/centraal.md): same assembly, its own contract and handlers. */
export async function createRoleService(config: Config, options: ServiceOptions = {}): Promise<{ app: FastifyInstance; ctx: RoleContext }> {
  if (config.role === 'organisatie') return createService(config, options);
  const logger = options.logger ?? pino(loggerOptions(config.logLevel));
  const contract = loadContract(config.role);
  const db = await openDatabaseFor(config, logger);
  try {
    const keyring = await roleKeyring(config, db);
    const ctx: RoleContext = { config, contract, basePath: basePathOf(contract), db, keyring, now: options.now ?? (() => new Date()) };
    if (config.role === 'stelselbeheerder') {
      const path = stelselPubliekeSleutelPath(config.dataDir);
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(path, `${JSON.stringify(keyring.active.publicJwk, null, 2)}\n`);
      logger.info({ kid: keyring.active.kid, path }, 'scheme operator public key (pin this as STELSEL_SLEUTEL)');
    }
    const app = assembleApp(
      {
        config,
        contract,
        basePath: ctx.basePath,
        handlers:
          config.role === 'stelselbeheerder'
            ? { ...contractHandlers(ctx), ...stelselHandlers(ctx) }
            : { ...contractHandlers(ctx), ...appBeheerHandlers(ctx) },
        authenticate:
          config.role === 'stelselbeheerder'
            ? async () => {
                throw new Error('The scheme operator has no secured operations');
              }
            : authenticationHook(await citizenVerifierFor(config)),
      },
      logger,
    );
    if (config.role === 'app-beheerder') registerDevelopmentLogin(app, ctx);
    app.addHook('onClose', async () => db.close());
    await app.ready();
    return { app, ctx };
  } catch (error) {
    await db.close();
    throw error;
  }
}
