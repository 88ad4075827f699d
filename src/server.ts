import { ConfigError, loadConfig } from './config.js';
import { createRoleService } from './roles/index.js';

/** Starts the service: validate configuration, build the configured role, listen, close gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, ctx, identity } = await createRoleService(config);
  // Drain on SIGTERM: stop accepting, let requests in flight finish (readiness fails
  // meanwhile), then exit; whatever has not finished within the grace period is cut off.
  const close = async (signal: string) => {
    app.log.info({ signal, graceMs: config.limits.shutdownGraceMs }, 'closing: draining requests in flight');
    setTimeout(() => {
      app.log.warn('requests still in flight after the grace period; exiting');
      process.exit(1);
    }, config.limits.shutdownGraceMs).unref();
    await app.close();
    app.log.info('closed');
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { role: config.role, identity, environment: config.environment, kid: ctx.keyring.active.kid },
    `Blauwe Knop serving ${config.publicBaseUrl}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
