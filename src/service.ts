import pino, { type Logger } from 'pino';
import { buildApp } from './app.js';
import { citizenVerifierFor } from './auth/citizen-authentication.js';
import type { Config } from './config.js';
import { basePathOf, loadContract } from './contract/contract.js';
import { openDatabase } from './data/database.js';
import { findOrganisation } from './data/organisations.js';
import { signingKeyStore } from './data/signing-keys.js';
import { loggerOptions } from './logging.js';
import type { ServiceContext } from './service-context.js';
import { SigningKeyring } from './signing/keyring.js';

export interface ServiceOptions {
  logger?: Logger;
  now?: () => Date;
}

/**
 * Everything a running instance needs, in start-up order: the contract, the database
 * (migrated, and seeded with demo data where configured), the organisation it serves, its
 * signing keys, the identity provider, and the HTTP app on top.
 */
export async function createService(config: Config, options: ServiceOptions = {}) {
  const logger = options.logger ?? pino(loggerOptions(config.logLevel));
  const contract = loadContract();
  const db = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    seed: config.seedDemoData,
    logger,
  });
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
    const ctx: ServiceContext = {
      config,
      contract,
      basePath: basePathOf(contract),
      db,
      organisation,
      keyring,
      now: options.now ?? (() => new Date()),
    };
    const app = buildApp(ctx, await citizenVerifierFor(config), logger);
    app.addHook('onClose', async () => db.close());
    await app.ready();
    return { app, ctx };
  } catch (error) {
    await db.close();
    throw error;
  }
}
