import { readFileSync } from 'node:fs';
import t from 'tap';

/** The union members of `export type <name> = 'a' | 'b' …` in src/sdk/errors.ts. */
function reasons(source: string, name: string): string[] {
  const declaration = new RegExp(`export type ${name} =([^;]+);`).exec(source)?.[1] ?? '';
  return [...declaration.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
}

t.test('docs/sdk.md lists every error reason the SDK can give', async (t) => {
  const source = readFileSync('src/sdk/errors.ts', 'utf8');
  const docs = readFileSync('docs/sdk.md', 'utf8');
  const table = docs.slice(docs.indexOf('### Errors'), docs.indexOf('## ', docs.indexOf('### Errors') + 4));
  for (const name of ['StelselFailure', 'OrganisationFailure']) {
    const list = reasons(source, name);
    t.ok(list.length > 3, `${name} has reasons`);
    for (const reason of list) t.ok(table.includes(`\`${reason}\``), `${name}: ${reason} is documented`);
  }
  for (const error of ['StelselError', 'OrganisationError', 'AppBeheerderError']) t.ok(table.includes(`\`${error}\``), error);
});
