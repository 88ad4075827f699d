/**
 * What tap tracks in the children a test starts (test/setup/child-processes.ts): not the
 * installed packages and the generated clients, which cost most of a short child's time; still
 * every source file of ours (for `tap --changed`). And no coverage from a child: its tsx
 * compilation, merged with the test processes' ts-node one, broke the report.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { REPO_ROOT } from '../helpers/spectral.js';

// A bare node: it has the environment tap gives every child of a test, and loads nothing.
const printed = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.env._TAPJS_PROCESSINFO_EXCLUDE_ ?? "")'], { encoding: 'utf8' });
const parsed = /^\/(.*)\/([a-z]*)$/.exec(printed);

t.ok(parsed, `a child receives the pattern as a regular expression (${printed})`);
const exclude = new RegExp(parsed?.[1] ?? '(?!)', parsed?.[2]);

t.test('not tracked in a child: installed packages, the generated clients, tap’s own files', async (t) => {
  for (const path of [
    'node_modules/@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs',
    'node_modules/fastify/fastify.js',
    'src/generated/prisma/sqlite/internal/class.ts',
    'src/generated/contracts/blauwe-knop.ts',
    '.tap/fixtures/x/y.ts',
  ]) {
    t.ok(exclude.test(join(REPO_ROOT, path)), path);
  }
  t.ok(exclude.test('node:fs'), 'node: built-ins');
});

t.test('tracked in a child: every source of ours', async (t) => {
  for (const path of ['src/server.ts', 'src/cli/token.ts', 'src/data/open.ts', 'src/generated-elsewhere.ts', 'scripts/demo.ts', 'test/helpers/processes.ts']) {
    t.notOk(exclude.test(join(REPO_ROOT, path)), path);
  }
});

t.test('a child records no coverage', async (t) => {
  // @tapjs/processinfo starts V8's precise coverage in a process unless this is '0'.
  const coverage = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.env._TAPJS_PROCESSINFO_COVERAGE_))'], { encoding: 'utf8' });
  t.equal(coverage, '0', 'coverage is switched off in the child');
});
