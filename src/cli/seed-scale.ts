/**
 * npm run seed:scale -- --citizens N [--batch 1000]
 *
 * Adds the deterministic synthetic population (src/data/seed/scale.ts) to the configured
 * database (DATA_DIR / DATABASE_URL): citizens 0 … N-1 with their zaken at the configured
 * organisation (ORGANISATION_OIN) and vehicles at the RDW, after the demo data. Reports
 * the time it took and the database's size.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../data/open.js';
import { databaseSize } from '../data/database-size.js';
import { OIN } from '../data/seed/index.js';
import { seedScale } from '../data/seed/scale.js';
import { progressBar } from './progress-bar.js';

const USAGE = 'Usage: npm run seed:scale -- --citizens <N> [--batch <citizens per transaction, default 1000>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { citizens: { type: 'string' }, batch: { type: 'string' } }, strict: true });
  const citizens = Number(values.citizens);
  const batchSize = Number(values.batch ?? 1_000);
  if (!Number.isSafeInteger(citizens) || citizens < 1 || citizens > 7_999_999) fail(USAGE);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) fail(USAGE);
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
      `Seeded ${counts.citizens} citizens, ${counts.zaken} zaken, ${counts.gebeurtenissen} events, ${counts.voertuigen} vehicles ` +
        `in ${seconds.toFixed(1)} s (${(counts.gebeurtenissen / seconds).toFixed(0)} events/s).\n`,
    );
  } finally {
    await db.close();
  }
  const bytes = await databaseSize(config.dataDir, databaseUrl);
  process.stdout.write(`Database size: ${(bytes / 1024 / 1024).toFixed(1)} MiB.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
