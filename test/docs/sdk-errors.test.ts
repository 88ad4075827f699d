import { readFileSync } from 'node:fs';
import t from 'tap';

/** The ERR_* codes of a union type, following the protocol unions it names. */
function codesOf(source: string, protocol: string, name: string): string[] {
  const declaration = new RegExp(`export type ${name} =([^;]+);`).exec(source)?.[1] ?? '';
  const own = [...declaration.matchAll(/'(ERR_[A-Z_]+)'/g)].map((m) => m[1]!);
  const named = [...declaration.matchAll(/\b([A-Z][A-Za-z]+ErrorCode)\b/g)].flatMap((m) => codesOf(protocol, protocol, m[1]!));
  return [...own, ...named];
}

t.test('docs/sdk.md lists every error code the SDK can give', async (t) => {
  const source = readFileSync('src/sdk/errors.ts', 'utf8');
  const protocol = readFileSync('src/protocol/errors.ts', 'utf8');
  const docs = readFileSync('docs/sdk.md', 'utf8');
  const table = docs.slice(docs.indexOf('### Errors by code'), docs.indexOf('###', docs.indexOf('### Errors by code') + 4));
  for (const name of ['OrganisationFailure', 'AppBeheerderFailure']) {
    const codes = codesOf(source, protocol, name);
    t.ok(codes.length > 3, `${name} has codes`);
    for (const code of codes) t.ok(table.includes(`\`${code}\``), `${name}: ${code} is documented`);
  }
  // The scheme's codes are listed with verifyStelseldocument; the table names the family.
  for (const code of codesOf(source, protocol, 'StelselFailure')) t.ok(docs.includes(code), `StelselFailure: ${code} is documented`);
  for (const error of ['StelselError', 'OrganisationError', 'AppBeheerderError']) t.ok(table.includes(`\`${error}\``), error);
});
