#!/usr/bin/env node
// Builds packages/conformance: the conformance kit other organisations install on its own
// (`npx @blauwe-knop/conformance …` or from the tarball `npm pack` makes), without the
// service's dependencies (Fastify, Prisma, SQLite). It holds the Spectral ruleset with its
// functions, the contract, and the compiled checker: exactly the modules the checker imports,
// found by following its imports from the entry point, so nothing is listed twice by hand.
//
//   npm run pack:conformance     (build, then this script with --pack; PACK_DESTINATION=dir to choose where)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KIT = path.join(ROOT, 'packages', 'conformance');
const ENTRY = path.join(ROOT, 'dist', 'src', 'cli', 'conformance.js');
const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const kitPackage = JSON.parse(readFileSync(path.join(KIT, 'package.json'), 'utf8'));
const allowed = new Set(Object.keys(kitPackage.dependencies));

if (!existsSync(ENTRY)) throw new Error('Run `npm run build` first: dist/src/cli/conformance.js is missing');

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const files = new Set();
const bare = new Set();
const queue = [ENTRY];
while (queue.length > 0) {
  const file = queue.pop();
  if (files.has(file)) continue;
  files.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier.startsWith('.')) queue.push(path.resolve(path.dirname(file), specifier));
    else bare.add(specifier);
  }
}
const isBuiltin = (name) => name.startsWith('node:') || builtinModules.includes(name);
const packageOf = (name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]);
const unexpected = [...bare].filter((name) => !isBuiltin(name) && !allowed.has(packageOf(name)));
if (unexpected.length > 0) {
  throw new Error(`The checker imports packages the kit does not declare: ${unexpected.join(', ')} (add them to packages/conformance/package.json or stop importing them)`);
}

rmSync(path.join(KIT, 'dist'), { recursive: true, force: true });
for (const file of files) {
  const target = path.join(KIT, path.relative(ROOT, file));
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(file, target);
}
for (const item of ['openapi', 'spectral', 'spectral.yaml', 'docs/regels.md', 'docs/conformance.md']) {
  rmSync(path.join(KIT, item), { recursive: true, force: true });
  // The contracts as published: the single-file bundles (`npm run bundle`) of the national
  // contracts, not their sources and not the development-only contract.
  const source = item === 'openapi' ? path.join(ROOT, 'openapi', 'bundled') : path.join(ROOT, item);
  cpSync(source, path.join(KIT, item), { recursive: true });
}
// The kit carries the reference implementation's version and the same pinned versions of
// the dependencies they share; a mismatch is an error to fix in packages/conformance/package.json.
const mismatches = [];
if (kitPackage.version !== rootPackage.version) mismatches.push(`version ${kitPackage.version} (root: ${rootPackage.version})`);
for (const [name, version] of Object.entries(kitPackage.dependencies)) {
  const pinned = rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];
  if (version !== pinned) mismatches.push(`${name}@${version} (root: ${pinned ?? 'absent'})`);
}
if (mismatches.length > 0) throw new Error(`packages/conformance/package.json is out of step with the root: ${mismatches.join(', ')}`);
console.log(`conformance kit: ${files.size} modules, dependencies ${Object.keys(kitPackage.dependencies).join(', ')}`);

if (process.argv.includes('--pack')) {
  const destination = process.env.PACK_DESTINATION ?? ROOT;
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: KIT, encoding: 'utf8' });
  console.log(path.join(destination, JSON.parse(out)[0].filename));
}
