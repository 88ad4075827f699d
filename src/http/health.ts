import type { FastifyInstance } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS } from './error-handler.js';
import { problemOf, sendProblem } from './problem.js';

/**
 * Health for the platform, outside the contract's /v1 (it is not part of the API clients
 * use): `/health/live` says the process works (restart it when this fails), `/health/ready`
 * whether it can serve now: database reachable, a signing key usable, not shutting down
 * (route traffic elsewhere while this fails). Every probe is bounded, so a stalled database
 * makes readiness fail rather than hang.
 */
export type ReadinessCheck = () => Promise<void>;

const PROBE_TIMEOUT_MS = 2_000;

function bounded(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  return Promise.race([check().then(() => true, () => false), timeout]).finally(() => clearTimeout(timer));
}

export interface HealthOptions {
  checks: Record<string, ReadinessCheck>;
  /** True once shutdown has begun: the instance finishes what it has, and takes nothing new. */
  draining: () => boolean;
}

export function registerHealth(app: FastifyInstance, options: HealthOptions): void {
  app.get('/health/live', async (_request, reply) => reply.type('application/health+json').send(JSON.stringify({ status: 'pass' })));
  app.get('/health/ready', async (_request, reply) => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => bounded(options.checks[name]!)));
    const checks: Record<string, 'pass' | 'fail'> = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'pass' : 'fail']));
    if (options.draining()) checks.afsluiten = 'fail';
    const pass = Object.values(checks).every((result) => result === 'pass');
    if (!pass) {
      const failing = Object.keys(checks).filter((name) => checks[name] === 'fail');
      return sendProblem(reply, problemOf(503, `Niet gereed: ${failing.join(', ')}.`), { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
    }
    return reply.type('application/health+json').send(JSON.stringify({ status: 'pass', checks }));
  });
}
