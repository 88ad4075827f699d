import t from 'tap';
import { bsnInUrlFindings } from '../../src/conformance/checks/discovery.js';
import { bsnFields, firstDifference, otherCitizenFindings, withoutRequestTime } from '../../src/conformance/checks/documents.js';
import { frameProtected } from '../../src/conformance/checks/headers.js';
import { isLoopbackHost, maskUrl } from '../../src/conformance/http.js';
import { escapeXml } from '../../src/conformance/reporters/junit.js';
import { CHECKS, exitCodeOf, renderJson, renderJunit, renderText, type CheckResult, type ConformanceReport } from '../../src/conformance/index.js';
import { algNoneToken, citizenBsnOf, claimsNotHonoured, decodeJwt, expiredUnverifiableToken, invalidTokenClaims } from '../../src/conformance/tokens.js';
import { summarise } from '../../src/conformance/types.js';
import { attributeOf, xmlProblems } from '../helpers/conformance/xml.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const NOW = new Date('2026-11-28T10:00:00Z');
const token = `${b64({ alg: 'ES256', kid: 'k1', typ: 'JWT' })}.${b64({ iss: 'idp', aud: 'blauwe-knop', bsn: '999993653', iat: 1, exp: 2 })}.c2lnbmF0dXVy`;

t.test('crafted tokens', async (t) => {
  const none = algNoneToken(token, NOW);
  t.ok(none.endsWith('.'), 'alg:none has an empty signature');
  const decoded = decodeJwt(none)!;
  t.same(decoded.header, { alg: 'none', typ: 'JWT' });
  t.match(decoded.claims, { iss: 'idp', aud: 'blauwe-knop', bsn: '999993653' }, 'the claims are copied');
  t.ok((decoded.claims.exp as number) > NOW.getTime() / 1000, 'with a fresh exp');

  const expired = expiredUnverifiableToken(token, NOW)!;
  const e = decodeJwt(expired)!;
  t.equal(e.header.alg, 'ES256', 'the header is kept');
  t.ok((e.claims.exp as number) < NOW.getTime() / 1000, 'exp lies in the past');
  t.equal(e.signature, 'c2lnbmF0dXVy', 'the old signature is kept, so it no longer matches');
  t.equal(expiredUnverifiableToken('opaque-token'), undefined, 'no expired variant of an opaque token');
  t.match(decodeJwt(algNoneToken('opaque-token', NOW))!.claims, { sub: 'blauwe-knop-conformance' });
});

t.test('minted tokens and the citizen of a token', async (t) => {
  const claims = invalidTokenClaims(NOW);
  const now = NOW.getTime() / 1000;
  t.ok((claims.expired.exp as number) < now - 60 && (claims.notYetValid.nbf as number) > now + 60, 'beyond any clock tolerance');
  t.same(claimsNotHonoured(token, { aud: 'blauwe-knop', exp: 2 }), [], 'a token with the asked claims');
  t.same(claimsNotHonoured(token, claims.expired), ['iat', 'nbf', 'exp'], 'a token that ignored them');
  t.same(claimsNotHonoured('opaque', { aud: 'x' }), ['aud']);
  t.equal(citizenBsnOf(token, 'bsn'), '999993653');
  t.equal(citizenBsnOf(token, 'sub'), undefined);
  t.equal(citizenBsnOf(undefined, 'bsn'), undefined);
});

t.test('a document about another citizen', async (t) => {
  const document = { onderwerp: { bsn: '999990068' }, gegevens: { gebeurtenissen: [{ bsn: '999993653' }, { bsn: '999990068' }] } };
  t.same(
    bsnFields(document).map((f) => f.path),
    ['$.onderwerp.bsn', '$.gegevens.gebeurtenissen[0].bsn', '$.gegevens.gebeurtenissen[1].bsn'],
  );
  const findings = otherCitizenFindings('document x', document, '999993653');
  t.equal(findings.length, 2, 'the subject and the other event');
  t.notOk(findings.join().includes('999990068') || findings.join().includes('999993653'), 'masked');
  t.same(otherCitizenFindings('document x', { onderwerp: { bsn: '999993653' } }, '999993653'), []);
});

t.test('a BSN in a URL', async (t) => {
  t.same(bsnInUrlFindings('https://api.example/v1/financiele-verplichtingen'), []);
  t.same(bsnInUrlFindings('https://api.example/oin/00000099000000000001/v1/voertuigen'), [], 'the 9-digit runs inside an OIN do not count');
  t.same(bsnInUrlFindings('https://api.example/v1/zaken/123456789'), [], 'nine digits that fail the 11-check are no BSN');
  const findings = bsnInUrlFindings('https://api.example/v1/personen/999993653/voertuigen');
  t.equal(findings.length, 1);
  t.notOk(findings[0]!.includes('999993653'), 'the report does not repeat the BSN');
  t.equal(bsnInUrlFindings('https://api.example/v1/voertuigen?ouderBsn=x').length, 1, 'a parameter named after the BSN');
});

t.test('comparing a JSON body with a JWS payload made a moment later', async (t) => {
  const a = { aangemaakt_op: '2026-11-28T11:00:00+01:00', gegevens: { saldo: 1, saldo_datumtijd: '2026-11-28T11:00:00+01:00', opgelegd: '2026-01-15T09:00:00+01:00' } };
  const b = { aangemaakt_op: '2026-11-28T11:00:01+01:00', gegevens: { saldo: 1, saldo_datumtijd: '2026-11-28T11:00:01+01:00', opgelegd: '2026-01-15T09:00:00+01:00' } };
  t.equal(firstDifference(withoutRequestTime(a), withoutRequestTime(b)), undefined, 'only the request time differs');
  const c = { ...b, gegevens: { ...b.gegevens, saldo: 2 } };
  t.equal(firstDifference(withoutRequestTime(a), withoutRequestTime(c)), '$.gegevens.saldo');
  const d = { ...b, gegevens: { ...b.gegevens, opgelegd: '2026-01-16T09:00:00+01:00' } };
  t.equal(firstDifference(withoutRequestTime(a), withoutRequestTime(d)), '$.gegevens.opgelegd', 'other moments still count');
});

t.test('small helpers', async (t) => {
  t.ok(isLoopbackHost('localhost') && isLoopbackHost('127.0.0.1') && isLoopbackHost('[::1]') && isLoopbackHost('::1'));
  t.notOk(isLoopbackHost('api.gemeente.example') || isLoopbackHost('127.example'));
  t.equal(maskUrl('https://x.example/v1/a?peildatum=1&access_token=geheim'), 'https://x.example/v1/a?peildatum=1&access_token=***');
  t.ok(frameProtected({ 'x-frame-options': 'deny' }));
  t.ok(frameProtected({ 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" }));
  t.notOk(frameProtected({ 'content-security-policy': "frame-ancestors 'self'" }));
  t.equal(escapeXml(`<a href="x">&'\u0001`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
});

function report(checks: CheckResult[]): ConformanceReport {
  return {
    tool: 'blauwe-knop-conformance',
    baseUrl: 'https://api.example/v1',
    contractVersion: '1.0.0',
    startedAt: NOW.toISOString(),
    durationMs: 1234,
    tokenGiven: true,
    checks,
    summary: summarise(checks),
  };
}

const result = (id: string, status: CheckResult['status'], severity: CheckResult['severity'], message: string, details: string[] = []): CheckResult => {
  const definition = CHECKS.find((c) => c.id === id)!;
  return { ...definition, severity, status, message, details };
};

t.test('reporters', async (t) => {
  const nasty = 'body <b>"vet"</b> & \'quote\' \u0007 ]]>';
  const r = report([
    result('contract-public', 'pass', 'error', 'ok'),
    result('contract-version', 'fail', 'error', `info.version is ${nasty}`, [nasty, 'tweede']),
    result('strict-transport-security', 'fail', 'warn', 'Strict-Transport-Security ontbreekt'),
    result('invalid-input', 'skip', 'error', 'geen financiële verplichtingen'),
  ]);
  t.same(r.summary, { total: 4, passed: 1, failed: 1, warnings: 1, skipped: 1 });
  t.equal(exitCodeOf(r), 1);
  t.equal(exitCodeOf(report([result('strict-transport-security', 'fail', 'warn', 'x')])), 0, 'a warning alone does not fail the run');

  const text = renderText(r);
  t.match(text, /^ {2}✓ contract-public: ok$/m);
  t.match(text, /^ {2}✗ contract-version: info\.version is/m);
  t.match(text, /^ {2}⚠ strict-transport-security: .*\(waarschuwing\)$/m);
  t.match(text, /^ {2}- invalid-input: .*\(overgeslagen\)$/m);
  t.match(text, /regel: \/core\/doc-openapi; ernst: error/);
  t.match(text, /\n1 passed, 1 failed, 1 warnings, 1 skipped\n$/, 'the summary line comes last, on its own');

  const parsed = JSON.parse(renderJson(r)) as ConformanceReport;
  t.same(parsed.checks[1], r.checks[1], 'JSON carries every field of a check');

  const xml = renderJunit(r);
  t.same(xmlProblems(xml), [], 'JUnit is well-formed even with markup, quotes and control characters in messages');
  t.notOk(xml.includes('\u0007'), 'characters XML cannot carry are dropped');
  t.equal(attributeOf(xml, 'testsuite', 'tests'), '4');
  t.equal(attributeOf(xml, 'testsuite', 'failures'), '2');
  t.equal(attributeOf(xml, 'testsuite', 'skipped'), '1');
  t.match(xml, /<failure message="info\.version is body &lt;b&gt;&quot;vet&quot;&lt;\/b&gt; &amp; &apos;quote&apos;  \]\]&gt;" type="error">/);
  t.match(xml, /<failure [^>]*type="warn">/);
  t.match(xml, /<skipped message="geen financiële verplichtingen"\/>/);
});

t.test('the catalogue', async (t) => {
  const ids = CHECKS.map((c) => c.id);
  t.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const check of CHECKS) t.match(check.id, /^[a-z]+(?:-[a-z]+)*$/, `${check.id} is kebab-case`);
});

t.test('docs/conformance.md lists every check with its rule and severity', async (t) => {
  const { readFileSync } = await import('node:fs');
  const docs = readFileSync(new URL('../../docs/conformance.md', import.meta.url), 'utf8');
  for (const check of CHECKS) {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${check.id}\` |`));
    if (!t.ok(row, `${check.id} has a row`)) continue;
    const [, , rule, severity] = row!.split('|').map((cell) => cell.trim());
    t.equal(rule!.replace(/`/g, ''), check.rule, `${check.id}: rule`);
    t.match(severity, new RegExp(`^${check.severity}\\b`), `${check.id}: severity`);
  }
});
