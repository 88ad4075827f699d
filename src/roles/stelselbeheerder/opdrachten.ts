/**
 * Operator commands run against the operator's own database: `npm run stelsel` runs one,
 * `npm run demo` all its registrations over one connection (a process start per command
 * cost the demo seconds each).
 */
import type { Config } from '../../config.js';
import { openDatabase } from '../../data/open.js';
import { roleKeyring } from '../context.js';
import { runStelsel } from './commando.js';

export async function runStelselOpdrachten(config: Config, opdrachten: string[][], out: (line: string) => void): Promise<void> {
  const db = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir, seed: config.seedDemoData });
  try {
    const keyring = await roleKeyring(config, db);
    for (const args of opdrachten) await runStelsel(args, { config, db, keyring, now: () => new Date(), out });
  } finally {
    await db.close();
  }
}
