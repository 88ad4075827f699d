import { authenticationHook } from '../../auth/authentication-hook.js';
import { citizenVerifierFor } from '../../auth/citizen-authentication.js';
import type { Config } from '../../config.js';
import { basePathOf, loadContract } from '../../contract/contract.js';
import { contractHandlers } from '../../contract/handlers.js';
import { assembleApp } from '../../http/app.js';
import { roleKeyring, roleLogger, withRoleDatabase, type RoleContext, type RoleOptions, type RoleService } from '../context.js';
import { registerDevelopmentLogin } from './ontwikkel-login.js';
import { appBeheerHandlers } from './registraties.js';

/**
 * The app manager (role `app-beheerder`, docs/centraal.md): registers app instances after
 * the citizen logs in and issues credentials bound to the app's key.
 */
export async function createAppBeheerderService(config: Config, options: RoleOptions = {}): Promise<RoleService> {
  const logger = roleLogger(config, options);
  const contract = loadContract('app-beheerder');
  return withRoleDatabase(config, logger, async (db) => {
    const keyring = await roleKeyring(config, db);
    const ctx: RoleContext = { config, contract, basePath: basePathOf(contract), db, keyring, now: options.now ?? (() => new Date()) };
    const app = assembleApp(
      {
        config,
        contract,
        basePath: ctx.basePath,
        handlers: { ...contractHandlers(ctx), ...appBeheerHandlers(ctx) },
        authenticate: authenticationHook(await citizenVerifierFor(config)),
      },
      logger,
    );
    registerDevelopmentLogin(app, ctx);
    return { app, ctx, identity: config.appBeheerder.id };
  });
}
