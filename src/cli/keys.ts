import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { signingKeyStore } from '../data/signing-keys.js';
import { SigningKeyring } from '../keys/keyring.js';

const USAGE = `Usage: npm run keys -- <command>
  list                 the organisation's signing keys and their status
  rotate               development: a new key signs from now on; the previous one stays
                       published as 'uitgefaseerd' so documents it signed keep verifying
  revoke --kid <kid>   mark a key 'ingetrokken': documents it signed after now are refused
Restart (or roll) the running service after rotate: a running instance keeps its key until then.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ options: { kid: { type: 'string' } }, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (!command || !['list', 'rotate', 'revoke'].includes(command)) fail(USAGE);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const db = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir, seed: config.seedDemoData });
  try {
    const keyring = await SigningKeyring.open(signingKeyStore(db), config.organisationOin, {
      algorithm: config.signing.algorithm,
      dataDir: config.dataDir,
      ...(config.signing.keyFile ? { keyFile: config.signing.keyFile } : {}),
    });
    if (command === 'rotate') {
      const previous = keyring.active.kid;
      const key = await keyring.rotate();
      process.stdout.write(`Rotated: ${key.kid} (${key.algorithm}) is now active; ${previous} is uitgefaseerd.\n`);
    } else if (command === 'revoke') {
      if (!values.kid) fail('revoke needs --kid <kid>');
      await keyring.revoke(values.kid);
      process.stdout.write(`Revoked: ${values.kid} is ingetrokken.\n`);
    }
    for (const key of (await keyring.published()).keys) {
      process.stdout.write(`${key.kid}  ${key.alg}  ${key.status}  geldig vanaf ${key.geldig_vanaf}${key.ingetrokken_op ? `  ingetrokken op ${key.ingetrokken_op}` : ''}\n`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
