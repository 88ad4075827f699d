/**
 * The SDK as an app builder gets it: `npm run pack:sdk`, installed from the tarball into an
 * empty project, imported by its package name with its types, and run against the real roles.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { packSdk } from '../helpers/kit.js';
import { runStelsel } from '../../src/roles/stelselbeheerder/commando.js';
import { startRoleService, startStelselbeheerder } from '../helpers/centraal.js';

const run = promisify(execFile);

// Packing and installing a package takes minutes on a busy machine, more than the suite's per-file default.
t.setTimeout(600_000);

t.test('the packed SDK installs into an empty project and makes an overview against the real roles', { skip: process.env.DATABASE_URL ? 'package contents do not depend on the database' : false }, async (t) => {
  const work = t.testdir();
  const packed = await packSdk(work);
  t.equal(packed.code, 0, packed.stderr);
  const tarball = packed.tarball;
  t.match(tarball, /blauwe-knop-sdk-\d+\.\d+\.\d+\.tgz$/);

  const project = join(work, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'mijn-app', private: true, type: 'module' }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, timeout: 300_000 });
  const installed = join(project, 'node_modules', '@blauwe-knop', 'sdk');
  t.ok(existsSync(join(installed, 'dist', 'src', 'sdk', 'index.d.ts')), 'with its type declarations');
  t.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/, 'and its licence, the EUPL-1.2');
  t.ok(existsSync(join(installed, 'dist', 'src', 'generated', 'contracts', 'stelselbeheerder.js')), 'with the contracts compiled in');
  t.notOk(existsSync(join(installed, 'openapi')), 'and no contract files to read at run time');
  t.same(Object.keys(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).dependencies).sort(), ['ajv', 'ajv-formats', 'jose']);

  const operator = await startStelselbeheerder(t);
  const env = { STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath };
  const appBeheerder = await startRoleService(t, 'app-beheerder', { listen: true, env });
  const tilburg = await startRoleService(t, 'organisatie', { listen: true, env: { ...env, ORGANISATION_OIN: '00000099000000000001' } });
  const deps = { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined };
  await runStelsel(['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', appBeheerder.baseUrl], deps);
  await runStelsel(['add-organisation', '--discovery-url', `${tilburg.baseUrl}/organisatie`], deps);

  writeFileSync(
    join(project, 'overzicht.mjs'),
    [
      "import { readFileSync } from 'node:fs';",
      "import { haalOverzicht, verifyBundle } from '@blauwe-knop/sdk';",
      'const operatorKey = JSON.parse(readFileSync(process.argv[3], "utf8"));',
      "const result = await haalOverzicht({ stelselUrl: process.argv[2], operatorKey, login: { ontwikkelBsn: '999993653' } });",
      'const check = await verifyBundle(result.bundel, operatorKey);',
      'console.log(JSON.stringify({ organisaties: result.overzicht.organisaties.map((o) => [o.oin, o.status]), zaken: result.overzicht.financiele_zaken.length, geldig: check.geldig }));',
    ].join('\n'),
  );
  const overview = await run('node', ['overzicht.mjs', operator.baseUrl, operator.sleutelPath], { cwd: project, timeout: 120_000 });
  const outcome = JSON.parse(overview.stdout) as { organisaties: string[][]; zaken: number; geldig: boolean };
  t.same(outcome.organisaties, [['00000099000000000001', 'ok']], 'the organisation answered through the installed SDK');
  t.ok(outcome.zaken > 0, 'with financial cases');
  t.ok(outcome.geldig, 'and a bundle that verifies');
});
