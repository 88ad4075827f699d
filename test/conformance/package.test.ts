import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { packConformanceKit } from '../helpers/kit.js';
import { REPO_ROOT, startListeningService } from '../helpers/conformance/services.js';

const run = promisify(execFile);

// Packing builds the service and waits its turn behind other test files that pack.
t.setTimeout(600_000);

/** Runs a command and returns its exit code and output instead of throwing on failure. */
async function attempt(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

// What is packed does not depend on the database, so the PostgreSQL pass of CI skips this.
t.test('the packed conformance kit runs the checker and the ruleset on its own', { skip: process.env.DATABASE_URL ? 'package contents do not depend on the database' : false }, async (t) => {
  const work = t.testdir();
  const build = await packConformanceKit(work);
  t.equal(build.code, 0, build.stderr);
  const tarball = build.tarball;
  t.match(tarball, /blauwe-knop-conformance-\d+\.\d+\.\d+\.tgz$/);

  // A user's project: nothing but the tarball; its four dependencies come from the npm cache
  // where present, else the registry (--offline would need metadata that `npm ci` never caches).
  const project = join(work, 'gemeente');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'gemeente-api', private: true }));
  const install = await attempt('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
  t.equal(install.code, 0, install.stderr);

  const { baseUrl, token } = await startListeningService(t);
  const checker = await attempt('npx', ['--no-install', 'blauwe-knop-conformance', '--base-url', baseUrl, '--token', token, '--format', 'json'], project);
  t.equal(checker.code, 0, checker.stderr);
  const report = JSON.parse(checker.stdout) as { summary: { failed: number; passed: number } };
  t.equal(report.summary.failed, 0, 'the checker from the tarball passes our service');
  t.ok(report.summary.passed > 10);

  // The programmatic API, with its types, by the package name.
  const kit = join(project, 'node_modules', '@blauwe-knop', 'conformance');
  t.ok(existsSync(join(kit, 'dist', 'src', 'conformance', 'index.d.ts')), 'the kit ships type declarations for its API');
  t.match(readFileSync(join(kit, 'LICENSE'), 'utf8'), /^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/, 'and its licence, the EUPL-1.2');
  writeFileSync(
    join(project, 'api.mjs'),
    "import { runConformance } from '@blauwe-knop/conformance';\nconst report = await runConformance({ baseUrl: process.argv[2], token: process.argv[3] });\nconsole.log(JSON.stringify(report.summary));\n",
  );
  const api = await attempt('node', ['api.mjs', baseUrl, token], project);
  t.equal(api.code, 0, api.stderr);
  t.equal((JSON.parse(api.stdout) as { failed: number }).failed, 0, 'runConformance from the package passes our service');

  const shipped = readdirSync(join(project, 'node_modules', '@blauwe-knop', 'conformance', 'openapi')).sort();
  t.same(shipped, ['app-beheerder.yaml', 'blauwe-knop.yaml', 'stelselbeheerder.yaml'], 'the kit ships the bundled national contracts, no sources and no development-only contract');
  t.notOk(existsSync(join(project, 'node_modules', '@blauwe-knop', 'conformance', 'dist', 'src', 'generated', 'contracts', 'ontwikkel-login.js')), 'nor the development contract compiled in');
  t.ok(existsSync(join(project, 'node_modules', '@blauwe-knop', 'conformance', 'dist', 'src', 'generated', 'contracts', 'blauwe-knop.js')), 'the checker carries its reference contract compiled in');
  const ruleset = join(project, 'node_modules', '@blauwe-knop', 'conformance', 'spectral.yaml');
  const spectral = join(REPO_ROOT, 'node_modules', '.bin', 'spectral');
  const clean = await attempt(spectral, ['lint', '--fail-severity=hint', '-r', ruleset, join(project, 'node_modules', '@blauwe-knop', 'conformance', 'openapi', 'blauwe-knop.yaml')], project);
  t.equal(clean.code, 0, `the packed ruleset passes the packed contract: ${clean.stdout}`);
  const broken = await attempt(spectral, ['lint', '-f', 'json', '-r', ruleset, join(REPO_ROOT, 'test', 'spectral', 'fixtures', 'bk-no-bsn-in-uri', 'basis', 'openapi.yaml')], project);
  t.not(broken.code, 0, 'the packed ruleset, with its own functions, catches a BSN in a URI');
  t.match(broken.stdout, /bk:no-bsn-in-uri/);
});
