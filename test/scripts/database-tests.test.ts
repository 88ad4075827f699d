/**
 * scripts/database-tests.mjs chooses what the pass on PostgreSQL runs; a file it leaves out
 * wrongly would go untested there. Run on a small project of its own, and on ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import t from 'tap';

function verdicts(args: string[]): Map<string, string> {
  const run = spawnSync(process.execPath, ['scripts/database-tests.mjs', '--why', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return new Map(run.stdout.trim().split('\n').map((line) => {
    const [verdict, name] = line.trim().split(/\s+/);
    return [name!, verdict!];
  }));
}

t.test('a file is in when its imports reach src/data/open.ts or pg, or when it starts processes nobody reviewed', async (t) => {
  const root = t.testdir();
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('src/data/open.ts', 'export const openDatabase = 1;\n');
  write('test/helpers/service.ts', "export { openDatabase } from '../../src/data/open.js';\n");
  write('test/helpers/driver.ts', "import pg from 'pg';\nexport default pg;\n");
  write('test/through-a-helper.test.ts', "import { openDatabase } from './helpers/service.js';\n");
  write('test/driver.test.ts', "const pg = await import('./helpers/driver.js');\n");
  write('test/starts.test.ts', "import { spawn } from 'node:child_process';\n");
  write('test/pure.test.ts', "import t from 'tap';\nimport { x } from '../src/domain/x.js';\n");
  write('src/domain/x.ts', 'export const x = 1;\n');
  t.same(Object.fromEntries(verdicts(['--root', root])), {
    'test/driver.test.ts': 'in',
    'test/pure.test.ts': 'out',
    'test/starts.test.ts': 'in',
    'test/through-a-helper.test.ts': 'in',
  });
});

t.test('in this project: the database tests are in, the protocol and the reviewed ones out', async (t) => {
  const ours = verdicts([]);
  t.equal(ours.get('test/data/seed.test.ts'), 'in');
  t.equal(ours.get('test/roles/organisatie/documenten.test.ts'), 'in');
  t.equal(ours.get('test/protocol/errors.test.ts'), 'out');
  t.equal(ours.get('test/cli/help.test.ts'), 'out', 'reviewed: starts CLIs with --help only');
  t.equal(ours.get('test/scripts/database-tests.test.ts'), 'out', 'reviewed: starts this script only');
  const listed = spawnSync(process.execPath, ['scripts/database-tests.mjs'], { encoding: 'utf8' }).stdout.trim().split('\n');
  t.same(listed, [...ours].filter(([, verdict]) => verdict === 'in').map(([name]) => name), 'the plain list is the files marked in');
});
