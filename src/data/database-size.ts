/** How much room a database takes: for reports after bulk loads (seed:scale, benchmarks). */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pgDriver } from './postgresql-driver.js';
import { parsePostgresqlUrl, SQLITE_FILE_NAME } from './database.js';

/** Bytes on disk (the SQLite file and its WAL) or in the schema's tables with their indexes and TOAST (PostgreSQL). */
export async function databaseSize(dataDir: string, databaseUrl: string | undefined): Promise<number> {
  if (!databaseUrl) {
    const file = join(dataDir, SQLITE_FILE_NAME);
    const size = (name: string) => {
      try {
        return statSync(name).size;
      } catch {
        return 0;
      }
    };
    return size(file) + size(`${file}-wal`);
  }
  const { connectionString, schema } = parsePostgresqlUrl(databaseUrl);
  const client = new (pgDriver().Client)({ connectionString });
  await client.connect();
  try {
    const result = await client.query<{ bytes: string }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return Number(result.rows[0]!.bytes);
  } finally {
    await client.end();
  }
}

