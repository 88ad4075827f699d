import t from 'tap';
import { runConformance, type ConformanceReport } from '../../src/conformance/index.js';
import type { Fault } from '../helpers/conformance/fault-proxy.js';
import { CHECKS } from '../../src/conformance/index.js';
import { decodeJwt } from '../../src/conformance/tokens.js';
import {
  acceptAlgNone,
  acceptTokensWhere,
  discoveryUnavailable,
  dropApiVersion,
  invalidDocumentResigned,
  otherCitizensDocuments,
  plainJsonErrors,
  redirectTrailingSlash,
  signsWithPhasedOutKey,
  tamperAfterSigning,
} from '../helpers/conformance/faults.js';
import { CITIZEN, runCli, startServiceBehindProxy } from '../helpers/conformance/services.js';
import { attributeOf } from '../helpers/conformance/xml.js';

/** Another demo citizen with documents at the same organisation. */
const OTHER_CITIZEN = '999990068';

const failingIds = (report: ConformanceReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

/**
 * Each broken variant is our real service behind a proxy with one fault; the checker must
 * catch it with the check named for it, and with nothing else.
 */
t.test('each deliberately broken implementation fails exactly its own check', async (t) => {
  const { baseUrl, token, proxy, service } = await startServiceBehindProxy(t);
  const mintToken = (claims: Record<string, unknown>) => service.tokenFor(CITIZEN, { claims });
  const run = async (fault: Fault | undefined) => {
    proxy.setFault(fault);
    return runConformance({ baseUrl, token, mintToken });
  };
  const nowSeconds = () => Date.now() / 1000;

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
    ['accepts an expired token', async () => acceptTokensWhere(token, (c) => Number(c.exp) < nowSeconds()), ['auth-expired-token']],
    ['accepts a token that is not valid yet', async () => acceptTokensWhere(token, (c) => Number(c.nbf) > nowSeconds() + 60), ['auth-not-yet-valid-token']],
    ['accepts a token for another audience', async () => acceptTokensWhere(token, (c) => c.aud === 'https://andere-ontvanger.example'), ['auth-wrong-audience']],
    ['serves the documents of another citizen', async () => otherCitizensDocuments(token, await service.tokenFor(OTHER_CITIZEN)), ['document-schema']],
    ['signs with a key its own /sleutels calls uitgefaseerd', signsWithPhasedOutKey, ['document-signature', 'document-jose']],
    ['has no discovery document', async () => discoveryUnavailable, ['discovery']],
  ];
  for (const [name, makeFault, expected] of variants) {
    const report = await run(await makeFault());
    t.same(failingIds(report), expected, `${name}: caught by ${expected.join(' + ')}, nothing else fails`);
    for (const id of expected) {
      const check = report.checks.find((c) => c.id === id)!;
      t.ok(check.message.length > 0 && check.details.length > 0, `${name}: ${id} explains what failed (${check.message})`);
    }
  }

  t.test('a document about another citizen names neither BSN in full', async (t) => {
    const report = await run(otherCitizensDocuments(token, await service.tokenFor(OTHER_CITIZEN)));
    const check = report.checks.find((c) => c.id === 'document-schema')!;
    t.match(check.message, /gaat over een andere inwoner: \$\.onderwerp\.bsn is 999\*{6}, het token is van 999\*{6}/);
    t.notOk(JSON.stringify(report).includes(OTHER_CITIZEN) || JSON.stringify(report).includes(CITIZEN), 'no BSN in the report');
  });

  t.test('with the claim the service reads the BSN from (AUTH_BSN_CLAIM)', async (t) => {
    proxy.setFault(otherCitizensDocuments(token, await service.tokenFor(OTHER_CITIZEN)));
    const report = await runConformance({ baseUrl, token, bsnClaim: 'burger' });
    const check = report.checks.find((c) => c.id === 'document-schema')!;
    t.equal(check.status, 'pass', 'a token without that claim cannot be compared');
    t.match(check.details.join('\n'), /geen JWT met een BSN in claim "burger"/, 'and the report says so');
  });

  t.test('schema errors: every one, in Dutch', async (t) => {
    const report = await run(await invalidDocumentResigned(service.ctx.organisation.oin));
    const details = report.checks.find((c) => c.id === 'document-schema')!.details;
    const forFcid = details.filter((line) => line.startsWith('document financiele-verplichtingen voldoet niet'));
    t.ok(forFcid.length >= 2, `each ajv error on a line of its own (${forFcid.length})`);
    t.ok(forFcid.some((line) => line.includes('/documentversie')) && forFcid.some((line) => line.includes('uitgever')), forFcid.join('\n'));
    t.ok(forFcid.every((line) => /moet|mag/.test(line)), 'in Dutch');
    t.notOk(forFcid.some((line) => /\bmust\b/.test(line)), 'not in English');
  });

  t.test('a token command that ignores the claims: the checks that need them are skipped', async (t) => {
    proxy.setFault(undefined);
    const report = await runConformance({ baseUrl, token, mintToken: async () => token });
    for (const id of ['auth-expired-token', 'auth-not-yet-valid-token', 'auth-wrong-audience']) {
      const check = report.checks.find((c) => c.id === id)!;
      t.equal(check.status, 'skip', id);
      t.match(check.message, /zonder de gevraagde claims/, `${id} says why`);
    }
    const minted = await mintToken({ exp: 1 });
    t.equal(decodeJwt(minted)!.claims.exp, 1, 'the reference token command honours the claims');
  });

  t.test('without discovery the checks that need it are skipped, with the reason, in every format', async (t) => {
    const report = await run(discoveryUnavailable);
    const needsDiscovery = ['discovery-no-bsn', 'discovery-https', 'document-schema', 'document-signature', 'document-content-digest', 'document-jose', 'document-not-offered', 'auth-no-token', 'auth-expired-token', 'auth-not-yet-valid-token', 'auth-wrong-audience', 'auth-alg-none', 'auth-token-in-query', 'invalid-input', 'not-acceptable'];
    for (const id of needsDiscovery) {
      const check = report.checks.find((c) => c.id === id)!;
      t.equal(check.status, 'skip', `${id} is skipped`);
      t.match(check.message, /ontdekkingsdocument .*kon niet worden gelezen/, `${id} says why`);
    }
    const text = await runCli(['--base-url', baseUrl, '--token', token]);
    t.match(text.stdout, /^ {2}- discovery-no-bsn: Overgeslagen: het ontdekkingsdocument .* \(overgeslagen\)$/m);
    t.notMatch(text.stdout, /Geen van de 0/);
    const junit = await runCli(['--base-url', baseUrl, '--token', token, '--format', 'junit']);
    t.equal(attributeOf(junit.stdout, 'testsuite', 'skipped'), String(report.summary.skipped));
    t.match(junit.stdout, /<testcase [^>]*name="discovery-no-bsn:[^"]*"[^>]*>\s*<skipped message="Overgeslagen: het ontdekkingsdocument/);
    t.equal(CHECKS.length, report.checks.length);
  });

  t.test('the command exits 1 when an error-level check fails', async (t) => {
    proxy.setFault(dropApiVersion);
    const result = await runCli(['--base-url', baseUrl, '--token', token]);
    t.equal(result.code, 1, result.stderr);
    t.match(result.stdout, /✗ api-version-header: API-Version ontbreekt/);
    // With --token alone, the two checks that need minted tokens are skipped.
    t.match(result.stdout, /^\d+ passed, 1 failed, 0 warnings, 2 skipped$/m);
  });
});
