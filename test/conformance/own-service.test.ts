import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { CHECKS, exitCodeOf, renderJson, renderText, runConformance, type ConformanceReport } from '../../src/conformance/index.js';
import { startTestService } from '../helpers/service.js';
import { CITIZEN, runCli, startListeningService } from '../helpers/conformance/services.js';
import { attributeOf, xmlProblems } from '../helpers/conformance/xml.js';

const failing = (report: ConformanceReport) => report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.message}`);

t.test('our own service passes every check', async (t) => {
  const { baseUrl, token, service } = await startListeningService(t);
  const mintToken = (claims: Record<string, unknown>) => service.tokenFor(CITIZEN, { claims });
  // The reference token command, as a user runs it: the claims arrive on stdin.
  const tokenCommand = `node --import tsx src/cli/token.ts --bsn ${CITIZEN} --claims-from-stdin`;
  const commandEnv = { DATA_DIR: service.dataDir };

  const report = await runConformance({ baseUrl, token, mintToken });
  t.same(failing(report), [], 'no check fails, not even a warning');
  t.equal(exitCodeOf(report), 0);
  t.same(
    report.checks.map((c) => c.id),
    CHECKS.map((c) => c.id),
    'every check is reported once, in catalogue order',
  );
  t.same(
    report.checks.filter((c) => c.status === 'skip').map((c) => c.id),
    [],
    'with a token and a token minter nothing is skipped',
  );
  t.equal(report.checks.find((c) => c.id === 'strict-transport-security')?.severity, 'warn', 'HSTS is only a warning on localhost');
  t.equal(report.contractVersion, '1.0.0');
  const json = renderJson(report);
  t.notOk(json.includes(token), 'the token never appears in a report');
  t.notOk(json.includes(token.split('.')[2]!), 'not even its signature');
  t.match(renderText(report), /^\d+ passed, 0 failed, 0 warnings, 0 skipped$/m, 'the text report ends with a summary line of its own');

  t.test('as a command: --format json, with the reference token command minting the tokens', async (t) => {
    const result = await runCli(['--base-url', baseUrl, '--token-command', tokenCommand, '--format', 'json'], commandEnv);
    t.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as ConformanceReport;
    t.same(
      parsed.checks.map((c) => [c.id, c.status]),
      CHECKS.map((c) => [c.id, 'pass']),
      'every check passes',
    );
    for (const check of parsed.checks) {
      t.ok(check.rule && check.title && check.message && ['error', 'warn'].includes(check.severity) && Array.isArray(check.details), `${check.id} has rule, title, severity, message and details`);
    }
    t.same(parsed.summary, { total: CHECKS.length, passed: CHECKS.length, failed: 0, warnings: 0, skipped: 0 });
  });

  t.test('as a command: --format junit', async (t) => {
    const result = await runCli(['--base-url', baseUrl, '--token', token, '--format', 'junit']);
    t.equal(result.code, 0, result.stderr);
    t.same(xmlProblems(result.stdout), [], 'well-formed XML');
    t.match(result.stdout, /<testsuite\s/);
    t.equal(attributeOf(result.stdout, 'testsuite', 'tests'), String(CHECKS.length));
    t.equal(attributeOf(result.stdout, 'testsuite', 'failures'), '0');
    t.equal(attributeOf(result.stdout, 'testsuite', 'skipped'), '2', 'with --token alone the two checks that need a minted token are skipped');
    t.match(result.stdout, /<skipped message="Geen --token-command opgegeven/);
    t.equal(result.stdout.match(/<testcase\s/g)?.length, CHECKS.length, 'one testcase per check');
  });

  t.test('as a command: --token-command that ignores stdin, text to stdout and JUnit to --output', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bk-conformance-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'conformance.xml');
    const result = await runCli(['--base-url', baseUrl, '--token-command', `echo ${token}`, '--format', 'junit', '--output', file]);
    t.equal(result.code, 0, result.stderr);
    t.match(result.stdout, /✓ document-signature/, 'stdout gets the text report');
    t.match(result.stdout, new RegExp(`^${CHECKS.length - 3} passed, 0 failed, 0 warnings, 3 skipped$`, 'm'), 'echo cannot mint: the checks that need it are skipped');
    t.match(result.stdout, /- auth-wrong-audience: --token-command gaf een token zonder de gevraagde claims aud/);
    const xml = readFileSync(file, 'utf8');
    t.same(xmlProblems(xml), []);
    t.equal(attributeOf(xml, 'testsuite', 'tests'), String(CHECKS.length));
  });
});

t.test('plain http outside localhost fails discovery-https, unless --insecure-http', async (t) => {
  const publicBase = 'http://api.gemeente.example/v1';
  const service = await startTestService(t, { env: { PUBLIC_BASE_URL: publicBase } });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.server.address() as AddressInfo;
  // The service believes it is api.gemeente.example; the checker's fetch is pointed at it.
  const rerouted: typeof fetch = (input, init) => fetch(String(input).replace('http://api.gemeente.example', `http://127.0.0.1:${port}`), init);
  const token = await service.tokenFor(CITIZEN);

  const strict = await runConformance({ baseUrl: publicBase, token, fetch: rerouted });
  t.same(failing(strict).map((line) => line.split(':')[0]), ['discovery-https'], 'only the https check fails');
  t.match(strict.checks.find((c) => c.id === 'discovery-https')!.details.join('\n'), /basis-URL: http:\/\/api\.gemeente\.example\/v1 gebruikt http/);
  t.equal(strict.checks.find((c) => c.id === 'strict-transport-security')!.severity, 'error', 'HSTS is an error outside localhost');

  const insecure = await runConformance({ baseUrl: publicBase, token, fetch: rerouted, insecureHttp: true });
  t.same(failing(insecure), [], 'with --insecure-http nothing fails');
  t.match(insecure.checks.find((c) => c.id === 'discovery-https')!.details.join('\n'), /toegestaan met --insecure-http/);
});
