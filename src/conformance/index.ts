/** The runtime conformance checker of De Blauwe Knop: run it against an implementation, render the report. */
export { BaseUrlUnreachableError, CHECKS, normaliseBaseUrl, runConformance, type ConformanceOptions } from './runner.js';
export { renderJson } from './reporters/json.js';
export { renderJunit } from './reporters/junit.js';
export { renderText } from './reporters/text.js';
export { exitCodeOf, GROUPS, type CheckDefinition, type CheckResult, type CheckStatus, type ConformanceReport, type ConformanceSummary, type GroupId, type Severity } from './types.js';
export type { TokenMinter } from './tokens.js';
