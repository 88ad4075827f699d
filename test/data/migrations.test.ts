/**
 * Migrations: they apply to an empty database, applying twice applies once, they produce
 * exactly the Prisma schema, and the two providers stay in step. The PostgreSQL part runs
 * when DATABASE_URL points at PostgreSQL (each test in a fresh schema, dropped afterwards).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import t, { type Test } from 'tap';
import { parsePostgresqlUrl, postgresqlAdapterFactory, postgresqlPoolConfig } from '../../src/data/database.js';
import { migratePostgresql, migrateSqlite } from '../../src/data/migrations.js';
import { openDatabase } from '../../src/data/open.js';
import {
  applyMigrations,
  diffScript,
  isEmptyScript,
  migrationDrift,
  migrationsDir,
  prismaDir,
} from '../../src/data/schema-engine.js';
// @ts-expect-error: plain JavaScript module shared with the `prepare` script (no types).
import { derivePostgresqlSchema, readSchemas } from '../../scripts/prisma-schemas.mjs';
import { dropSchema, postgresqlUrlFromEnv, uniqueSchemaName, withSchema } from '../helpers/database.js';

const schemas = (await readSchemas()) as { sqlite: string; postgresql: string };

/** Every table the schema maps a model to (`@@map("…")`). */
const TABLES = [...schemas.sqlite.matchAll(/@@map\("([a-z_]+)"\)/g)].map((m) => m[1]!).sort();

function migrationNames(provider: 'sqlite' | 'postgresql'): string[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort();
}

function tempDir(t: Pick<Test, 'teardown'>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bk-migrations-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('the schema maps the expected tables', async (t) => {
  t.ok(TABLES.length >= 14, `${TABLES.length} tables`);
  for (const table of ['organisation', 'citizen', 'financiele_zaak', 'gebeurtenis', 'voertuig', 'rijbewijs', 'vaartuig', 'signing_key']) {
    t.ok(TABLES.includes(table), table);
  }
});

t.test('both providers have the same migrations, each with a lock file', async (t) => {
  const sqlite = migrationNames('sqlite');
  const postgresql = migrationNames('postgresql');
  t.ok(sqlite.length >= 1, 'at least one migration');
  t.same(postgresql, sqlite, 'same migration folder names');
  for (const name of sqlite) t.match(name, /^\d{14}_[a-z0-9_]+$/, `${name}: <timestamp>_<name>`);
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const lock = readFileSync(path.join(migrationsDir(provider), 'migration_lock.toml'), 'utf8');
    t.match(lock, new RegExp(`^provider = "${provider}"$`, 'm'), `${provider} lock file`);
    for (const name of migrationNames(provider)) {
      const sql = readFileSync(path.join(migrationsDir(provider), name, 'migration.sql'), 'utf8');
      t.notOk(isEmptyScript(sql), `${provider}/${name} has statements`);
      t.notMatch(sql, /CREATE SCHEMA/, `${provider}/${name} creates no schema (search_path decides)`);
    }
  }
});

t.test('prisma/postgresql/schema.prisma is derived from prisma/schema.prisma', async (t) => {
  const onDisk = readFileSync(path.join(prismaDir(), 'postgresql', 'schema.prisma'), 'utf8');
  t.equal(onDisk, derivePostgresqlSchema(schemas.sqlite), 'in step (run node scripts/prisma-generate.mjs)');
  const sourceLines = new Set(schemas.sqlite.split('\n'));
  const differing = onDisk.split('\n').filter((line) => !sourceLines.has(line) && !line.startsWith('//') && line !== '');
  t.same(
    differing.map((line) => line.trim().split(/\s+/)[0]),
    ['output', 'provider'],
    'only the client output and the datasource provider differ',
  );
});

t.test('SQLite: the migrations produce exactly the schema', async (t) => {
  const drift = await migrationDrift('sqlite', new PrismaBetterSqlite3({ url: ':memory:' }), schemas.sqlite);
  t.ok(isEmptyScript(drift), `no drift${isEmptyScript(drift) ? '' : `:\n${drift}`}`);
  const snapshot = readFileSync(path.join(prismaDir(), 'migrations', 'schema.snapshot.prisma'), 'utf8');
  const sinceSnapshot = await diffScript(
    new PrismaBetterSqlite3({ url: ':memory:' }),
    { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: snapshot }] },
    { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemas.sqlite }] },
  );
  t.ok(isEmptyScript(sinceSnapshot), 'the snapshot used for the next migration is the migrated schema');
});

t.test('SQLite: migrations apply to an empty database, and applying twice applies once', async (t) => {
  const file = path.join(tempDir(t), 'empty.db');
  const names = migrationNames('sqlite');

  const first = await applyMigrations('sqlite', new PrismaBetterSqlite3({ url: file }));
  t.same(first, names, 'every migration applied');

  const db = new BetterSqlite3(file, { readonly: true });
  t.teardown(() => db.close());
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  for (const table of [...TABLES, '_prisma_migrations']) t.ok(tables.includes(table), `table ${table}`);
  const rows = () =>
    db.prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name').all() as {
      migration_name: string;
      finished_at: unknown;
      rolled_back_at: unknown;
    }[];
  t.same(rows().map((r) => r.migration_name), names, '_prisma_migrations records them');
  t.ok(rows().every((r) => r.finished_at !== null && r.rolled_back_at === null), 'all finished');

  const second = await applyMigrations('sqlite', new PrismaBetterSqlite3({ url: file }));
  t.same(second, [], 'nothing applied the second time');
  t.equal(rows().length, names.length, 'still one row per migration');
});

t.test('SQLite: openDatabase migrates and seeds once, and seeds only when asked', async (t) => {
  const dataDir = tempDir(t);
  const messages: string[] = [];
  const logger = { info: (obj: object, msg?: string) => messages.push(`${msg ?? ''} ${JSON.stringify(obj)}`) };

  const first = await openDatabase({ dataDir, seed: true, logger });
  t.equal(first.provider, 'sqlite');
  t.equal(await first.prisma.organisation.count(), 6, 'seeded');
  await first.close();
  t.match(messages.join('\n'), /database migrations applied/);
  t.match(messages.join('\n'), /demo data seeded/);

  messages.length = 0;
  const second = await openDatabase({ dataDir, seed: true, logger });
  t.equal(await second.prisma.organisation.count(), 6, 'not seeded twice');
  await second.close();
  t.match(messages.join('\n'), /database schema up to date/);
  t.notMatch(messages.join('\n'), /seeded/);
  t.notMatch(messages.join('\n'), /\b9{4}\d{5}\b/, 'no BSN in a log line');

  const empty = await openDatabase({ dataDir: tempDir(t), seed: false });
  t.equal(await empty.prisma.organisation.count(), 0, 'seed: false leaves the database empty');
  await empty.close();

  const explicit = await openDatabase({ databaseUrl: `file:${path.join(tempDir(t), 'elders.db')}`, dataDir: tempDir(t), seed: false });
  t.equal(explicit.provider, 'sqlite', 'file: URL is SQLite');
  await explicit.close();
});

/** The real migrations plus a last one that fails half-way (a statement that works, then one that does not). */
function withBrokenLastMigration(t: Pick<Test, 'teardown'>, provider: 'sqlite' | 'postgresql'): string {
  const dir = path.join(tempDir(t), provider);
  cpSync(migrationsDir(provider), dir, { recursive: true });
  mkdirSync(path.join(dir, '99991231235959_kapot'));
  writeFileSync(path.join(dir, '99991231235959_kapot', 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER);\nDIT IS GEEN SQL;\n');
  return dir;
}

t.test('SQLite: start-up migrations are all or nothing, and record what the engine records', async (t) => {
  const file = path.join(tempDir(t), 'atomair.db');
  await t.rejects(migrateSqlite(file, withBrokenLastMigration(t, 'sqlite')), 'a failing migration fails the start');
  const db = new BetterSqlite3(file, { readonly: true });
  t.teardown(() => db.close());
  t.same(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(), [], 'nothing is left: no tables, no migration rows');

  t.same(await migrateSqlite(file), migrationNames('sqlite'), 'the next start applies every migration');
  t.same(await migrateSqlite(file), [], 'and the one after that none');
  const engineFile = path.join(tempDir(t), 'engine.db');
  await applyMigrations('sqlite', new PrismaBetterSqlite3({ url: engineFile }));
  const engine = new BetterSqlite3(engineFile, { readonly: true });
  t.teardown(() => engine.close());
  t.same(sqliteStructure(db), sqliteStructure(engine), 'the same structure as the engine builds');
  const rows = (d: BetterSqlite3.Database) => d.prepare('SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name').all();
  t.same(rows(db), rows(engine), 'the same migration rows (names, checksums), so the engine accepts them');
  t.same(await applyMigrations('sqlite', new PrismaBetterSqlite3({ url: file })), [], 'the engine finds nothing left to apply');
});

t.test('PostgreSQL URLs: the schema parameter', async (t) => {
  const target = parsePostgresqlUrl('postgresql://user:secret@db.example:6543/bk?schema=tenant_1&sslmode=require');
  t.equal(target.schema, 'tenant_1');
  t.notMatch(target.connectionString, /schema=/, 'schema is not passed to pg');
  t.match(target.connectionString, /sslmode=require/, 'other parameters are');
  t.notMatch(target.description, /secret|user/, 'the description has no credentials');
  t.equal(parsePostgresqlUrl('postgres://db.example/bk').schema, 'public');
  t.throws(() => parsePostgresqlUrl('postgresql://db.example/bk?schema=x;drop'), /plain identifier/);
});

const pgBase = postgresqlUrlFromEnv();

t.test('PostgreSQL: migrations apply to an empty schema, and applying twice applies once', { skip: pgBase ? false : 'DATABASE_URL is not PostgreSQL' }, async (t) => {
  const base = pgBase!;
  const schema = uniqueSchemaName('bk_migr');
  t.teardown(() => dropSchema(base, schema));
  const target = parsePostgresqlUrl(withSchema(base, schema));
  const client = new pg.Client(postgresqlPoolConfig(target));
  await client.connect();
  t.teardown(() => client.end());
  await client.query(`CREATE SCHEMA "${schema}"`);
  const names = migrationNames('postgresql');

  t.same(await applyMigrations('postgresql', postgresqlAdapterFactory(target)), names, 'every migration applied');
  const tables = (
    await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])
  ).rows.map((r) => r.table_name);
  for (const table of [...TABLES, '_prisma_migrations']) t.ok(tables.includes(table), `table ${schema}.${table}`);
  const count = async () =>
    Number((await client.query(`SELECT count(*) AS n FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL`)).rows[0].n);
  t.equal(await count(), names.length, '_prisma_migrations records them');

  t.same(await applyMigrations('postgresql', postgresqlAdapterFactory(target)), [], 'nothing applied the second time');
  t.equal(await count(), names.length, 'still one row per migration');

  // The engine cannot introspect PostgreSQL through the pg adapter (see migrationDrift), so
  // the PostgreSQL result is compared with the SQLite one, which is checked against the
  // Prisma schema above: same tables, columns, nullability, indexes and foreign keys.
  const sqliteFile = path.join(tempDir(t), 'compare.db');
  await applyMigrations('sqlite', new PrismaBetterSqlite3({ url: sqliteFile }));
  const lite = new BetterSqlite3(sqliteFile, { readonly: true });
  t.teardown(() => lite.close());
  t.same(await postgresqlStructure(client, schema), sqliteStructure(lite), 'PostgreSQL and SQLite migrations build the same structure');
});

interface Structure {
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
}

function sqliteStructure(db: BetterSqlite3.Database): Structure {
  const columns: string[] = [];
  const foreignKeys: string[] = [];
  for (const table of TABLES) {
    for (const c of db.prepare(`SELECT name, "notnull" AS nn FROM pragma_table_info('${table}')`).all() as { name: string; nn: number }[]) {
      columns.push(`${table}.${c.name} ${c.nn ? 'NOT NULL' : 'NULL'}`);
    }
    const fks = db.prepare(`SELECT id, seq, "table" AS ref, "from" AS col FROM pragma_foreign_key_list('${table}') ORDER BY id, seq`).all() as {
      id: number;
      ref: string;
      col: string;
    }[];
    const byId = new Map<number, { ref: string; cols: string[] }>();
    for (const fk of fks) {
      const entry = byId.get(fk.id) ?? { ref: fk.ref, cols: [] };
      entry.cols.push(fk.col);
      byId.set(fk.id, entry);
    }
    for (const fk of byId.values()) foreignKeys.push(`${table}(${fk.cols.join(',')}) -> ${fk.ref}`);
  }
  const indexes = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'").all() as { name: string }[]
  ).map((r) => r.name);
  return { columns: columns.sort(), indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

async function postgresqlStructure(client: pg.Client, schema: string): Promise<Structure> {
  const columns = (
    await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'",
      [schema],
    )
  ).rows.map((c) => `${c.table_name}.${c.column_name} ${c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`);
  const indexes = (
    await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname NOT LIKE '%_pkey'",
      [schema],
    )
  ).rows.map((r) => r.indexname);
  const fkRows = (
    await client.query<{ table_name: string; constraint_name: string; column_name: string; ref: string }>(
      `SELECT kcu.table_name, kcu.constraint_name, kcu.column_name, ref.relname AS ref
         FROM information_schema.key_column_usage kcu
         JOIN pg_constraint con ON con.conname = kcu.constraint_name AND con.contype = 'f'
         JOIN pg_namespace ns ON ns.oid = con.connamespace AND ns.nspname = kcu.constraint_schema
         JOIN pg_class ref ON ref.oid = con.confrelid
        WHERE kcu.constraint_schema = $1
        ORDER BY kcu.constraint_name, kcu.ordinal_position`,
      [schema],
    )
  ).rows;
  const byName = new Map<string, { table: string; ref: string; cols: string[] }>();
  for (const row of fkRows) {
    const entry = byName.get(row.constraint_name) ?? { table: row.table_name, ref: row.ref, cols: [] };
    entry.cols.push(row.column_name);
    byName.set(row.constraint_name, entry);
  }
  const foreignKeys = [...byName.values()].map((fk) => `${fk.table}(${fk.cols.join(',')}) -> ${fk.ref}`);
  return { columns: columns.sort(), indexes: indexes.sort(), foreignKeys: foreignKeys.sort() };
}

t.test('PostgreSQL: start-up migrations are all or nothing', { skip: pgBase ? false : 'DATABASE_URL is not PostgreSQL' }, async (t) => {
  const base = pgBase!;
  const schema = uniqueSchemaName('bk_atom');
  t.teardown(() => dropSchema(base, schema));
  const target = parsePostgresqlUrl(withSchema(base, schema));
  const client = new pg.Client(postgresqlPoolConfig(target));
  await client.connect();
  t.teardown(() => client.end());
  await client.query(`CREATE SCHEMA "${schema}"`);
  const tables = async () =>
    (await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])).rows.length;

  await t.rejects(migratePostgresql(client, schema, withBrokenLastMigration(t, 'postgresql')), 'a failing migration fails the start');
  t.equal(await tables(), 0, 'nothing is left: no tables, no migration rows');
  t.same(await migratePostgresql(client, schema), migrationNames('postgresql'), 'the next start applies every migration');
  t.same(await migratePostgresql(client, schema), [], 'and the one after that none');
  t.same(await applyMigrations('postgresql', postgresqlAdapterFactory(target)), [], 'the engine finds nothing left to apply');
  const sqliteFile = path.join(tempDir(t), 'compare.db');
  await migrateSqlite(sqliteFile);
  const lite = new BetterSqlite3(sqliteFile, { readonly: true });
  t.teardown(() => lite.close());
  t.same(await postgresqlStructure(client, schema), sqliteStructure(lite), 'the same structure as on SQLite');
});

t.test('PostgreSQL: replicas starting together migrate and seed once', { skip: pgBase ? false : 'DATABASE_URL is not PostgreSQL' }, async (t) => {
  const base = pgBase!;
  const schema = uniqueSchemaName('bk_repl');
  t.teardown(() => dropSchema(base, schema));
  const databaseUrl = withSchema(base, schema);
  const dataDir = tempDir(t);
  const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl, dataDir, seed: true })));
  t.teardown(() => Promise.all(replicas.map((r) => r.close())));
  for (const replica of replicas) t.equal(replica.provider, 'postgresql');
  t.equal(await replicas[0]!.prisma.organisation.count(), 6, 'seeded once');
  t.equal(await replicas[1]!.prisma.citizen.count(), await replicas[2]!.prisma.citizen.count());
  const rows = await replicas[0]!.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(
    `SELECT count(*) AS n FROM "${schema}"._prisma_migrations`,
  );
  t.equal(Number(rows[0]!.n), migrationNames('postgresql').length, 'one row per migration');
});

/**
 * Templates made before their span's end had a column of its own (migration
 * *_fcid_sjabloon_tot) get it from their head, so the bulk renewal finds them too: the
 * migrations before it, three read-model rows as such a version wrote them, then it.
 */
const SJABLOON_TOT = migrationNames('sqlite').find((name) => name.endsWith('_fcid_sjabloon_tot'))!;
const KOPPEN = {
  eindig: '1;AAAAAAAAAAAAAAAAAAAAAA;1764547200000;1767222000000;12,40,77',
  voorGoed: '1;AAAAAAAAAAAAAAAAAAAAAA;1764547200000;;12,40',
} as const;

function migrationScript(provider: 'sqlite' | 'postgresql', name: string): string {
  return readFileSync(path.join(migrationsDir(provider), name, 'migration.sql'), 'utf8');
}

t.test('SQLite: the span of a template made before its column is filled in from its head', async (t) => {
  const db = new BetterSqlite3(':memory:');
  t.teardown(() => db.close());
  for (const name of migrationNames('sqlite').filter((n) => n < SJABLOON_TOT)) db.exec(migrationScript('sqlite', name));
  // The rows alone, without the organisation and citizens their keys point to.
  db.pragma('foreign_keys = OFF');
  const insert = db.prepare('INSERT INTO financiele_zaken_leesmodel (organisation_id, citizen_id, versie, gegevens, sjabloon_kop, sjabloon) VALUES (1, ?, 1, ?, ?, ?)');
  insert.run(1, '{}', KOPPEN.eindig, '{…}');
  insert.run(2, '{}', KOPPEN.voorGoed, '{…}');
  insert.run(3, '{}', null, null);
  db.exec(migrationScript('sqlite', SJABLOON_TOT));
  const tot = db.prepare('SELECT citizen_id, sjabloon_tot FROM financiele_zaken_leesmodel ORDER BY citizen_id').safeIntegers(false).all();
  t.same(tot, [
    { citizen_id: 1, sjabloon_tot: 1767222000000 },
    { citizen_id: 2, sjabloon_tot: null },
    { citizen_id: 3, sjabloon_tot: null },
  ], 'a finite span gets its end; one that holds for good, and a row without a template, stay null');
});

t.test('PostgreSQL: the span of a template made before its column is filled in from its head', { skip: pgBase ? false : 'DATABASE_URL is not PostgreSQL' }, async (t) => {
  const base = pgBase!;
  const schema = uniqueSchemaName('bk_migr');
  t.teardown(() => dropSchema(base, schema));
  const client = new pg.Client(postgresqlPoolConfig(parsePostgresqlUrl(withSchema(base, schema))));
  await client.connect();
  t.teardown(() => client.end());
  await client.query(`CREATE SCHEMA "${schema}"`);
  for (const name of migrationNames('postgresql').filter((n) => n < SJABLOON_TOT)) await client.query(migrationScript('postgresql', name));
  // The rows alone, without the organisation and citizens their keys point to.
  await client.query('ALTER TABLE financiele_zaken_leesmodel DROP CONSTRAINT financiele_zaken_leesmodel_organisation_id_fkey, DROP CONSTRAINT financiele_zaken_leesmodel_citizen_id_fkey');
  const insert = 'INSERT INTO financiele_zaken_leesmodel (organisation_id, citizen_id, versie, gegevens, sjabloon_kop, sjabloon) VALUES (1, $1, 1, $2, $3, $4)';
  await client.query(insert, [1, '{}', KOPPEN.eindig, '{…}']);
  await client.query(insert, [2, '{}', KOPPEN.voorGoed, '{…}']);
  await client.query(insert, [3, '{}', null, null]);
  await client.query(migrationScript('postgresql', SJABLOON_TOT));
  const { rows } = await client.query<{ citizen_id: number; sjabloon_tot: string | null }>('SELECT citizen_id, sjabloon_tot FROM financiele_zaken_leesmodel ORDER BY citizen_id');
  t.same(rows, [
    { citizen_id: 1, sjabloon_tot: '1767222000000' },
    { citizen_id: 2, sjabloon_tot: null },
    { citizen_id: 3, sjabloon_tot: null },
  ], 'a finite span gets its end; one that holds for good, and a row without a template, stay null');
});
