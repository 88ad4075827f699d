import { authenticationHook } from '../../auth/authentication-hook.js';
import { citizenVerifierFor } from '../../auth/citizen-authentication.js';
import type { Config } from '../../config.js';
import { contractHandlers } from '../../contract/handlers.js';
import { assembleApp } from '../../http/app.js';
import { withKeyedRole, type RoleOptions, type RoleService } from '../context.js';
import { registerCentraalApp } from './app/index.js';
import { registerDevelopmentLogin } from './ontwikkel-login.js';
import { appBeheerHandlers } from './registraties.js';

/**
 * The app manager (role `app-beheerder`, docs/centraal.md): registers app instances after
 * the citizen logs in and issues credentials bound to the app's key; and hands out the
 * Centraal app for the browser at `/app` (./app).
 */
export async function createAppBeheerderService(config: Config, options: RoleOptions = {}): Promise<RoleService> {
  return withKeyedRole(config, options, 'app-beheerder', async (ctx, logger) => {
    const { contract } = ctx;
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
    registerCentraalApp(app, ctx);
    return { app, identity: config.appBeheerder.id };
  });
}
