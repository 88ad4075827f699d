import type { FastifyInstance } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS } from './error-handler.js';
import { problemOf, sendProblem } from './problem.js';

/**
 * Graceful shutdown: once close() begins, requests in flight finish, a request that still
 * arrives (on a kept-alive connection) gets a 503 problem with Retry-After and
 * `Connection: close`, and readiness fails so the load balancer stops sending. Fastify's own
 * return503OnClosing answers plain JSON without our headers, hence this instead.
 */
const draining = new WeakSet<FastifyInstance>();

export function isDraining(app: FastifyInstance): boolean {
  return draining.has(app);
}

export function registerDraining(app: FastifyInstance): void {
  app.addHook('preClose', async () => {
    draining.add(app);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!draining.has(app) || request.url.startsWith('/health/')) return;
    return sendProblem(reply, problemOf(503, 'Deze instantie sluit af. Probeer het opnieuw.'), {
      'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
      connection: 'close',
    });
  });
}
