// The two Prisma schemas of this project, from ONE source of truth.
//
// prisma/schema.prisma (SQLite, the embedded default) is the schema you edit.
// prisma/postgresql/schema.prisma is derived from it by swapping only the datasource
// provider and the generated client's output folder. The derived file is committed (so a
// reviewer sees exactly what PostgreSQL gets) and rewritten by scripts/prisma-generate.mjs;
// never edit it by hand. test/data/migrations.test.ts fails when it is out of step.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
export const POSTGRESQL_SCHEMA = path.join(ROOT, 'prisma', 'postgresql', 'schema.prisma');

/** Where each provider's schema lives. */
export const SCHEMA_PATHS = { sqlite: SOURCE_SCHEMA, postgresql: POSTGRESQL_SCHEMA };

const DERIVED_HEADER =
  '// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: DO NOT EDIT.\n' +
  '// Only the datasource provider and the client output folder differ from the source.\n\n';

/** Derives the PostgreSQL schema text from the SQLite source text. */
export function derivePostgresqlSchema(source) {
  const provider = /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = /(output\s*=\s*")\.\.\/src\/generated\/prisma\/sqlite(")/;
  if (!provider.test(source) || !output.test(source)) {
    throw new Error(
      'prisma/schema.prisma must use provider "sqlite" and output "../src/generated/prisma/sqlite"',
    );
  }
  return (
    DERIVED_HEADER +
    source
      .replace(provider, '$1"postgresql"')
      .replace(output, '$1../../src/generated/prisma/postgresql$2')
  );
}

/** Reads the source schema and returns both schema texts (nothing is written). */
export async function readSchemas() {
  const sqlite = await readFile(SOURCE_SCHEMA, 'utf8');
  return { sqlite, postgresql: derivePostgresqlSchema(sqlite) };
}

/** Writes prisma/postgresql/schema.prisma when it differs; returns true when it changed. */
export async function writeDerivedSchema() {
  const { postgresql } = await readSchemas();
  const current = await readFile(POSTGRESQL_SCHEMA, 'utf8').catch(() => null);
  if (current === postgresql) return false;
  await mkdir(path.dirname(POSTGRESQL_SCHEMA), { recursive: true });
  await writeFile(POSTGRESQL_SCHEMA, postgresql);
  return true;
}
