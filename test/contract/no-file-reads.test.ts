import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import t from 'tap';
import ts from 'typescript';

/** Every module an entry point loads at run time (type-only imports excluded), and the packages those import. */
function runtimeImports(entry: string, notThrough: readonly string[] = []): { modules: string[]; packages: string[] } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const queue = [resolve(entry)];
  const excluded = new Set(notThrough.map((path) => resolve(path)));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (modules.has(file) || excluded.has(file)) continue;
    modules.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const isImport = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly;
      const isExport = ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier;
      if (!isImport && !isExport) continue;
      const specifier = ((statement as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { modules: [...modules].map((m) => relative(process.cwd(), m)), packages: [...packages] };
}

t.test('the FCID fold is pure: it imports no Node module and no contract file reader', async (t) => {
  const { modules, packages } = runtimeImports('src/fcid/index.ts');
  t.same(packages.filter((name) => name.startsWith('node:') || name === 'yaml'), [], `${modules.length} modules, packages: ${packages.join(', ') || 'none'}`);
  t.notOk(modules.some((m) => m.startsWith('src/contract/')), 'the event types come from the generated enum values, not from loading the contract');
});

t.test('the contracts are compiled in: loading one, or checking against one in the SDK, reads no file', async (t) => {
  for (const entry of ['src/contract/contract.ts', 'src/contract/shapes.ts', 'src/sdk/protocol.ts']) {
    const { packages } = runtimeImports(entry);
    t.same(packages.filter((name) => name === 'node:fs' || name === 'fs' || name === 'node:fs/promises'), [], `${entry} does not import node:fs`);
  }
  t.notOk(runtimeImports('src/contract/shapes.ts').packages.includes('yaml'), 'the SDK does not parse YAML');
});

t.test('the data modules take their vocabularies from the generated enum values, not from the contract', async (t) => {
  for (const entry of ['src/data/organisations.ts', 'src/data/signing-keys.ts', 'src/data/rdw.ts']) {
    t.notOk(runtimeImports(entry).modules.includes('src/contract/contract.ts'), `${entry} does not load a contract`);
  }
  // The FCID document made ahead at each write is serialised by the contract's own schema,
  // as the route serialises it: that is the one way in.
  const madeAhead = 'src/documenten/fcid-sjabloon.ts';
  t.ok(runtimeImports('src/data/financiele-zaken.ts').modules.includes(madeAhead), 'the read model writes the document made ahead');
  t.notOk(
    runtimeImports('src/data/financiele-zaken.ts', [madeAhead]).modules.includes('src/contract/contract.ts'),
    'src/data/financiele-zaken.ts loads a contract only for the document made ahead, not for its vocabularies',
  );
});
