import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import { basePathOf, loadContract } from '../../contract/contract.js';
import { contractHandlers } from '../../contract/handlers.js';
import { assembleApp } from '../../http/app.js';
import { roleKeyring, roleLogger, withRoleDatabase, type RoleContext, type RoleOptions, type RoleService } from '../context.js';
import { stelselHandlers } from './handlers.js';

/** Where the scheme operator writes its public key at start-up, for organisations and apps to pin (STELSEL_SLEUTEL). */
export function stelselPubliekeSleutelPath(dataDir: string): string {
  return join(dataDir, 'stelselbeheerder.publieke-sleutel.jwk');
}

/**
 * The scheme operator (role `stelselbeheerder`, docs/centraal.md): its signing key, the
 * pinned public key written for participants, and the public scheme document.
 */
export async function createStelselbeheerderService(config: Config, options: RoleOptions = {}): Promise<RoleService> {
  const logger = roleLogger(config, options);
  const contract = loadContract('stelselbeheerder');
  return withRoleDatabase(config, logger, async (db) => {
    const keyring = await roleKeyring(config, db);
    const ctx: RoleContext = { config, contract, basePath: basePathOf(contract), db, keyring, now: options.now ?? (() => new Date()) };
    const path = stelselPubliekeSleutelPath(config.dataDir);
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(keyring.active.publicJwk, null, 2)}\n`);
    logger.info({ kid: keyring.active.kid, path }, 'scheme operator public key (pin this as STELSEL_SLEUTEL)');
    const app = assembleApp(
      {
        config,
        contract,
        basePath: ctx.basePath,
        handlers: { ...contractHandlers(ctx), ...stelselHandlers(ctx) },
        authenticate: async () => {
          throw new Error('The scheme operator has no secured operations');
        },
      },
      logger,
    );
    return { app, ctx, identity: config.stelselbeheerder.oin };
  });
}
