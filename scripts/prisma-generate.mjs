#!/usr/bin/env node
// Generates both Prisma clients, offline and idempotently:
//   src/generated/prisma/sqlite      from prisma/schema.prisma
//   src/generated/prisma/postgresql  from prisma/postgresql/schema.prisma (derived first)
//
// Usage: node scripts/prisma-generate.mjs        (runs from npm's `prepare`)
//
// Why the environment variables: the Prisma CLI wants its native schema-engine binary on
// every command and downloads it from Prisma's servers when missing, which fails without
// internet (here, and in many government data centres). `prisma generate` does not use
// the engine; it only checks that the file exists. So PRISMA_SCHEMA_ENGINE_BINARY points at
// an existing file (this script) unless the caller set a real one. Migrations never use
// the CLI: they run through the WebAssembly schema engine (src/data/schema-engine.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, SCHEMA_PATHS, writeDerivedSchema } from './prisma-schemas.mjs';

const require = createRequire(import.meta.url);
let prismaPackage;
try {
  prismaPackage = require.resolve('prisma/package.json');
} catch {
  // A production install (`npm ci --omit=dev`, as the Dockerfile's prune) has no Prisma CLI:
  // it is a development tool. The clients were generated into src/generated/prisma (and
  // compiled into dist/) by the full install that built the service, so there is nothing to do.
  console.log('prisma-generate: no Prisma CLI (production install); using the clients generated at build time');
  process.exit(0);
}
const prismaCli = path.join(path.dirname(prismaPackage), 'build', 'index.js');

const changed = await writeDerivedSchema();
if (changed) console.log('prisma-generate: wrote prisma/postgresql/schema.prisma');

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || fileURLToPath(import.meta.url),
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

for (const [provider, schema] of Object.entries(SCHEMA_PATHS)) {
  const result = spawnSync(
    process.execPath,
    [prismaCli, 'generate', '--schema', path.relative(ROOT, schema), '--no-hints'],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    console.error(`prisma-generate: generating the ${provider} client failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`prisma-generate: ${provider} client -> src/generated/prisma/${provider}`);
}
