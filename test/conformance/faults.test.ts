import t from 'tap';
import { runConformance, type ConformanceReport } from '../../src/conformance/index.js';
import type { Fault } from '../helpers/conformance/fault-proxy.js';
import { acceptAlgNone, dropApiVersion, invalidDocumentResigned, plainJsonErrors, redirectTrailingSlash, tamperAfterSigning } from '../helpers/conformance/faults.js';
import { runCli, startServiceBehindProxy } from '../helpers/conformance/services.js';

const failingIds = (report: ConformanceReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

/**
 * Each broken variant is our real service behind a proxy with one fault; the checker must
 * catch it with the check named for it, and with nothing else.
 */
t.test('each deliberately broken implementation fails exactly its own check', async (t) => {
  const { baseUrl, token, proxy, service } = await startServiceBehindProxy(t);
  const run = async (fault: Fault | undefined) => {
    proxy.setFault(fault);
    return runConformance({ baseUrl, token });
  };

  const baseline = await run(undefined);
  t.same(failingIds(baseline), [], 'the proxy without a fault is transparent: nothing fails');

  const variants: [string, () => Promise<Fault>, string[]][] = [
    ['drops API-Version', async () => dropApiVersion, ['api-version-header']],
    ['changes one byte of a document after signing (digest recomputed)', async () => tamperAfterSigning({ recomputeDigest: true }), ['document-signature']],
    ['changes one byte of a document after signing', async () => tamperAfterSigning({ recomputeDigest: false }), ['document-signature', 'document-content-digest']],
    ['answers errors as plain application/json', async () => plainJsonErrors, ['problem-details']],
    ['redirects a trailing slash (301)', async () => redirectTrailingSlash, ['trailing-slash']],
    ['accepts an alg:none token', async () => acceptAlgNone(token), ['auth-alg-none']],
    ['serves a document that breaks the schema, re-signed with a published key', () => invalidDocumentResigned(service.ctx.organisation.oin), ['document-schema']],
  ];
  for (const [name, makeFault, expected] of variants) {
    const report = await run(await makeFault());
    t.same(failingIds(report), expected, `${name}: caught by ${expected.join(' + ')}, nothing else fails`);
    for (const id of expected) {
      const check = report.checks.find((c) => c.id === id)!;
      t.ok(check.message.length > 0 && check.details.length > 0, `${name}: ${id} explains what failed (${check.message})`);
    }
  }

  t.test('the command exits 1 when an error-level check fails', async (t) => {
    proxy.setFault(dropApiVersion);
    const result = await runCli(['--base-url', baseUrl, '--token', token]);
    t.equal(result.code, 1, result.stderr);
    t.match(result.stdout, /✗ api-version-header: API-Version ontbreekt/);
    t.match(result.stdout, /^\d+ passed, 1 failed, 0 warnings, 0 skipped$/m);
  });
});
