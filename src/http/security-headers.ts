import type { FastifyInstance } from 'fastify';
import { addVary } from './vary.js';

/**
 * The response headers the API Design Rules require on every response, errors included:
 * the contract version, no caching of personal data, and browser hardening. CORS follows an
 * allowlist; open resources (the contract, discovery, keys) allow every origin.
 */
export interface ResponseHeaderOptions {
  apiVersion: string;
  corsOrigins: readonly string[];
  /** Paths (full URL paths) of open resources that every origin may read. */
  openPaths: ReadonlySet<string>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const EXPOSED_HEADERS = 'API-Version, Payload-Signature, Content-Digest, ETag, WWW-Authenticate';

/**
 * HSTS only where the client reached us over HTTPS (directly, or through a trusted proxy
 * that says so): over plain HTTP browsers ignore it (RFC 6797 §8.1), and sending it there
 * would claim a transport the request did not have.
 */
export const HSTS: Record<string, string> = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

/** The headers every answer carries, whoever produces it (a route, or the framework before any route). */
export function baseResponseHeaders(options: Pick<ResponseHeaderOptions, 'apiVersion'>): Record<string, string> {
  return { 'api-version': options.apiVersion, ...SECURITY_HEADERS };
}

export function registerResponseHeaders(app: FastifyInstance, options: ResponseHeaderOptions): void {
  const allowlist = new Set(options.corsOrigins);
  const base = baseResponseHeaders(options);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(base);
    if (request.protocol === 'https') reply.headers(HSTS);
    const path = request.url.split('?')[0]!;
    const origin = request.headers.origin;
    if (options.openPaths.has(path)) {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    } else if (origin && allowlist.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
      addVary(reply, 'Origin');
    }
    return payload;
  });
}

/**
 * Answers a CORS preflight for an allowed origin with the methods the contract has for that
 * path; other OPTIONS requests fall through to 405.
 */
export function registerCorsPreflight(app: FastifyInstance, options: ResponseHeaderOptions, methodsOf: (path: string) => string[]): void {
  const allowlist = new Set(options.corsOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return;
    const path = request.url.split('?')[0]!;
    const origin = request.headers.origin;
    const methods = methodsOf(path);
    if (methods.length === 0 || !origin) return;
    if (!options.openPaths.has(path) && !allowlist.has(origin)) return;
    reply
      .code(204)
      .header('access-control-allow-methods', methods.join(', '))
      .header('access-control-allow-headers', 'Authorization, Accept, Content-Type, DPoP, If-None-Match, traceparent')
      .header('access-control-max-age', '600');
    if (!options.openPaths.has(path)) addVary(reply, 'Origin');
    return reply.send();
  });
}
