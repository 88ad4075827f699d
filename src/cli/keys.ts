import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { REVOCATION_REASONS, signingKeyStore, type RevocationReason } from '../data/signing-keys.js';
import { SigningKeyring } from '../keys/keyring.js';
import { parseOptions, usageError } from './usage.js';

const USAGE = `Gebruik: npm run keys -- <opdracht>
  list                 de ondertekeningssleutels van de organisatie en hun status
  rotate               ontwikkeling: vanaf nu ondertekent een nieuwe sleutel; de vorige blijft
                       gepubliceerd als 'uitgefaseerd', zodat wat die ondertekende geldig blijft
  revoke --kid <kid> --reden <reden>
                       trekt een sleutel in die niet meer ondertekent. De reden bepaalt wat
                       verificateurs nog vertrouwen:
                         buiten-gebruik    vernietigd, nooit in andere handen: wat de sleutel
                                           vóór nu ondertekende, blijft geldig
                         gecompromitteerd  iemand anders kan hem hebben: niets wat hij
                                           ondertekende wordt nog vertrouwd (ook niet met een
                                           teruggedateerde sigT); inwoners halen een nieuw exemplaar
Herstart de draaiende dienst na rotate: een draaiende instantie houdt tot dan haar sleutel.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseOptions(USAGE, { options: { kid: { type: 'string' }, reden: { type: 'string' } }, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (!command) usageError('Geef een opdracht.', USAGE);
  if (!['list', 'rotate', 'revoke'].includes(command)) usageError(`Onbekende opdracht ${command}.`, USAGE);
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
      process.stdout.write(`Geroteerd: ${key.kid} (${key.algorithm}) is nu actief; ${previous} is uitgefaseerd.\n`);
    } else if (command === 'revoke') {
      if (!values.kid) usageError('revoke: --kid <kid> is verplicht.', USAGE);
      const reden = values.reden as RevocationReason | undefined;
      if (!reden || !REVOCATION_REASONS.includes(reden)) usageError(`revoke: --reden is verplicht: ${REVOCATION_REASONS.join(' of ')}.`, USAGE);
      await keyring.revoke(values.kid, reden);
      process.stdout.write(`Ingetrokken (${reden}): ${values.kid}.\n`);
    }
    for (const key of (await keyring.published()).keys) {
      process.stdout.write(`${key.kid}  ${key.alg}  ${key.status}  geldig vanaf ${key.geldig_vanaf}${key.ingetrokken_op ? `  ingetrokken op ${key.ingetrokken_op} (${key.intrekkingsreden ?? 'gecompromitteerd: zonder reden'})` : ''}\n`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
