/**
 * Inserting many rows at once, beside Prisma: for loading a population of a million
 * citizens (twenty million events) in minutes. Through Prisma's client every row costs a
 * trip through its query compiler, about two thousand rows a second here; through the
 * driver, SQLite takes prepared inserts inside one transaction and PostgreSQL takes a
 * whole batch per statement (`INSERT … SELECT * FROM unnest($1::type[], …)`).
 *
 * Values are as the database stores them: numbers, strings, booleans, bigints, Dates, null.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export interface BulkTable {
  name: string;
  /** Database column names, in the order of each row's values. */
  columns: readonly string[];
  /** PostgreSQL type per column (for the unnest arrays), e.g. `int4`, `text`, `timestamp(3)`. */
  types: readonly string[];
}

export type BulkValue = string | number | boolean | bigint | Date | null;

export interface BulkInserter {
  /** Runs `work` in one transaction. */
  transaction(work: () => Promise<void>): Promise<void>;
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

export function sqliteBulkInserter(file: string): BulkInserter {
  const connection = new BetterSqlite3(file, { timeout: 10_000 });
  // WAL (set at open) with NORMAL syncs at checkpoints instead of at every commit: still
  // safe against corruption, and a load is repeatable should the last batches be lost.
  connection.pragma('synchronous = NORMAL');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statementFor = (table: BulkTable) => {
    let statement = statements.get(table.name);
    if (!statement) {
      statement = connection.prepare(`INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`);
      statements.set(table.name, statement);
    }
    return statement;
  };
  return {
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
      const statement = statementFor(table);
      for (const row of rows) statement.run(row.map(sqliteValue));
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

export function postgresqlBulkInserter(poolConfig: pg.PoolConfig): BulkInserter {
  const client = new pg.Client(poolConfig);
  const connected = client.connect();
  client.on('error', () => undefined);
  const query = async (table: BulkTable, rows: readonly BulkValue[][], returning: string) => {
    await connected;
    const columns = table.columns.map((_, i) => rows.map((row) => {
      const value = row[i];
      return typeof value === 'bigint' ? value.toString() : value;
    }));
    const arrays = table.types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    return client.query<{ id: number; key: string }>(
      `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${arrays})${returning}`,
      columns,
    );
  };
  return {
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
      const result = await query(table, rows, ` RETURNING id, "${keyColumn}"::text AS key`);
      return new Map(result.rows.map((r) => [r.key, r.id]));
    },
    async close() {
      await connected.catch(() => undefined);
      await client.end();
    },
  };
}
