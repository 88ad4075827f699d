/**
 * Most tests start an organisation on a new SQLite database, which the service then migrates
 * and seeds with the demo data: the same work at every start, about 0.4 of the 0.6 to 1 CPU-s
 * an in-process start takes (measured 3 December). A test process does that work once, in a
 * folder of its own, and each service it starts later begins on a copy of that file: the
 * database the service would have made itself, because migrating and seeding depend on nothing
 * but the migrations and the demo data (not on the role, the organisation, keys or clock).
 *
 * Starting on an empty database stays proven: by test/data (migrations, seed, read models), by
 * the tests that start a service as a process, and on PostgreSQL by every test, where each
 * service gets an empty schema of its own.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { SQLITE_FILE_NAME } from '../../src/data/database.js';
import { openDatabase } from '../../src/data/open.js';

let template: Promise<string> | undefined;

async function makeTemplate(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bk-seeded-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const db = await openDatabase({ dataDir: dir, seed: true });
  // Closing checkpoints the write-ahead log into the file, so the file alone is the database.
  await db.close();
  return join(dir, SQLITE_FILE_NAME);
}

/**
 * Before a service starts on `config`: when it would create a seeded SQLite database in its
 * (new, empty) data folder, put the copy there.
 */
export async function placeSeededDatabase(config: Config): Promise<void> {
  if (config.databaseUrl || !config.seedDemoData) return;
  template ??= makeTemplate();
  copyFileSync(await template, join(config.dataDir, SQLITE_FILE_NAME));
}
