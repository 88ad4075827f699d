/**
 * npm run seed:scale -- --citizens N [--batch 1000]
 *
 * Adds the deterministic synthetic population (src/data/seed/scale.ts) to the configured
 * database (DATA_DIR / DATABASE_URL): citizens 0 … N-1 with their zaken at the configured
 * organisation (ORGANISATION_OIN) and vehicles at the RDW, after the demo data. Reports
 * the time it took and the database's size.
 */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { databaseSize } from '../data/database-size.js';
import { OIN } from '../data/seed/index.js';
import { seedScale } from '../data/seed/scale.js';
import { progressBar } from './progress-bar.js';
import { parseOptions, usageError } from './usage.js';

const USAGE = `Gebruik: npm run seed:scale -- --citizens <N> [--batch <inwoners per transactie, standaard 1000>]
Voegt N synthetische inwoners met hun zaken en voertuigen toe aan de ingestelde database.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseOptions(USAGE, { options: { citizens: { type: 'string' }, batch: { type: 'string' } }, strict: true });
  const citizens = Number(values.citizens);
  const batchSize = Number(values.batch ?? 1_000);
  if (!Number.isSafeInteger(citizens) || citizens < 1 || citizens > 7_999_999) usageError('--citizens moet een geheel getal van 1 tot en met 7999999 zijn.', USAGE);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) usageError('--batch moet een positief geheel getal zijn.', USAGE);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const databaseUrl = config.databaseUrl;
  const db = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir: config.dataDir, seed: true });
  const started = performance.now();
  try {
    const counts = await seedScale(db, {
      oin: config.organisationOin,
      citizens,
      batchSize,
      rdwOin: OIN.rdw,
      onProgress: progressBar('seed:scale'),
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${counts.citizens} inwoners, ${counts.zaken} zaken, ${counts.gebeurtenissen} gebeurtenissen en ${counts.voertuigen} voertuigen toegevoegd ` +
        `in ${seconds.toFixed(1)} s (${(counts.gebeurtenissen / seconds).toFixed(0)} gebeurtenissen/s).\n`,
    );
  } finally {
    await db.close();
  }
  const bytes = await databaseSize(config.dataDir, databaseUrl);
  process.stdout.write(`Omvang van de database: ${(bytes / 1024 / 1024).toFixed(1)} MiB.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
