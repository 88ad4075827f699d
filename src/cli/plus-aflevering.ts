/** `npm run plus-aflevering -- <opdracht>`: pauses of Plus push delivery at this bronhouder (see AFLEVERING_USAGE). */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { AFLEVERING_USAGE, AfleveringGebruiksfout, runPlusAflevering } from '../roles/organisatie/plus/aflevering-commando.js';
import { parseArgsFout, printUsage, usageError, wantsHelp } from './usage.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) printUsage(AFLEVERING_USAGE);
  let config;
  try {
    config = loadConfig({ ...process.env, BK_ROLE: 'organisatie' });
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const db = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir, seed: false });
  try {
    await runPlusAflevering(args, { db, out: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  const fout = parseArgsFout(error);
  if (fout !== undefined) usageError(fout, AFLEVERING_USAGE);
  if (error instanceof AfleveringGebruiksfout) usageError(error.message, AFLEVERING_USAGE);
  fail(error instanceof Error ? error.message : String(error));
});
