import { GROUPS, type CheckResult, type ConformanceReport, type GroupId } from '../types.js';

const MAX_DETAILS = 12;

function symbol(check: CheckResult): string {
  if (check.status === 'pass') return '✓';
  if (check.status === 'skip') return '-';
  return check.severity === 'error' ? '✗' : '⚠';
}

/**
 * The report for people: per group one line per check (✓ passed, ✗ failed, ⚠ warning,
 * - skipped), with the findings under a failed check, and a summary line of its own at the
 * end (`N passed, N failed, N warnings, N skipped`) that CI logs can be searched for.
 */
export function renderText(report: ConformanceReport): string {
  const lines: string[] = [];
  lines.push(`Blauwe Knop-conformantie van ${report.baseUrl}`);
  lines.push(`Referentiecontract ${report.contractVersion}; ${report.tokenGiven ? 'met' : 'zonder'} token van een inwoner; ${report.startedAt}`);
  for (const group of Object.keys(GROUPS) as GroupId[]) {
    const checks = report.checks.filter((c) => c.group === group);
    if (checks.length === 0) continue;
    lines.push('', GROUPS[group]);
    for (const check of checks) {
      const suffix = check.status === 'skip' ? ' (overgeslagen)' : check.status === 'fail' && check.severity === 'warn' ? ' (waarschuwing)' : '';
      lines.push(`  ${symbol(check)} ${check.id}: ${check.message}${suffix}`);
      if (check.status !== 'fail') continue;
      lines.push(`      regel: ${check.rule}; ernst: ${check.severity}`);
      // The message repeats the first finding; the rest follow it.
      const details = check.details[0] !== undefined && check.message.startsWith(check.details[0]) ? check.details.slice(1) : check.details;
      for (const detail of details.slice(0, MAX_DETAILS)) lines.push(`      - ${detail}`);
      if (details.length > MAX_DETAILS) lines.push(`      … en nog ${details.length - MAX_DETAILS} regels (zie --format json)`);
    }
  }
  const { passed, failed, warnings, skipped } = report.summary;
  lines.push('');
  if (failed > 0) lines.push(`Resultaat: voldoet NIET: ${failed} ${failed === 1 ? 'controle' : 'controles'} op foutniveau mislukt.`);
  else if (warnings > 0) lines.push(`Resultaat: voldoet, met ${warnings} ${warnings === 1 ? 'waarschuwing' : 'waarschuwingen'}.`);
  else lines.push('Resultaat: voldoet.');
  if (!report.tokenGiven) lines.push('Let op: zonder token (--token of --token-command) zijn de documenten niet getoetst.');
  lines.push(`${passed} passed, ${failed} failed, ${warnings} warnings, ${skipped} skipped`);
  return `${lines.join('\n')}\n`;
}
