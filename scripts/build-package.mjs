#!/usr/bin/env node
// Builds an installable package from the compiled tree (dist/, from `npm run build`): exactly
// the modules its entry points import, found by following the imports of the .js files and
// of their .d.ts files (so type-only modules travel too), with no package the package's own
// package.json does not declare, and with the versions pinned in step with the root.
//
//   node scripts/build-package.mjs sdk|conformance [--pack]   (PACK_DESTINATION=dir to choose where)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each package is: its folder, the compiled entry points, and what it carries besides code. */
const PACKAGES = {
  sdk: {
    dir: 'packages/sdk',
    entries: ['dist/src/sdk/index.js', 'dist/src/sdk/node.js'],
    // Node entry: only it may use node: modules (test/sdk/browser.test.ts checks the core).
    extra: [],
  },
  conformance: {
    dir: 'packages/conformance',
    entries: ['dist/src/cli/conformance.js', 'dist/src/conformance/index.js'],
    // The contracts as published: the single-file bundles (`npm run bundle`) of the national
    // contracts, not their sources and not the development-only contract.
    extra: [['openapi/bundled', 'openapi'], ['spectral', 'spectral'], ['spectral.yaml', 'spectral.yaml'], ['docs/regels.md', 'docs/regels.md'], ['docs/conformance.md', 'docs/conformance.md']],
  },
};

const name = process.argv[2];
const spec = PACKAGES[name];
if (!spec) throw new Error(`Usage: build-package.mjs ${Object.keys(PACKAGES).join('|')} [--pack]`);
const target = path.join(ROOT, spec.dir);
const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ownPackage = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8'));
const allowed = new Set(Object.keys(ownPackage.dependencies));

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const files = new Set();
const bare = new Set();
const queue = spec.entries.map((entry) => path.join(ROOT, entry));
for (const entry of queue) if (!existsSync(entry)) throw new Error(`Run \`npm run build\` first: ${path.relative(ROOT, entry)} is missing`);
while (queue.length > 0) {
  const file = queue.pop();
  if (files.has(file) || !existsSync(file)) continue;
  files.add(file);
  if (file.endsWith('.js')) queue.push(file.replace(/\.js$/, '.d.ts'));
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier.startsWith('.')) {
      const resolved = path.resolve(path.dirname(file), specifier);
      // A declaration file's imports are types: they bring declarations, not code.
      queue.push(file.endsWith('.d.ts') ? resolved.replace(/\.js$/, '.d.ts') : resolved);
    } else bare.add(specifier);
  }
}
const isBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);
const packageOf = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]);
const unexpected = [...bare].filter((id) => !isBuiltin(id) && !allowed.has(packageOf(id)));
if (unexpected.length > 0) {
  throw new Error(`${ownPackage.name} imports packages it does not declare: ${unexpected.join(', ')} (add them to ${spec.dir}/package.json or stop importing them)`);
}

rmSync(path.join(target, 'dist'), { recursive: true, force: true });
for (const file of files) {
  const destination = path.join(target, path.relative(ROOT, file));
  mkdirSync(path.dirname(destination), { recursive: true });
  cpSync(file, destination);
}
for (const [source, destination] of [...spec.extra, ['LICENSE', 'LICENSE']]) {
  rmSync(path.join(target, destination), { recursive: true, force: true });
  if (existsSync(path.join(ROOT, source))) cpSync(path.join(ROOT, source), path.join(target, destination), { recursive: true });
}
// The package carries the reference implementation's version and the same pinned versions
// of the dependencies they share; a mismatch is an error to fix in its package.json.
const mismatches = [];
if (ownPackage.version !== rootPackage.version) mismatches.push(`version ${ownPackage.version} (root: ${rootPackage.version})`);
for (const [dependency, version] of Object.entries(ownPackage.dependencies)) {
  const pinned = rootPackage.dependencies[dependency] ?? rootPackage.devDependencies[dependency];
  if (version !== pinned) mismatches.push(`${dependency}@${version} (root: ${pinned ?? 'absent'})`);
}
if (mismatches.length > 0) throw new Error(`${spec.dir}/package.json is out of step with the root: ${mismatches.join(', ')}`);
console.log(`${ownPackage.name}: ${files.size} files, dependencies ${Object.keys(ownPackage.dependencies).join(', ')}`);

if (process.argv.includes('--pack')) {
  const destination = process.env.PACK_DESTINATION ?? ROOT;
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: target, encoding: 'utf8' });
  console.log(path.join(destination, JSON.parse(out)[0].filename));
}
