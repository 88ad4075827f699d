/** `npm run stelsel -- <command>`: the scheme operator's administration (see STELSEL_USAGE). */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { roleKeyring } from '../roles/context.js';
import { runStelsel, STELSEL_USAGE, UsageError } from '../roles/stelselbeheerder/commando.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, BK_ROLE: 'stelselbeheerder' });
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (process.argv.length <= 2) fail(STELSEL_USAGE);
  const db = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir, seed: config.seedDemoData });
  try {
    const keyring = await roleKeyring(config, db);
    await runStelsel(process.argv.slice(2), { config, db, keyring, now: () => new Date(), out: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
