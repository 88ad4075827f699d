/**
 * Applying the pending migrations at start-up, atomically: every pending migration and its
 * `_prisma_migrations` row in ONE transaction (DDL is transactional on SQLite and on
 * PostgreSQL). A process killed half-way (kill -9, power loss, an OOM kill) leaves the
 * database as it was before, and the next start simply applies them again.
 *
 * Prisma's schema engine (src/data/schema-engine.ts) is not used for this: it records a
 * migration as started, runs its script outside any transaction and marks it finished
 * afterwards, so a kill in between left partial tables and an unfinished row that every
 * later start refused (issue 11, item 3). The engine still writes new migrations and checks
 * drift; the rows written here have the engine's layout and checksums, so either can read
 * what the other wrote.
 */
import { createHash, randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { crashPoint } from '../crash-point.js';
import { migrationsDir, readMigrationList, type Provider } from './schema-engine.js';

interface Migration {
  name: string;
  script: string;
  /** SHA-256 (hex) of the script, as Prisma records it. */
  checksum: string;
}

/** Prisma's own definition of the table, per provider (so Prisma's tools recognise it). */
const MIGRATIONS_TABLE: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const list = await readMigrationList(dir);
  if (list.migrationDirectories.length === 0) throw new Error(`No migrations found in ${dir}`);
  return list.migrationDirectories.map((entry) => {
    const content = entry.migrationFile.content;
    if (content.tag === 'error') throw new Error(`Cannot read ${dir}/${entry.path}/migration.sql: ${content.value}`);
    return { name: entry.path, script: content.value, checksum: createHash('sha256').update(content.value).digest('hex') };
  });
}

/**
 * What is still to do, decided inside the transaction (another process may have migrated
 * while this one waited for the lock). An unfinished row can only come from the engine of
 * an earlier version: its partial tables cannot be undone from here, so say so.
 */
function pendingOf(migrations: Migration[], rows: MigrationRow[], where: string): Migration[] {
  const unfinished = rows.find((row) => row.finished_at == null && row.rolled_back_at == null);
  if (unfinished) {
    throw new Error(
      `Migration ${unfinished.migration_name} in ${where} was interrupted by an earlier version of this service, which did not migrate atomically. ` +
        'Restore the database from a backup (or start with an empty one), then start again.',
    );
  }
  const done = new Set(rows.filter((row) => row.rolled_back_at == null).map((row) => row.migration_name));
  return migrations.filter((migration) => !done.has(migration.name));
}

/** Prisma's timestamp text on SQLite (what the engine writes: RFC 3339 with `+00:00`). */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Applies the pending migrations to the SQLite file in one transaction; returns their names. */
export async function migrateSqlite(file: string, dir: string = migrationsDir('sqlite')): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const db = new BetterSqlite3(file, { timeout: 10_000 });
  try {
    // Table redefinitions (copy, drop, rename) need foreign keys off, and that pragma is a
    // no-op inside a transaction: switch it off for this connection, and check every
    // foreign key before committing instead.
    db.pragma('foreign_keys = OFF');
    // IMMEDIATE: take the write lock now, so two processes starting together migrate one
    // after the other, and the second finds nothing left to do.
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS_TABLE.sqlite);
      const rows = db.prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations').all() as MigrationRow[];
      const pending = pendingOf(migrations, rows, file);
      const record = db.prepare(
        'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
      );
      for (const [index, migration] of pending.entries()) {
        const started = sqliteTimestamp(new Date());
        db.exec(migration.script);
        record.run(randomUUID(), migration.checksum, sqliteTimestamp(new Date()), migration.name, started);
        if (index === 0) crashPoint('migraties-halverwege');
      }
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) throw new Error(`the migrations leave ${violations.length} foreign key violation(s)`);
      db.exec('COMMIT');
      return pending.map((migration) => migration.name);
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    db.close();
  }
}

/**
 * Applies the pending migrations in one transaction on `connection`, whose search_path is
 * the target schema (the caller holds the advisory lock and created the schema).
 */
export async function migratePostgresql(
  connection: pg.Client,
  description: string,
  dir: string = migrationsDir('postgresql'),
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await connection.query('BEGIN');
  try {
    await connection.query(MIGRATIONS_TABLE.postgresql);
    const rows = (await connection.query<MigrationRow>('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations')).rows;
    const pending = pendingOf(migrations, rows, description);
    for (const [index, migration] of pending.entries()) {
      const started = new Date();
      // No parameters: sent as a simple query, which may hold many statements.
      await connection.query(migration.script);
      await connection.query(
        'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
        [randomUUID(), migration.checksum, migration.name, started],
      );
      if (index === 0) crashPoint('migraties-halverwege');
    }
    await connection.query('COMMIT');
    return pending.map((migration) => migration.name);
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
