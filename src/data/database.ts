/**
 * Opening the database: SQLite (embedded, the default) or PostgreSQL (production), one
 * schema and one set of repository functions for both.
 *
 * At start-up openDatabase applies pending migrations (src/data/migrations.ts: all of them
 * in one transaction) and, when asked, seeds the demo data into an empty database (one
 * transaction too), so a crash at any moment leaves either nothing or everything and the
 * next start completes. On PostgreSQL both run under an advisory lock, so replicas that
 * start at the same moment migrate and seed once.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { PrismaClient as PostgresqlPrismaClient, Prisma as PostgresqlPrisma } from '../generated/prisma/postgresql/client.js';
import { PrismaClient as SqlitePrismaClient, type Prisma as SqlitePrisma } from '../generated/prisma/sqlite/client.js';
import { crashPoint } from '../crash-point.js';
import { migratePostgresql, migrateSqlite } from './migrations.js';
import { pgDriver, prismaPgAdapter } from './postgresql-driver.js';
import { pendingMigrations, type AppliedMigrationRow, type Provider } from './schema-engine.js';
import { postgresqlPreparedStatements, sqlitePreparedStatements, type PreparedStatements } from './prepared-statements.js';
import { postgresqlBulkInserter, sqliteBulkInserter, type BulkInserter } from './bulk-insert.js';

export type { Provider } from './schema-engine.js';

// ---------------------------------------------------------------------------------------
// The client type
// ---------------------------------------------------------------------------------------

/**
 * Prisma 7's generated clients are provider-specific: each embeds its provider's query
 * compiler and refuses a driver adapter of another provider (verified: the SQLite client
 * with @prisma/adapter-pg fails). So there are two, generated from the same models.
 *
 * Their APIs are the same, but TypeScript cannot prove it: the two generated type families
 * are separate declarations, and for generic methods (aggregate, the nested select/where
 * argument types, PostgreSQL's extra `mode: 'insensitive'` filter) it gives up relating
 * them. So the shared type is the SQLite client's, and the PostgreSQL client is bridged to
 * it in exactly one place (openPostgresql), guarded by the compile-time checks below (same
 * models, identical row types) and at run time by the test suite on both providers.
 * Do not use provider-only features (e.g. `mode: 'insensitive'`) through this type.
 */
export type DatabaseClient = SqlitePrismaClient;

/** The client inside an interactive transaction (`$transaction(async (tx) => …)`). */
export type TransactionClient = SqlitePrisma.TransactionClient;

/** A client or a transaction: what queries run on. */
export type Queryable = TransactionClient;

/** An open database: what openDatabase returns (the service keeps it as `ctx.db`). */
export type Database = OpenedDatabase;

/**
 * What every repository function (src/data/*) takes: an open Database, its `prisma`
 * client, or a transaction of it (`prisma.$transaction(async (tx) => …)`).
 */
export type Db = Database | Queryable;

/** The client behind a Db value. */
export function clientOf(db: Db): Queryable {
  return isOpenedDatabase(db) ? db.prisma : db;
}

function isOpenedDatabase(db: Db): db is OpenedDatabase {
  return typeof (db as Partial<OpenedDatabase>).close === 'function' && 'provider' in db && 'prisma' in db;
}

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type ModelName = Uncapitalize<SqlitePrisma.ModelName>;
/** Both clients have the same models (keys) ... */
type _SameModels = Assert<Equal<ModelName, Uncapitalize<PostgresqlPrisma.ModelName>>>;
/** ... and every model has the same row type (columns and their TypeScript types). */
type _SameRows = Assert<
  Equal<
    { [M in ModelName]: Awaited<ReturnType<SqlitePrismaClient[M]['findFirstOrThrow']>> },
    { [M in ModelName]: Awaited<ReturnType<PostgresqlPrismaClient[M]['findFirstOrThrow']>> }
  >
>;

// ---------------------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------------------

export interface DatabaseLogger {
  info(obj: object, msg?: string): void;
}

export interface OpenDatabaseOptions {
  /**
   * Absent (or `file:<path>`): SQLite, by default at `<dataDir>/blauwe-knop.db`.
   * `postgresql://…` (or `postgres://…`): PostgreSQL; a `schema` query parameter selects
   * the PostgreSQL schema (created when missing), e.g. for isolated test schemas.
   */
  databaseUrl?: string;
  /** Folder for the SQLite file (created when missing). */
  dataDir: string;
  /**
   * Seeds the demo data when the database has no organisations yet (injected by
   * src/data/open.ts, so this module does not depend on the seed and its repositories).
   */
  seed?: (client: DatabaseClient) => Promise<unknown>;
  /**
   * Brings derived tables up to date after migrating and seeding (injected by
   * src/data/open.ts: the read models' repositories depend on this module, not the reverse).
   */
  prepare?: (client: DatabaseClient) => Promise<void>;
  logger?: DatabaseLogger;
  /** Bounds for the service's connections (PostgreSQL); migrations run without them. */
  timeouts?: DatabaseTimeouts;
}

export interface DatabaseTimeouts {
  /** Opening a connection may take at most this long. */
  connectMs: number;
  /** A statement may run at most this long (on the server, and waited for on the client). */
  statementMs: number;
  poolMax: number;
}

export interface OpenedDatabase {
  prisma: DatabaseClient;
  provider: Provider;
  /** Prepared read statements for the hot document reads (src/data/prepared-statements.ts). */
  statements: PreparedStatements;
  /** A connection of its own for loading many rows at once (src/data/bulk-insert.ts); close it after use. */
  bulkInserter(): BulkInserter;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'blauwe-knop.db';

/** The PostgreSQL advisory lock key space of this application (two-int form: classid). */
const ADVISORY_LOCK_CLASS = 0x426b; // "Bk"

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PostgresqlTarget {
  /** The connection string without the `schema` parameter. */
  connectionString: string;
  /** The schema to use, `public` unless the URL says otherwise. */
  schema: string;
  /** For log lines: host, port and database, never credentials. */
  description: string;
}

/** Splits a PostgreSQL URL into the connection string for `pg` and the schema. */
export function parsePostgresqlUrl(databaseUrl: string): PostgresqlTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('DATABASE_URL is not a valid PostgreSQL URL');
  }
  const schema = url.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error('The schema parameter of DATABASE_URL must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)');
  }
  url.searchParams.delete('schema');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
  return {
    connectionString: url.toString(),
    schema,
    description: `${url.hostname}:${url.port || '5432'}/${database} schema ${schema}`,
  };
}

/** Where the SQLite file is for a `file:` URL (relative paths from the working directory). */
function sqliteFileOf(databaseUrl: string | undefined, dataDir: string): string {
  if (databaseUrl === undefined || databaseUrl === '' || databaseUrl === 'file:') {
    return path.join(path.resolve(dataDir), SQLITE_FILE_NAME);
  }
  const file = databaseUrl.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (file === ':memory:' || file.startsWith(':memory:')) {
    throw new Error('An in-memory SQLite database is not supported (migrations run on their own connection)');
  }
  return path.resolve(file);
}

/**
 * Connection settings for a target. Unqualified names (the migrations' SQL, the migration
 * table) resolve in the schema through search_path; Prisma's own queries are qualified
 * through the adapter's `schema` option.
 */
export function postgresqlPoolConfig(target: PostgresqlTarget, timeouts?: DatabaseTimeouts): pg.PoolConfig {
  const config: pg.PoolConfig = { connectionString: target.connectionString, options: `-c search_path=${target.schema}` };
  if (!timeouts) return config;
  // A stalled or unreachable server must not hold a request for ever: connecting, and each
  // statement, are bounded. The server cancels a statement at statement_timeout; the client
  // gives up a little later still (query_timeout) for when the server cannot even say so.
  return {
    ...config,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.statementMs + 1_000,
    idleTimeoutMillis: 30_000,
    max: timeouts.poolMax,
  };
}

/** The driver adapter (factory) for a target: for Prisma Client and for the schema engine. */
export function postgresqlAdapterFactory(target: PostgresqlTarget, timeouts?: DatabaseTimeouts): PrismaPg {
  const PrismaPgAdapter = prismaPgAdapter();
  return new PrismaPgAdapter(postgresqlPoolConfig(target, timeouts), { schema: target.schema });
}

export function providerOf(databaseUrl: string | undefined): Provider {
  if (databaseUrl === undefined || databaseUrl === '' || databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error('DATABASE_URL must start with file: or postgresql://');
}

export async function connectDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  return providerOf(options.databaseUrl) === 'sqlite' ? openSqlite(options) : openPostgresql(options);
}

async function openSqlite(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const file = sqliteFileOf(options.databaseUrl, options.dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const factory = () => new PrismaBetterSqlite3({ url: file, timeout: 10_000 });

  let existing: AppliedMigrationRow[] | null;
  try {
    existing = readSqliteMigrations(file);
  } catch (error) {
    // "file is not a database" alone does not say which file: a corrupted or foreign file.
    throw new Error(`Cannot open the SQLite database ${file}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  const pending = await pendingMigrations('sqlite', existing);
  let applied: string[] = [];
  if (pending.length > 0) {
    try {
      applied = await migrateSqlite(file);
    } catch (error) {
      const busy = /SQLITE_BUSY|database is locked/i.test(String((error as Error)?.message ?? error));
      throw new Error(
        busy
          ? `Cannot migrate ${file}: another process holds its write lock. Stop it, then start again.`
          : `Applying migrations to ${file} failed: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
    crashPoint('migraties-klaar');
  }
  options.logger?.info({ provider: 'sqlite', file, applied }, applied.length ? 'database migrations applied' : 'database schema up to date');

  const client = new SqlitePrismaClient({ adapter: factory(), errorFormat: 'minimal' });
  try {
    // WAL: readers do not wait for the (rare) writer.
    await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await seedIfEmpty(client, options);
    await options.prepare?.(client);
  } catch (error) {
    await client.$disconnect();
    throw error;
  }
  const statements = sqlitePreparedStatements(file);
  return {
    prisma: client,
    provider: 'sqlite',
    statements,
    bulkInserter: () => sqliteBulkInserter(file),
    close: () => closeBoth(statements, client),
  };
}

/** The rows of `_prisma_migrations` (null when the table does not exist yet). */
function readSqliteMigrations(file: string): AppliedMigrationRow[] | null {
  const db = new BetterSqlite3(file, { timeout: 10_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return null;
    return db.prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations').all() as AppliedMigrationRow[];
  } finally {
    db.close();
  }
}

async function openPostgresql(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const target = parsePostgresqlUrl(options.databaseUrl!);
  const poolConfig = postgresqlPoolConfig(target);

  // The generated PostgreSQL client is imported here, not at the top: see postgresql-driver.ts.
  const { PrismaClient: PostgresqlClient } = await import('../generated/prisma/postgresql/client.js');

  // A connection of its own holds the session-level advisory lock and runs the migrations'
  // transaction; the client uses connections of its own. (An 'error' event without a listener would crash the process; the
  // failing query reports the problem instead.)
  const lock = new (pgDriver().Client)(poolConfig);
  lock.on('error', () => undefined);
  await lock.connect();
  let client: PostgresqlPrismaClient | undefined;
  try {
    await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, target.schema]);
    try {
      if (target.schema !== 'public') await lock.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
      const pending = await pendingMigrations('postgresql', await readPostgresqlMigrations(lock, target.schema));
      const applied = pending.length > 0 ? await migratePostgresql(lock, target.description) : [];
      if (applied.length > 0) crashPoint('migraties-klaar');
      options.logger?.info(
        { provider: 'postgresql', database: target.description, applied },
        applied.length ? 'database migrations applied' : 'database schema up to date',
      );
      client = new PostgresqlClient({ adapter: postgresqlAdapterFactory(target, options.timeouts), errorFormat: 'minimal' });
      await seedIfEmpty(bridge(client), options);
      await options.prepare?.(bridge(client));
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, target.schema]);
    }
  } catch (error) {
    await client?.$disconnect();
    throw error;
  } finally {
    await lock.end();
  }
  const opened = client;
  // The read model's own pool answers most document requests: it needs the same bounds as
  // Prisma's, or a stalled server holds those requests for ever.
  const statements = postgresqlPreparedStatements(postgresqlPoolConfig(target, options.timeouts));
  return {
    prisma: bridge(opened),
    provider: 'postgresql',
    statements,
    bulkInserter: () => postgresqlBulkInserter(poolConfig),
    close: () => closeBoth(statements, opened),
  };
}

async function closeBoth(statements: PreparedStatements, client: { $disconnect(): Promise<void> }): Promise<void> {
  await statements.close();
  await client.$disconnect();
}

/** The rows of `<schema>._prisma_migrations` (null when the table does not exist yet). */
async function readPostgresqlMigrations(connection: pg.Client, schema: string): Promise<AppliedMigrationRow[] | null> {
  const exists = await connection.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [`"${schema}"._prisma_migrations`]);
  if (exists.rows[0]?.table == null) return null;
  const result = await connection.query<AppliedMigrationRow>(
    `SELECT migration_name, finished_at, rolled_back_at FROM "${schema}"._prisma_migrations`,
  );
  return result.rows;
}

/** The one place the PostgreSQL client is used as the shared type (see DatabaseClient). */
function bridge(client: PostgresqlPrismaClient): DatabaseClient {
  return client as unknown as DatabaseClient;
}

async function seedIfEmpty(client: DatabaseClient, options: OpenDatabaseOptions): Promise<void> {
  if (!options.seed) return;
  if ((await client.organisation.count()) > 0) return;
  const counts = await options.seed(client);
  options.logger?.info({ seeded: counts }, 'demo data seeded');
  crashPoint('seed-klaar');
}
