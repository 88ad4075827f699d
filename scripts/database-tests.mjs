#!/usr/bin/env node
/**
 * The test files whose outcome can depend on the database provider, one per line: what the
 * pass on PostgreSQL runs (`npm run test:postgresql`, .ci/run). The others already ran,
 * unchanged, in the pass on SQLite.
 *
 * A file depends on the database when its imports (relative ones, followed through test
 * helpers and src/) reach src/data/open.ts, the one way a process opens a database, or the
 * PostgreSQL driver itself. A file that starts child processes may open one there, out of
 * sight of its imports: it is included unless it is in REVIEWED below, where someone read
 * what it starts.
 *
 *   node scripts/database-tests.mjs           # the list
 *   node scripts/database-tests.mjs --why     # every test file, with the reason it is in or out
 *   node scripts/database-tests.mjs --root D  # the same for the project in folder D (the script's own test)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArgument = process.argv.indexOf('--root');
const ROOT = rootArgument > 0 ? resolve(process.argv[rootArgument + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OPENS_DATABASE = join(ROOT, 'src/data/open.ts');

/** Files that start processes, read by hand: nothing they start opens the database DATABASE_URL names. */
const REVIEWED = {
  'test/cli/help.test.ts': 'starts each CLI with --help, -h or an unknown option only',
  'test/readme.test.ts': 'starts git check-ignore only',
  'test/scripts/database-tests.test.ts': 'starts this script only',
  'test/setup/child-processes.test.ts': 'starts a bare node that prints its environment only',
  'test/spectral/bundle.test.ts': 'starts Spectral on the contracts only',
  'test/spectral/ruleset.test.ts': 'starts Spectral on the contracts only',
};

// Static imports and re-exports from the start of a line (not the same words inside a string),
// dynamic imports anywhere.
const IMPORT = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm;
const imports = new Map();

/** What one file imports: absolute paths of the files for relative imports, names for packages. */
function importsOf(file) {
  let found = imports.get(file);
  if (found) return found;
  found = [];
  for (const [, from, bare, dynamic] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = from ?? bare ?? dynamic;
    if (!specifier.startsWith('.')) {
      found.push(specifier);
      continue;
    }
    const target = resolve(dirname(file), specifier);
    // Sources import each other as .js (NodeNext); on disk they are .ts.
    const onDisk = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts')].find((p) => existsSync(p) && /\.(ts|mts|js|mjs)$/.test(p));
    if (onDisk) found.push(onDisk);
  }
  imports.set(file, found);
  return found;
}

/** Everything `file` imports, directly or through the files it imports. */
function reach(file) {
  const seen = new Set([file]);
  const todo = [file];
  while (todo.length > 0) {
    for (const next of importsOf(todo.pop())) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (next.startsWith(ROOT)) todo.push(next);
    }
  }
  return seen;
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : []))
    .sort();
}

/** Why a test file is in the pass on PostgreSQL (`in`) or not. */
function verdict(file) {
  const name = relative(ROOT, file);
  const reached = reach(file);
  if (reached.has(OPENS_DATABASE)) return { name, in: true, why: 'its imports reach src/data/open.ts' };
  if (reached.has('pg')) return { name, in: true, why: 'its imports reach the PostgreSQL driver' };
  const startsProcesses = reached.has('node:child_process') || reached.has('child_process');
  if (startsProcesses && !REVIEWED[name]) return { name, in: true, why: 'starts processes, not reviewed' };
  return { name, in: false, why: startsProcesses ? REVIEWED[name] : 'opens no database' };
}

const verdicts = testFiles(join(ROOT, 'test')).map(verdict);
const stale = rootArgument > 0 ? [] : Object.keys(REVIEWED).filter((name) => !verdicts.some((v) => v.name === name));
if (stale.length > 0) {
  process.stderr.write(`scripts/database-tests.mjs: REVIEWED names files that do not exist: ${stale.join(', ')}\n`);
  process.exit(1);
}
for (const v of verdicts) {
  if (process.argv.includes('--why')) process.stdout.write(`${v.in ? 'in ' : 'out'}  ${v.name}  (${v.why})\n`);
  else if (v.in) process.stdout.write(`${v.name}\n`);
}
