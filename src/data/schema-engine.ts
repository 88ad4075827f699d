/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven
 * through a driver adapter. This is what applies migrations at start-up and what
 * scripts/db-migration.ts uses to write new ones: no native engine binary and no network
 * (the Prisma CLI would download a binary from Prisma's servers on every migrate command).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type {
  DiffTarget,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm/schema_engine_bg';

export type Provider = 'sqlite' | 'postgresql';

export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

type SchemaEngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

let modulePromise: Promise<SchemaEngineModule> | undefined;

/**
 * Instantiates the WebAssembly module once per process. The wasm-bindgen glue keeps the
 * instance in module state, so every SchemaEngine of this process shares it.
 */
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  modulePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as SchemaEngineModule;
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const imports: Record<string, unknown> = { ...glue };
    // The engine arms timeouts (e.g. around PostgreSQL operations) that it never clears;
    // left as they are, they keep Node alive for ~10 s after the work is done. Unref them:
    // whatever they guard keeps the process alive on its own while it is pending.
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(callback, ms >>> 0);
        timer.unref();
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': imports as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  modulePromise.catch(() => {
    modulePromise = undefined;
  });
  return modulePromise;
}

export interface EngineLog {
  level: string;
  message: string;
}

/**
 * Wraps a factory so that every connection the engine opens can be closed afterwards:
 * `SchemaEngine.free()` does not dispose its adapters, and an open SQLite connection keeps
 * the file locked (the next writer gets "database is locked"), an open pg pool keeps the
 * process alive. Disposing twice is harmless.
 */
function trackingFactory(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    open.add(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    },
    disposeAll: async () => {
      const adapters = [...open];
      await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
    },
  };
}

/**
 * Runs `fn` with a schema engine connected through `adapterFactory`, then frees the engine
 * and closes every connection it opened. `datamodel` is the Prisma schema text (needed by
 * some commands, not by diff or apply, which take their schemas as arguments).
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string | undefined,
  fn: (engine: SchemaEngine, logs: EngineLog[]) => Promise<T>,
): Promise<T> {
  const glue = await loadSchemaEngineModule();
  const logs: EngineLog[] = [];
  const onLog = (line: string): void => {
    try {
      const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      logs.push({ level: parsed.level ?? 'INFO', message: parsed.fields?.message ?? line });
    } catch {
      logs.push({ level: 'INFO', message: line });
    }
  };
  const tracked = trackingFactory(adapterFactory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: datamodel === undefined ? undefined : [['schema.prisma', datamodel]] },
      onLog,
      bindMigrationAwareSqlAdapterFactory(tracked.factory),
    );
    return await fn(engine, logs);
  } finally {
    engine?.free();
    await tracked.disposeAll();
  }
}

/**
 * Finds the project's `prisma/` folder by walking up from this module (works from src/ and
 * from a compiled dist/src/). A deployment must ship `prisma/migrations/`.
 */
export function prismaDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'prisma');
    if (existsSync(path.join(candidate, 'migrations')) || existsSync(path.join(candidate, 'schema.prisma'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('prisma/migrations not found above ' + fileURLToPath(import.meta.url));
    }
    dir = parent;
  }
}

export function migrationsDir(provider: Provider): string {
  return path.join(prismaDir(), 'migrations', provider);
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, sorted by name. */
export async function readMigrationList(dir: string): Promise<MigrationList> {
  const lockfileContent = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8').catch(
    () => null,
  );
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(path.join(dir, name, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockfileContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Applies the pending migrations of `provider` (idempotent: the engine records applied
 * migrations in `_prisma_migrations` and skips them). Returns the names just applied.
 */
export async function applyMigrations(
  provider: Provider,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  dir: string = migrationsDir(provider),
): Promise<string[]> {
  const migrationsList = await readMigrationList(dir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${dir}`);
  }
  return withSchemaEngine(adapterFactory, undefined, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return result.appliedMigrationNames;
  });
}

/** The SQL script that takes `from` to `to` (empty string when there is no difference). */
export async function diffScript(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  from: DiffTarget,
  to: DiffTarget,
): Promise<string> {
  return withSchemaEngine(adapterFactory, undefined, async (engine) => {
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTER });
    return result.stdout ?? '';
  });
}

/** True when a diff script contains no statements (only comments and blank lines). */
export function isEmptyScript(script: string): boolean {
  return script
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}

/**
 * Drift check: applies the migrations of `provider` to the database behind
 * `adapterFactory` (use an empty one: SQLite `:memory:`, or a fresh PostgreSQL schema) and
 * returns the SQL that would still be needed to reach `datamodel` (the provider's Prisma
 * schema text). Empty (see isEmptyScript) when the migrations produce exactly the schema.
 *
 * Everything runs in one engine session on one connection, so an in-memory SQLite database
 * works. (Diffing from `{ tag: 'migrations' }` does not: the engine sends the migration
 * scripts to the shadow database as one multi-statement `executeRaw`, which the SQLite
 * adapter refuses.) SQLite only, in practice: introspecting PostgreSQL through
 * @prisma/adapter-pg 7.10 fails ("Column type 'char' could not be deserialized"), so the
 * PostgreSQL migrations are checked against the SQLite ones instead (see the tests).
 */
export async function migrationDrift(
  provider: Provider,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string,
  dir: string = migrationsDir(provider),
): Promise<string> {
  const migrationsList = await readMigrationList(dir);
  const files = [{ path: 'schema.prisma', content: datamodel }];
  return withSchemaEngine(adapterFactory, undefined, async (engine) => {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: prismaDir() },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  });
}

/** A row of `_prisma_migrations`, as far as deciding what is pending goes. */
export interface AppliedMigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Which migrations still need the engine, decided from `_prisma_migrations` without it
 * (null rows: the table does not exist yet). A migration that started but never finished
 * counts as pending too, so the engine reports it. Starting the engine costs time and,
 * on SQLite, it takes the file in exclusive locking mode (failing while any other
 * connection is open), so openDatabase only starts it when this is not empty.
 */
export async function pendingMigrations(provider: Provider, rows: AppliedMigrationRow[] | null): Promise<string[]> {
  const list = await readMigrationList(migrationsDir(provider));
  const done = new Set(
    (rows ?? []).filter((r) => r.finished_at != null && r.rolled_back_at == null).map((r) => r.migration_name),
  );
  const unfinished = (rows ?? []).some((r) => r.finished_at == null && r.rolled_back_at == null);
  const pending = list.migrationDirectories.map((d) => d.path).filter((name) => !done.has(name));
  return unfinished && pending.length === 0 ? ['(an unfinished migration)'] : pending;
}
