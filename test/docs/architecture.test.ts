import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadContract, type ContractRole } from '../../src/contract/contract.js';
import { contractOperations } from '../../src/contract/operations.js';

const root = join(import.meta.dirname, '../..');
const ROLES: Record<string, ContractRole> = { 'blauwe-knop': 'organisatie', 'app-beheerder': 'app-beheerder', stelselbeheerder: 'stelselbeheerder' };

t.test('docs/architecture.md names the handling file of every operation of every contract', async (t) => {
  const text = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const rows = [...text.matchAll(/^\| ([a-z-]+) \| (\w+) \| (\w+) (\S+) \| (\S+) \|$/gm)].map((m) => ({ contract: m[1]!, operationId: m[2]!, request: `${m[3]} ${m[4]}`, file: m[5]! }));
  const expected = Object.entries(ROLES).flatMap(([contract, role]) =>
    contractOperations(loadContract(role)).map((op) => `${contract} ${op.operationId} ${op.method} ${op.path}`),
  );
  t.same(rows.map((r) => `${r.contract} ${r.operationId} ${r.request}`).sort(), expected.sort(), 'one row per operation, no more');
  for (const row of rows) {
    const file = join(root, row.file);
    t.ok(existsSync(file) && new RegExp(`\\b${row.operationId}\\s*[:(]`).test(readFileSync(file, 'utf8')), `${row.operationId} is handled in ${row.file}`);
  }
});

t.test("the README's layout section names every folder of src/ and nothing that is gone", async (t) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('```', readme.indexOf('```', readme.indexOf('## Layout')) + 3));
  const named = [...layout.matchAll(/^(src\/[\w./-]*)/gm)].map((m) => m[1]!);
  for (const path of named) t.ok(existsSync(join(root, path)), `${path} exists`);
  const folders = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `src/${d.name}/`);
  for (const folder of folders) t.ok(named.some((n) => n.startsWith(folder)), `${folder} is described`);
  t.ok(existsSync(join(root, 'CONTRIBUTING.md')), 'CONTRIBUTING.md exists');
});
