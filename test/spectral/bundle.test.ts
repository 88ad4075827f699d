// The bundled ruleset (spectral/ruleset.js, written by `npm run bundle:ruleset`) is what
// anyone loads by URL: `spectral lint -r https://…/spectral/ruleset.js contract.yaml`.
// Served here over HTTP from a local server, it must give exactly the findings of
// spectral.yaml on every fixture, both in-process and through the Spectral CLI, and it
// must be up to date with spectral.yaml and spectral/functions/.
import t from 'tap';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, cases, expectedOf, fixturesDir, linterFor } from '../helpers/spectral.js';

const run = promisify(execFile);
// Each case is linted in-process and a few with the CLI: minutes on a busy shared machine.
t.setTimeout(300_000);
const bundleFile = join(REPO_ROOT, 'spectral', 'ruleset.js');

async function serveBundle(t: { teardown: (fn: () => Promise<void>) => void }): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url !== '/blauwe-knop/ruleset.js') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundleFile));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${address.port}/blauwe-knop/ruleset.js`;
}

t.test('spectral/ruleset.js is up to date with spectral.yaml and its functions', async t => {
  const check = await run(process.execPath, ['scripts/bundle-ruleset.mjs', '--check'], { cwd: REPO_ROOT }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? 1, stderr: error.stderr ?? '' }),
  );
  t.equal(check.code, 0, check.stderr);
  const bundle = readFileSync(bundleFile, 'utf8');
  const imports = [...bundle.matchAll(/^import\s.*?from\s+"([^"]+)";$/gm)].map(match => match[1]);
  t.ok(imports.length > 0, 'it imports Spectral');
  t.ok(imports.every(specifier => specifier?.startsWith('@stoplight/spectral-')), `only Spectral's own modules stay imports (${[...new Set(imports)].join(', ')})`);
});

t.test('loaded by URL, the bundle gives the findings of spectral.yaml on every fixture', async t => {
  const url = await serveBundle(t);
  const lint = await linterFor(url);
  t.strictSame(await lint(join(fixturesDir, 'valid', 'openapi.yaml')), [], 'valid: no findings');
  for (const { name, dir } of cases) {
    t.strictSame(await lint(join(dir, 'openapi.yaml')), expectedOf(dir), name);
  }
});

t.test('the Spectral CLI lints with `-r <URL>`', async t => {
  const url = await serveBundle(t);
  const bin = join(REPO_ROOT, 'node_modules/.bin/spectral');
  const lintCli = (file: string) =>
    run(bin, ['lint', '-r', url, '-f', 'json', '--quiet', file], { cwd: fixturesDir }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr }),
    );
  // bk:examples-valid runs ajv, which the bundle carries inside.
  for (const name of ['bk-examples-valid/basis', 'bk-document-security/basis']) {
    const result = await lintCli(join(fixturesDir, name, 'openapi.yaml'));
    t.equal(result.code, 1, `${name}: the CLI fails on findings`);
    const findings = (JSON.parse(result.stdout) as { code: string; path: string[] }[]).map(f => ({ code: f.code, path: f.path.map(String) }));
    t.strictSame(findings, expectedOf(join(fixturesDir, name)), `${name}: findings`);
  }
  const ours = await run(bin, ['lint', '--fail-severity=hint', '-r', url, join(REPO_ROOT, 'openapi/bundled/blauwe-knop.yaml')], { cwd: REPO_ROOT }).then(
    () => 0,
    (error: { code?: number }) => error.code ?? 1,
  );
  t.equal(ours, 0, 'our contract passes the ruleset loaded by URL');
});
