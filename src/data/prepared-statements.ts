/**
 * Prepared read statements for the hottest queries, beside Prisma. Prisma's client turns
 * every call into a query plan, prepares the SQL again and maps rows through its adapter;
 * for a document served thousands of times a second that was half the CPU time. Here a
 * statement is prepared once (per SQLite connection, or per PostgreSQL connection as a
 * named statement) and its rows come back as the driver gives them.
 *
 * Read-only by construction: SQLite opens its own read-only connection (WAL: it sees every
 * committed write at once), PostgreSQL its own small pool. Writes stay with Prisma, in its
 * transactions.
 *
 * SQL is written once for both databases with `:name` placeholders.
 */
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { pgDriver } from './postgresql-driver.js';

export interface PreparedStatements {
  /** The first row of a read-only query (undefined when there is none). */
  first<Row>(name: string, sql: string, parameters: QueryParameters): Promise<Row | undefined>;
  /** Every row of a read-only query. */
  all<Row>(name: string, sql: string, parameters: QueryParameters): Promise<Row[]>;
  /**
   * How the database runs the query with these parameters, a line per plan node: SQLite's
   * EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE (the query runs). For the tests that hold
   * the hot reads to their indexes and for bench:scale, which prints the plan at every size.
   */
  plan(sql: string, parameters: QueryParameters): Promise<string[]>;
  close(): Promise<void>;
  /**
   * A number that changes whenever any connection, in this process or another, has committed
   * to the database since it was last asked; undefined where the database cannot tell that
   * without a round trip (PostgreSQL). SQLite's `PRAGMA data_version` on this connection:
   * no table is read, only the WAL index under SQLite's shared lock (two `fcntl` calls).
   */
  changeMark?: () => number;
  /** The connections of the pool behind these reads (PostgreSQL; SQLite has one connection and no pool). */
  pool?: () => PoolState;
}

/** Named parameters; a list only for PostgreSQL (`= ANY(:name)`), which SQLite has no type for. */
type QueryParameters = Record<string, string | number | readonly string[]>;

export interface PoolState {
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
}

/** Connections of the PostgreSQL pool for these reads (beside Prisma's own pool). */
const POSTGRESQL_POOL_SIZE = 8;

export function sqlitePreparedStatements(file: string): PreparedStatements {
  const connection = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  // One entry per distinct statement name: the code has a fixed handful.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const dataVersion = connection.prepare('PRAGMA data_version').pluck();
  const prepared = (name: string, sql: string) => {
    let statement = statements.get(name);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(name, statement);
    }
    return statement;
  };
  return {
    async first<Row>(name: string, sql: string, parameters: QueryParameters) {
      return prepared(name, sql).get(parameters) as Row | undefined;
    },
    async all<Row>(name: string, sql: string, parameters: QueryParameters) {
      return prepared(name, sql).all(parameters) as Row[];
    },
    async plan(sql, parameters) {
      return (connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(parameters) as { detail: string }[]).map((row) => row.detail);
    },
    async close() {
      connection.close();
    },
    changeMark: () => dataVersion.get() as number,
  };
}

/** `:name` placeholders as PostgreSQL's `$1`, `$2`, … in order of first appearance. */
function numbered(sql: string): { text: string; names: string[] } {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([a-z_][a-z0-9_]*)/gi, (_match, name: string) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}

export function postgresqlPreparedStatements(poolConfig: pg.PoolConfig): PreparedStatements {
  const pool = new (pgDriver().Pool)({ ...poolConfig, max: POSTGRESQL_POOL_SIZE });
  // An idle connection that drops emits 'error' on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  const translated = new Map<string, { text: string; names: string[] }>();
  const rows = async (name: string, sql: string, parameters: QueryParameters): Promise<unknown[]> => {
    let statement = translated.get(name);
    if (!statement) {
      statement = numbered(sql);
      translated.set(name, statement);
    }
    const result = await pool.query({ name, text: statement.text, values: statement.names.map((n) => parameters[n]) });
    return result.rows;
  };
  return {
    async first<Row>(name: string, sql: string, parameters: QueryParameters) {
      return (await rows(name, sql, parameters))[0] as Row | undefined;
    },
    async all<Row>(name: string, sql: string, parameters: QueryParameters) {
      return (await rows(name, sql, parameters)) as Row[];
    },
    async plan(sql, parameters) {
      const { text, names } = numbered(sql);
      const result = await pool.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN (ANALYZE, COSTS OFF) ${text}`, values: names.map((n) => parameters[n]) });
      return result.rows.map((row) => row['QUERY PLAN']);
    },
    async close() {
      await pool.end();
    },
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
