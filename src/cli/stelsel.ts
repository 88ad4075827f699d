/** `npm run stelsel -- <command>`: the scheme operator's administration (see STELSEL_USAGE). */
import { ConfigError, loadConfig } from '../config.js';
import { STELSEL_USAGE, UsageError } from '../roles/stelselbeheerder/commando.js';
import { runStelselOpdrachten } from '../roles/stelselbeheerder/opdrachten.js';
import { parseArgsFout, printUsage, usageError, wantsHelp } from './usage.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) printUsage(STELSEL_USAGE);
  if (args.length === 0) usageError('Geef een opdracht.', STELSEL_USAGE);
  let config;
  try {
    config = loadConfig({ ...process.env, BK_ROLE: 'stelselbeheerder' });
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  await runStelselOpdrachten(config, [args], (line) => process.stdout.write(`${line}\n`));
}

main().catch((error: unknown) => {
  const fout = parseArgsFout(error);
  if (fout !== undefined) usageError(fout, STELSEL_USAGE);
  if (error instanceof UsageError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
});
