/**
 * Inserting many rows at once, beside Prisma: for loading a population of a million
 * citizens (twenty million events) in minutes. Through Prisma's client every row costs a
 * trip through its query compiler, about two thousand rows a second here; through the
 * driver, both databases take multi-row `INSERT … VALUES (…), (…)` statements, prepared
 * once per table and row count: on SQLite 64 rows a run inside one transaction, on
 * PostgreSQL as many rows as its limit of bound values allows.
 *
 * Values are as the database stores them: numbers, strings, booleans, bigints, Dates, null.
 */
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { pgDriver } from './postgresql-driver.js';

export interface BulkTable {
  name: string;
  /** Database column names, in the order of each row's values. */
  columns: readonly string[];
}

export type BulkValue = string | number | boolean | bigint | Date | null;

export interface BulkInserter {
  /** Runs `work` in one transaction. */
  transaction(work: () => Promise<void>): Promise<void>;
  /** The tables this inserter has written to. */
  readonly written: ReadonlySet<string>;
  /**
   * After a load: PostgreSQL vacuums and analyses the given tables, so the planner knows
   * their new size and autovacuum has nothing left to catch up on (else it works through
   * millions of new rows in the minutes after the load, beside the first requests). SQLite
   * has no background vacuum and its plans for the hot reads rest on unique indexes alone:
   * nothing to do there.
   */
  analyse(tables: Iterable<string>): Promise<void>;
  insert(table: BulkTable, rows: readonly BulkValue[][]): Promise<void>;
  /** Inserts and returns the new `id` of each row by the value of its `keyColumn`. */
  insertReturningIds(table: BulkTable, keyColumn: string, rows: readonly BulkValue[][]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/** How Prisma keeps a DateTime in SQLite: ISO 8601 with milliseconds and `+00:00`. */
function sqliteValue(value: BulkValue): string | number | bigint | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** `INSERT INTO "table" ("column", …) VALUES (…), (…)` with `rowCount` rows of the given placeholders. */
function insertStatement(table: BulkTable, rowCount: number, placeholder: (row: number, column: number) => string): string {
  const rows = Array.from({ length: rowCount }, (_, r) => `(${table.columns.map((_, c) => placeholder(r, c)).join(', ')})`);
  return `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.join(', ')}`;
}

/** The values of rows `from` … `to`-1, one after the other, as the driver takes them. */
function flatValues<T>(rows: readonly BulkValue[][], from: number, to: number, convert: (value: BulkValue) => T): T[] {
  const values: T[] = [];
  for (let i = from; i < to; i++) for (const value of rows[i]!) values.push(convert(value));
  return values;
}

/** Rows per multi-row INSERT on SQLite: one statement run per this many rows, well below its limit of bound values. */
const SQLITE_ROWS_PER_STATEMENT = 64;

export function sqliteBulkInserter(file: string): BulkInserter {
  const connection = new BetterSqlite3(file, { timeout: 10_000 });
  // WAL (set at open) with NORMAL syncs at checkpoints instead of at every commit: still
  // safe against corruption, and a load is repeatable should the last batches be lost.
  connection.pragma('synchronous = NORMAL');
  // 128 MiB of page cache for this connection (SQLite's default is 2 MiB): a large load
  // inserts into indexes at random places (events by kenmerk), which would otherwise be
  // read and written back again and again.
  connection.pragma('cache_size = -131072');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const written = new Set<string>();
  /** Prepared once per table and row count. */
  const statementFor = (table: BulkTable, rowCount = 1) => {
    const key = `${table.name}/${rowCount}`;
    let statement = statements.get(key);
    written.add(table.name);
    if (!statement) {
      statement = connection.prepare(insertStatement(table, rowCount, () => '?'));
      statements.set(key, statement);
    }
    return statement;
  };
  return {
    written,
    async analyse() {},
    async transaction(work) {
      connection.exec('BEGIN IMMEDIATE');
      try {
        await work();
        connection.exec('COMMIT');
      } catch (error) {
        connection.exec('ROLLBACK');
        throw error;
      }
    },
    async insert(table, rows) {
      // Fewer, larger statement runs: each run costs a trip into the driver and a VDBE start.
      for (let from = 0; from < rows.length; from += SQLITE_ROWS_PER_STATEMENT) {
        const to = Math.min(rows.length, from + SQLITE_ROWS_PER_STATEMENT);
        statementFor(table, to - from).run(flatValues(rows, from, to, sqliteValue));
      }
    },
    async insertReturningIds(table, keyColumn, rows) {
      const statement = statementFor(table);
      const key = table.columns.indexOf(keyColumn);
      const ids = new Map<string, number>();
      for (const row of rows) ids.set(String(row[key]), Number(statement.run(row.map(sqliteValue)).lastInsertRowid));
      return ids;
    },
    async close() {
      connection.close();
    },
  };
}

/** PostgreSQL's limit of bound values per statement (a 16-bit count in the protocol). */
const POSTGRESQL_MAX_PARAMETERS = 65_535;

/** A value as PostgreSQL reads it from text: a Date as UTC (`timestamp` drops the `Z`), bigints as digits. */
function postgresqlValue(value: BulkValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function postgresqlBulkInserter(poolConfig: pg.PoolConfig): BulkInserter {
  const client = new (pgDriver().Client)(poolConfig);
  const connected = client.connect();
  client.on('error', () => undefined);
  const texts = new Map<string, string>();
  const written = new Set<string>();
  /** `INSERT … VALUES ($1, …), (…)` with `rowCount` rows: the column types come from the table. */
  const statementText = (table: BulkTable, rowCount: number, returning: string) => {
    const key = `${table.name}/${rowCount}/${returning}`;
    let text = texts.get(key);
    if (!text) {
      const width = table.columns.length;
      text = insertStatement(table, rowCount, (r, c) => `$${r * width + c + 1}`) + returning;
      texts.set(key, text);
    }
    return text;
  };
  // Each value its own parameter, as many rows per statement as the protocol allows: long
  // texts (the read model's JSON) then travel as they are, where an array literal
  // (`unnest($1::text[])`) escapes every quote and took PostgreSQL six times as long to read.
  const query = async (table: BulkTable, rows: readonly BulkValue[][], returning: string) => {
    await connected;
    written.add(table.name);
    const perStatement = Math.floor(POSTGRESQL_MAX_PARAMETERS / table.columns.length);
    const returned: { id: number; key: string }[] = [];
    for (let from = 0; from < rows.length; from += perStatement) {
      const to = Math.min(rows.length, from + perStatement);
      const result = await client.query<{ id: number; key: string }>(statementText(table, to - from, returning), flatValues(rows, from, to, postgresqlValue));
      for (const row of result.rows) returned.push(row);
    }
    return returned;
  };
  return {
    written,
    async analyse(tables) {
      await connected;
      for (const table of tables) await client.query(`VACUUM (ANALYZE) "${table}"`);
    },
    async transaction(work) {
      await connected;
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async insert(table, rows) {
      if (rows.length > 0) await query(table, rows, '');
    },
    async insertReturningIds(table, keyColumn, rows) {
      if (rows.length === 0) return new Map();
      const returned = await query(table, rows, ` RETURNING id, "${keyColumn}"::text AS key`);
      return new Map(returned.map((r) => [r.key, r.id]));
    },
    async close() {
      await connected.catch(() => undefined);
      await client.end();
    },
  };
}
