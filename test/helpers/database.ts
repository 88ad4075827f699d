/**
 * A fresh, migrated (and by default seeded) database for one test file.
 *
 * SQLite in a temporary folder by default. When DATABASE_URL starts with `postgresql://`
 * (or `postgres://`), a fresh, uniquely named schema in that database instead, dropped at
 * close. The same tests then prove both providers:
 *
 *   npx tap test/data/seed.test.ts
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tap test/data/seed.test.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type OpenedDatabase } from '../../src/data/database.js';
import { openDatabase } from '../../src/data/open.js';

export interface TestDatabase extends OpenedDatabase {
  /** The URL the database was opened with (undefined for the default SQLite file). */
  databaseUrl: string | undefined;
  /** The data folder (SQLite file lives here). */
  dataDir: string;
  /** PostgreSQL only: the schema created for this database. */
  schema?: string;
}

/** The PostgreSQL URL from the environment, or undefined (then tests use SQLite). */
export function postgresqlUrlFromEnv(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** A schema name no other test (or test run) uses. */
export function uniqueSchemaName(prefix = 'bk_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** `base` with `schema=<schema>` in its query. */
export function withSchema(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Drops a PostgreSQL schema and everything in it. */
export async function dropSchema(base: string, schema: string): Promise<void> {
  const url = new URL(base);
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const seed = options.seed ?? true;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bk-data-test-'));
  const base = postgresqlUrlFromEnv();
  const schema = base ? uniqueSchemaName() : undefined;
  const databaseUrl = base && schema ? withSchema(base, schema) : undefined;
  const cleanUp = async () => {
    if (base && schema) await dropSchema(base, schema);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let opened: OpenedDatabase;
  try {
    opened = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir, seed });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  let closed = false;
  return {
    prisma: opened.prisma,
    provider: opened.provider,
    statements: opened.statements,
    bulkInserter: opened.bulkInserter,
    databaseUrl,
    dataDir,
    ...(schema ? { schema } : {}),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await opened.close();
      } finally {
        await cleanUp();
      }
    },
  };
}

/**
 * Every read model row of an organisation that has a template, with the end of its span
 * twice: as its head says (`kop`, the fourth field) and as the indexed column holds it. The
 * bulk renewal finds templates by the column, so the two must agree wherever a row is written.
 */
export async function sjabloonSpannen(db: OpenedDatabase, oin: string): Promise<{ citizenId: number; kop: number | null; kolom: number | null }[]> {
  const rows = await db.prisma.financieleZakenLeesmodel.findMany({
    where: { organisation: { oin }, sjabloonKop: { not: null } },
    select: { citizenId: true, sjabloonKop: true, sjabloonTot: true },
    orderBy: { citizenId: 'asc' },
  });
  return rows.map((row) => {
    const tot = row.sjabloonKop!.split(';')[3];
    return { citizenId: row.citizenId, kop: tot ? Number(tot) : null, kolom: row.sjabloonTot === null ? null : Number(row.sjabloonTot) };
  });
}
