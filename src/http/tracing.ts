import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * W3C Trace Context: a valid incoming `traceparent` is continued (its trace id is logged on
 * every line of this request and passed on in the response), otherwise a new trace starts.
 */
export function registerTracing(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const match = TRACEPARENT.exec(String(request.headers.traceparent ?? ''));
    const valid = match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!);
    const traceId = valid ? match[1]! : randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    request.log = request.log.child({ trace_id: traceId, span_id: spanId, ...(valid ? { parent_span_id: match[2] } : {}) });
    reply.header('traceparent', `00-${traceId}-${spanId}-${valid ? match[3] : '01'}`);
  });
}
