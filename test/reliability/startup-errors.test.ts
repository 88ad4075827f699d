import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { SQLITE_FILE_NAME } from '../../src/data/database.js';
import { loggerOptions } from '../../src/logging.js';
import { createOrganisatieService } from '../../src/roles/organisatie/index.js';
import { testDatabaseUrl, testDataDir } from '../helpers/service.js';

/** Start-up failures name the file at fault, and lost history is not silently replaced (issue 11, item 13). */
const logger = pino(loggerOptions('silent'));

async function start(env: Record<string, string>) {
  const service = await createOrganisatieService(loadConfig({ LOG_LEVEL: 'silent', ...env }), { logger });
  await service.app.close();
}

t.test('a corrupted SQLite file: the error names the file', async (t) => {
  const dataDir = testDataDir(t);
  const file = join(dataDir, SQLITE_FILE_NAME);
  writeFileSync(file, 'dit is geen SQLite-database, maar een stuk tekst dat lang genoeg is'.repeat(100));
  await t.rejects(start({ DATA_DIR: dataDir }), { message: new RegExp(file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });
});

t.test('a bad signing key file: the error names the file', async (t) => {
  const dataDir = testDataDir(t);
  const keyFile = join(dataDir, 'sleutel.pem');
  writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nbm9n-geen-sleutel\n-----END PRIVATE KEY-----\n');
  const databaseUrl = await testDatabaseUrl(t);
  const env = { DATA_DIR: dataDir, SIGNING_KEY_FILE: keyFile, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  await t.rejects(start(env), { message: /sleutel\.pem/ });
  await t.rejects(start({ ...env, SIGNING_KEY_FILE: join(dataDir, 'bestaat-niet.pem') }), { message: /bestaat-niet\.pem/ });
});

t.test('a lost database is not silently re-seeded over an existing key history', async (t) => {
  const dataDir = testDataDir(t);
  const first = await testDatabaseUrl(t);
  await start({ DATA_DIR: dataDir, ...(first ? { DATABASE_URL: first } : {}) });
  // The database disappears (a deleted file, a new schema); the data folder with the keys stays.
  const second = await testDatabaseUrl(t);
  if (!second) rmSync(join(dataDir, SQLITE_FILE_NAME));
  await t.rejects(start({ DATA_DIR: dataDir, ...(second ? { DATABASE_URL: second } : {}) }), { message: /no key history.*ondertekening/s });
});
