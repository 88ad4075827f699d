import type { ConformanceReport } from '../types.js';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');

/**
 * JUnit XML for CI (GitLab, GitHub, Jenkins): one testsuite, one testcase per check. A failed
 * check is a `<failure>` whose `type` is its severity (a warning fails the testcase but not the
 * run: the exit code follows the errors only); a skipped check is `<skipped>`.
 */
export function renderJunit(report: ConformanceReport): string {
  const failures = report.checks.filter((c) => c.status === 'fail').length;
  const skipped = report.summary.skipped;
  const time = (report.durationMs / 1000).toFixed(3);
  const counts = { tests: report.checks.length, failures, errors: 0, skipped, time };
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites ${attributes({ name: 'blauwe-knop-conformance', ...counts })}>`);
  lines.push(`  <testsuite ${attributes({ name: `Blauwe Knop-conformantie ${report.baseUrl}`, ...counts, timestamp: report.startedAt })}>`);
  lines.push('    <properties>');
  lines.push(`      <property ${attributes({ name: 'baseUrl', value: report.baseUrl })}/>`);
  lines.push(`      <property ${attributes({ name: 'contractVersion', value: report.contractVersion })}/>`);
  lines.push(`      <property ${attributes({ name: 'tokenGiven', value: String(report.tokenGiven) })}/>`);
  lines.push('    </properties>');
  for (const check of report.checks) {
    const testcase = attributes({ classname: `blauwe-knop-conformance.${check.group}`, name: `${check.id}: ${check.title}`, time: 0 });
    if (check.status === 'pass') {
      lines.push(`    <testcase ${testcase}/>`);
      continue;
    }
    lines.push(`    <testcase ${testcase}>`);
    if (check.status === 'skip') {
      lines.push(`      <skipped ${attributes({ message: check.message })}/>`);
    } else {
      const body = [`regel: ${check.rule}`, `ernst: ${check.severity}`, ...check.details].join('\n');
      lines.push(`      <failure ${attributes({ message: check.message, type: check.severity })}>${escapeXml(body)}</failure>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
