#!/usr/bin/env node
// `npm start` and the packs (`pack:conformance`, `pack:sdk`) build only when a source changed
// since the last build: the newest file under src/ (and the TypeScript and package
// configuration) against the build's own record (dist/.tsbuildinfo, written by the incremental
// `tsc` of `npm run build`). Unchanged sources start at once; a change runs the incremental
// build, which recompiles what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECORD = path.join(ROOT, 'dist', '.tsbuildinfo');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => path.join(ROOT, p));
const built = existsSync(RECORD) && existsSync(path.join(ROOT, 'dist', 'src', 'server.js')) ? statSync(RECORD).mtimeMs : 0;
if (built > 0 && Math.max(...sources.map(newest)) <= built) process.exit(0);
const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
// tsc leaves its record untouched when no content changed (a file was only saved again):
// mark the build as current, so the next start does not build again.
if (result.status === 0 && existsSync(RECORD)) utimesSync(RECORD, new Date(), new Date());
process.exit(result.status ?? 1);
