// The Spectral fixtures (test/spectral/fixtures: one folder per rule, each case a contract
// and its expected findings) and an in-process linter, for the tests of the ruleset and of
// its bundled, by-URL form.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
// The CLI's own loader (the package has no exports map): files and URLs, YAML and
// JavaScript rulesets are loaded exactly as `spectral lint -r` loads them.
import { getRuleset } from '@stoplight/spectral-cli/dist/services/linter/utils/getRuleset.js';

const { Spectral, Document } = spectralCore;

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const fixturesDir = join(REPO_ROOT, 'test/spectral/fixtures');

export interface Finding {
  code: string;
  path: string[];
}

export interface FixtureCase {
  rule: string;
  /** `<rule folder>/<case>`, e.g. `bk-no-bsn-in-uri/query`. */
  name: string;
  dir: string;
}

export function byCodeAndPath(a: Finding, b: Finding): number {
  return JSON.stringify([a.code, a.path]) < JSON.stringify([b.code, b.path]) ? -1 : 1;
}

/** `bk-no-bsn-in-uri` → `bk:no-bsn-in-uri`. */
export function ruleOfFolder(folder: string): string {
  return folder.replace(/^(nlgov|bk)-/, '$1:');
}

const isFolder = (path: string): boolean => statSync(path).isDirectory();

export const ruleFolders = readdirSync(fixturesDir)
  .filter(name => name !== 'valid' && isFolder(join(fixturesDir, name)))
  .sort();

export const cases: FixtureCase[] = ruleFolders.flatMap(folder =>
  readdirSync(join(fixturesDir, folder))
    .filter(name => isFolder(join(fixturesDir, folder, name)))
    .sort()
    .map(name => ({ rule: ruleOfFolder(folder), name: `${folder}/${name}`, dir: join(fixturesDir, folder, name) })),
);

export function expectedOf(dir: string): Finding[] {
  return (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Finding[]).sort(byCodeAndPath);
}

/** Loads a ruleset (a file or a URL) as the Spectral CLI does, and returns an in-process linter that gives sorted findings. */
export async function linterFor(ruleset: string): Promise<(file: string) => Promise<Finding[]>> {
  const spectral = new Spectral();
  spectral.setRuleset(await getRuleset(ruleset));
  return async (file: string) => {
    const document = new Document(readFileSync(file, 'utf8'), spectralParsers.Yaml, file);
    const results = await spectral.run(document);
    return results.map(result => ({ code: String(result.code), path: result.path.map(String) })).sort(byCodeAndPath);
  };
}
