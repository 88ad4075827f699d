// Tests of the Spectral ruleset itself (spectral.yaml + spectral/functions/).
//
// - test/spectral/fixtures/valid.yaml passes with zero findings of any severity;
// - every other fixture is that baseline broken in one way, and yields exactly the
//   findings in its `.expected.json` ({ code, path }), all of the rule in its name
//   (`nlgov-version-header.lowercase.yaml` belongs to nlgov:version-header);
// - every rule has a name, message, description and documentationUrl, and a fixture;
// - our own contract, as published (openapi/bundled/blauwe-knop.yaml), passes with zero findings.
//
// The ruleset is bundled once, the way the Spectral CLI bundles it, and every document
// is linted in-process; one CLI run checks that `spectral lint -r spectral.yaml` works
// as it does for anyone who uses the ruleset outside this repository.
import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRuntime from '@stoplight/spectral-runtime';
import withLoader from '@stoplight/spectral-ruleset-bundler/with-loader';
import builtinsPlugin from '@stoplight/spectral-ruleset-bundler/plugins/builtins';
import commonjsPlugin from '@stoplight/spectral-ruleset-bundler/plugins/commonjs';

const { Spectral, Document } = spectralCore;
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const rulesetFile = join(root, 'spectral.yaml');
const fixturesDir = join(root, 'test/spectral/fixtures');
const contractFile = join(root, 'openapi/bundled/blauwe-knop.yaml');
const regelsFile = join(root, 'docs/regels.md');

const ADR_URL = 'https://logius-standaarden.github.io/API-Design-Rules/#/core/';
const REGELS_URL = 'https://github.com/blauwe-knop/blauwe-knop/blob/main/docs/regels.md#';

interface Finding {
  code: string;
  path: string[];
}

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

const spectral = new Spectral();
spectral.setRuleset(
  await withLoader.bundleAndLoadRuleset(rulesetFile, { fs, fetch: spectralRuntime.fetch }, [
    builtinsPlugin.builtins(),
    commonjsPlugin.commonjs(),
  ]),
);

function byCodeAndPath(a: Finding, b: Finding): number {
  return JSON.stringify([a.code, a.path]) < JSON.stringify([b.code, b.path]) ? -1 : 1;
}

async function lint(file: string): Promise<Finding[]> {
  const document = new Document(readFileSync(file, 'utf8'), spectralParsers.Yaml, file);
  const results = await spectral.run(document);
  return results
    .map(result => ({ code: String(result.code), path: result.path.map(String) }))
    .sort(byCodeAndPath);
}

function ruleOfFixture(file: string): string {
  const stem = file.split('.')[0] ?? '';
  return stem.replace(/^(nlgov|bk)-/, '$1:');
}

// GitHub's heading anchor: lowercase, punctuation other than "-" dropped, spaces to "-".
function githubAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const fixtures = readdirSync(fixturesDir)
  .filter(file => file.endsWith('.yaml'))
  .sort();

t.test('the valid baseline yields no findings of any severity', async t => {
  t.strictSame(await lint(join(fixturesDir, 'valid.yaml')), []);
  t.strictSame(JSON.parse(readFileSync(join(fixturesDir, 'valid.expected.json'), 'utf8')), []);
});

t.test('each fixture yields exactly its expected findings, all of its own rule', async t => {
  for (const file of fixtures.filter(f => f !== 'valid.yaml')) {
    const rule = ruleOfFixture(file);
    const expectedFile = join(fixturesDir, file.replace(/\.yaml$/, '.expected.json'));
    t.ok(existsSync(expectedFile), `${file} has an expected-findings file`);
    const expected = (JSON.parse(readFileSync(expectedFile, 'utf8')) as Finding[]).sort(byCodeAndPath);
    const actual = await lint(join(fixturesDir, file));
    t.strictSame(actual, expected, `${file}: findings`);
    t.ok(
      actual.every(finding => finding.code === rule),
      `${file}: only ${rule} fires (got ${[...new Set(actual.map(f => f.code))].join(', ') || 'nothing'})`,
    );
    const variant = file.split('.').length > 2;
    if (!variant) t.ok(actual.length > 0, `${file}: ${rule} fires on its own fixture`);
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
    t.ok(fixtures.includes(`${name.replace(':', '-')}.yaml`), `${name}: has a fixture`);
  }
  for (const file of fixtures.filter(f => f !== 'valid.yaml')) {
    t.ok(rulesetSource.rules[ruleOfFixture(file)] !== undefined, `${file} belongs to a rule`);
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
  const fixture = join(fixturesDir, 'nlgov-version-header.yaml');
  const run = promisify(execFile);
  const { stdout } = await run(bin, ['lint', '-r', rulesetFile, '-f', 'json', '--quiet', fixture], { cwd: root }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const results = JSON.parse(stdout) as { code: string; path: string[] }[];
  t.strictSame(
    results.map(result => ({ code: result.code, path: result.path.map(String) })),
    JSON.parse(readFileSync(fixture.replace(/\.yaml$/, '.expected.json'), 'utf8')),
  );
});

t.test('our contract openapi/bundled/blauwe-knop.yaml passes with zero findings', async t => {
  t.ok(existsSync(contractFile), 'openapi/bundled/blauwe-knop.yaml exists');
  if (!existsSync(contractFile)) return;
  t.strictSame(await lint(contractFile), []);
});
