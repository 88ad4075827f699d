/**
 * The vocabulary of the conformance checker: a check is defined once (stable id, the rule it
 * comes from, its severity) and yields one result per run.
 */

export type Severity = 'error' | 'warn';
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The groups the report is organised by, in report order. */
export const GROUPS = {
  contract: 'Contract',
  ontdekking: 'Ontdekking en sleutels',
  documenten: 'Gewaarmerkte documenten',
  authenticatie: 'Authenticatie',
  fouten: 'Foutafhandeling',
  headers: 'Headers op elke response',
} as const;

export type GroupId = keyof typeof GROUPS;

export interface CheckDefinition {
  /** Stable id, used in reports and CI; never reused for another rule. */
  id: string;
  group: GroupId;
  /** What is checked, in one Dutch sentence. */
  title: string;
  /** Where the rule comes from: an ADR rule id (`/core/version-header`), a `bk:` rule or a named specification. */
  rule: string;
  /** `error` fails the run (exit code 1); `warn` is reported but does not fail it. */
  severity: Severity;
}

export interface CheckResult {
  id: string;
  group: GroupId;
  title: string;
  rule: string;
  /** Usually the definition's severity; a check may lower it for local development (see docs). */
  severity: Severity;
  status: CheckStatus;
  /** One line for people: what passed, what failed first, or why the check was skipped. */
  message: string;
  /** Every finding (and notes), one line each. */
  details: string[];
}

export interface ConformanceSummary {
  total: number;
  passed: number;
  /** Failed checks of severity `error`: each one fails the run. */
  failed: number;
  /** Failed checks of severity `warn`. */
  warnings: number;
  skipped: number;
}

export interface ConformanceReport {
  tool: 'blauwe-knop-conformance';
  baseUrl: string;
  /** The version of the reference contract the implementation was checked against. */
  contractVersion: string;
  startedAt: string;
  durationMs: number;
  /** Whether a citizen's token was given (its value never appears in a report). */
  tokenGiven: boolean;
  checks: CheckResult[];
  summary: ConformanceSummary;
}

/** 0: no error-level check failed; 1: at least one did. (2, usage errors, is the CLI's.) */
export function exitCodeOf(report: ConformanceReport): 0 | 1 {
  return report.summary.failed > 0 ? 1 : 0;
}

export function summarise(checks: readonly CheckResult[]): ConformanceSummary {
  const summary: ConformanceSummary = { total: checks.length, passed: 0, failed: 0, warnings: 0, skipped: 0 };
  for (const check of checks) {
    if (check.status === 'pass') summary.passed++;
    else if (check.status === 'skip') summary.skipped++;
    else if (check.severity === 'error') summary.failed++;
    else summary.warnings++;
  }
  return summary;
}
