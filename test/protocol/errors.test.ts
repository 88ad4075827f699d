import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const root = join(import.meta.dirname, '../..');

t.test('every code of the protocol error family is asserted by a test in test/protocol', async (t) => {
  const source = readFileSync(join(root, 'src/protocol/errors.ts'), 'utf8');
  const codes = [...new Set(source.match(/'ERR_[A-Z_]+'/g) ?? [])].map((c) => c.slice(1, -1));
  t.ok(codes.length >= 40, `the list names the codes (${codes.length})`);
  const tests = readdirSync(join(root, 'test/protocol'))
    .filter((f) => f.endsWith('.test.ts') && f !== 'errors.test.ts')
    .map((f) => readFileSync(join(root, 'test/protocol', f), 'utf8'))
    .join('\n');
  const untested = codes.filter((code) => !tests.includes(`'${code}'`));
  t.same(untested, [], 'no code without a test');
});

t.test('the wire rules use no node: module and import only jose, generated types and each other', async (t) => {
  const dir = join(root, 'src/protocol');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    const foreign = specifiers.filter((s) => s !== 'jose' && !s.startsWith('./') && !s.startsWith('../generated/'));
    t.same(foreign, [], `${file} imports only jose, ./ and ../generated/`);
  }
});
