import type { ConformanceReport } from '../types.js';

/** The report for machines: every check with id, rule, severity, status, message and details. */
export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
