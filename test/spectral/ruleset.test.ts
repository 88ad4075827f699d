// Tests of the Spectral ruleset itself (spectral.yaml + spectral/functions/).
//
// Fixtures are data, one folder per rule, as in Logius' linter/testcases:
//   test/spectral/fixtures/valid/openapi.yaml            passes with zero findings of any severity;
//   test/spectral/fixtures/<rule>/<case>/openapi.yaml    that baseline broken (or, for a case
//                                                        that shows a rule's scope, changed) in
//                                                        one way, yielding exactly the findings
//                                                        in expected.json ({ code, path }), all
//                                                        of <rule> (the colon as a dash);
//   test/spectral/fixtures/<rule>/basis/                 the case every rule has, and that fires.
// - every rule has a name, message, description and documentationUrl, and a fixture;
// - our three contracts, as published (openapi/bundled/), pass with zero findings, each
//   declaring its role in info.x-bk-rol;
// - test/spectral/scenarios/<name>/ holds whole contracts as users write them, each with
//   exactly the findings of every rule in its expected.json (kaal-contract: the contract of
//   issue 12 that got zero findings while the profile was opt-in).
//
// The ruleset is bundled once, the way the Spectral CLI bundles it, and every document
// is linted in-process; one CLI run checks that `spectral lint -r spectral.yaml` works
// as it does for anyone who uses the ruleset outside this repository.
import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { REPO_ROOT as root, cases, expectedOf, fixturesDir, linterFor, ruleFolders, ruleOfFolder } from '../helpers/spectral.js';

const rulesetFile = join(root, 'spectral.yaml');
// Each case is linted in-process and a few with the CLI: minutes on a busy shared machine.
t.setTimeout(300_000);
const regelsFile = join(root, 'docs/regels.md');

const ADR_URL = 'https://logius-standaarden.github.io/API-Design-Rules/#/core/';
const REGELS_URL = 'https://github.com/blauwe-knop/blauwe-knop/blob/main/docs/regels.md#';

interface RuleDefinition {
  description?: unknown;
  message?: unknown;
  documentationUrl?: unknown;
  severity?: unknown;
  [key: string]: unknown;
}

const rulesetSource = YAML.parse(readFileSync(rulesetFile, 'utf8')) as { rules: Record<string, unknown> };
const ourRules = Object.entries(rulesetSource.rules).filter(
  (entry): entry is [string, RuleDefinition] => typeof entry[1] === 'object' && entry[1] !== null,
);

const lint = await linterFor(rulesetFile);

// GitHub's heading anchor: lowercase, punctuation other than "-" dropped, spaces to "-".
function githubAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

t.test('the valid baseline yields no findings of any severity', async t => {
  t.strictSame(await lint(join(fixturesDir, 'valid', 'openapi.yaml')), []);
  t.strictSame(expectedOf(join(fixturesDir, 'valid')), []);
});

t.test('each fixture yields exactly its expected findings, all of its own rule', async t => {
  t.ok(cases.length > 0, `${cases.length} cases`);
  for (const { rule, name, dir } of cases) {
    t.strictSame(readdirSync(dir).sort(), ['expected.json', 'openapi.yaml'], `${name}: a contract and its expected findings`);
    const actual = await lint(join(dir, 'openapi.yaml'));
    t.strictSame(actual, expectedOf(dir), `${name}: findings`);
    t.ok(
      actual.every(finding => finding.code === rule),
      `${name}: only ${rule} fires (got ${[...new Set(actual.map(f => f.code))].join(', ') || 'nothing'})`,
    );
    if (name.endsWith('/basis')) t.ok(actual.length > 0, `${name}: ${rule} fires on its own fixture`);
  }
});

t.test('each scenario yields exactly its expected findings', async t => {
  const scenariosDir = join(root, 'test/spectral/scenarios');
  const scenarios = readdirSync(scenariosDir).sort();
  t.ok(scenarios.includes('kaal-contract'), 'the bare contract of issue 12');
  for (const name of scenarios) {
    const dir = join(scenariosDir, name);
    t.strictSame(await lint(join(dir, 'openapi.yaml')), expectedOf(dir), name);
  }
});

t.test('every rule is named, explained, documented and has a fixture', async t => {
  const regels = existsSync(regelsFile) ? readFileSync(regelsFile, 'utf8') : '';
  const anchors = new Set([...regels.matchAll(/^#{1,6}\s+(.+)$/gm)].map(match => githubAnchor(match[1] ?? '')));
  t.ok(ourRules.length >= 20, `${ourRules.length} rules defined`);
  for (const [name, rule] of ourRules) {
    t.match(name, /^(nlgov|bk):[a-z0-9]+(-[a-z0-9]+)*$/, `${name}: prefixed, kebab-case name`);
    for (const field of ['message', 'description', 'documentationUrl'] as const) {
      const value = rule[field];
      t.ok(typeof value === 'string' && value.trim().length > 0, `${name}: has a ${field}`);
    }
    t.ok(rule.severity === 'error' || rule.severity === 'warn', `${name}: severity is error or warn`);
    const url = String(rule.documentationUrl);
    if (name.startsWith('bk:')) {
      t.equal(rule.severity, name === 'bk:nederlandse-beschrijving' ? 'warn' : 'error', `${name}: severity`);
      t.ok(url.startsWith(REGELS_URL), `${name}: documented in docs/regels.md`);
      t.ok(anchors.has(url.slice(REGELS_URL.length)), `${name}: docs/regels.md has the section ${url}`);
    } else if (name !== 'nlgov:schema-pascal-case') {
      t.ok(url.startsWith(ADR_URL), `${name}: links the ADR rule it enforces`);
    }
    t.ok(regels.includes(`\`${name}\``), `${name}: listed in the table of docs/regels.md`);
    t.ok(cases.some(c => c.name === `${name.replace(':', '-')}/basis`), `${name}: has a fixture`);
  }
  for (const folder of ruleFolders) {
    t.ok(rulesetSource.rules[ruleOfFolder(folder)] !== undefined, `${folder}/ belongs to a rule`);
  }
  // Entries that are not rule definitions only switch a built-in spectral:oas rule off
  // or change its severity.
  for (const [name, value] of Object.entries(rulesetSource.rules)) {
    if (typeof value === 'object' && value !== null) continue;
    t.ok(['off', 'error', 'warn', false].includes(value as string | boolean), `${name}: built-in override`);
  }
});

t.test('the patterns that fix the official ruleset', async t => {
  const pattern = (name: string, index = 0): RegExp => {
    const rule = rulesetSource.rules[name] as { then: unknown };
    const then = (Array.isArray(rule.then) ? rule.then : [rule.then]) as { functionOptions?: { match?: string } }[];
    const candidates = then.filter(step => step.functionOptions?.match !== undefined);
    return new RegExp(candidates[index]?.functionOptions?.match ?? '(?!)');
  };
  const openapi = pattern('nlgov:openapi3');
  t.ok(openapi.test('3.0.3'), 'openapi 3.0.3');
  t.notOk(openapi.test('3x0x3'), 'the dot is escaped');
  t.notOk(openapi.test('3.1.0'), 'openapi 3.1 is not on the list');
  const kebab = pattern('nlgov:paths-kebab-case');
  for (const ok of ['/', '/documenten', '/financiele-verplichtingen/{id}', '/documenten/_zoek', '/openapi.json', '/openapi.yaml', '/v2-gegevens']) {
    t.ok(kebab.test(ok), `${ok} is kebab-case`);
  }
  for (const bad of ['/yaml_bestanden', '/openapi.yml', '/documenten.yaml', '/my-openapi.yaml', '/_zoek/documenten', '/Documenten', '/-a', '/a-', '/a--b']) {
    t.notOk(kebab.test(bad), `${bad} is not kebab-case`);
  }
});

t.test('the CLI loads the ruleset as anyone would run it', async t => {
  const bin = join(root, 'node_modules/.bin/spectral');
  const fixture = join(fixturesDir, 'nlgov-version-header', 'basis', 'openapi.yaml');
  const run = promisify(execFile);
  const { stdout } = await run(bin, ['lint', '-r', rulesetFile, '-f', 'json', '--quiet', fixture], { cwd: root }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const results = JSON.parse(stdout) as { code: string; path: string[] }[];
  t.strictSame(
    results.map(result => ({ code: result.code, path: result.path.map(String) })),
    JSON.parse(readFileSync(join(fixturesDir, 'nlgov-version-header', 'basis', 'expected.json'), 'utf8')),
  );
});

t.test('our three contracts pass with zero findings, each in its own role', async t => {
  for (const [file, rol] of [
    ['openapi/bundled/blauwe-knop.yaml', 'organisatie'],
    ['openapi/bundled/stelselbeheerder.yaml', 'stelselbeheerder'],
    ['openapi/bundled/app-beheerder.yaml', 'app-beheerder'],
  ] as const) {
    const contract = YAML.parse(readFileSync(join(root, file), 'utf8')) as { info: Record<string, unknown> };
    t.equal(contract.info['x-bk-rol'], rol, `${file} declares its role`);
    t.strictSame(await lint(join(root, file)), [], `${file}: no findings`);
  }
});
