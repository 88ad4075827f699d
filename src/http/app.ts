import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type onRequestAsyncHookHandler, type RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import './request-context.js';
import type { Config } from '../config.js';
import type { Contract } from '../contract/contract.js';
import { contractOperations, type ContractOperation } from '../contract/operations.js';
import { registerContractRoutes, type OperationHandlers } from '../contract/routes.js';
import { registerApiDocs } from './api-docs.js';
import { negotiateMediaType } from './content-negotiation.js';
import { registerDraining } from './draining.js';
import { registerErrorHandling } from './error-handler.js';
import { registerMetrics, ServiceMetrics } from './metrics.js';
import { registerRateLimits } from './rate-limits.js';
import { ProblemError } from './problem.js';
import { clientErrorHandler, frameworkErrorHandler } from './framework-errors.js';
import { baseResponseHeaders, registerCorsPreflight, registerResponseHeaders } from './security-headers.js';
import { childLoggerWithTrace, registerTracing } from './tracing.js';
import { addVary } from './vary.js';

/** What one role contributes to the common assembly: its contract, handlers and hooks. */
export interface AppAssembly {
  config: Config;
  contract: Contract;
  basePath: string;
  handlers: OperationHandlers;
  /** Runs first on every secured operation (a non-empty security requirement). */
  authenticate: onRequestAsyncHookHandler;
  /** Extra hooks per operation (e.g. signing certified documents), and another authentication where the operation has its own security scheme. */
  perOperation?: (operation: ContractOperation) => {
    onRequest?: onRequestAsyncHookHandler[];
    onSend?: RouteOptions['onSend'];
    authenticate?: onRequestAsyncHookHandler;
  };
}

/** A matcher for a contract path template (`/a/{id}/b`) mounted under the base path. */
function pathMatcher(template: string): RegExp {
  const pattern = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${pattern}$`);
}

/**
 * Assembles a service for any role: cross-cutting HTTP behaviour first (tracing, headers,
 * CORS, errors), then one route per contract operation with its hooks (authentication,
 * content negotiation, the role's own hooks), and the contract's documentation at
 * `<basePath>/docs`. Reading this function tells you how a request is handled.
 */
export function assembleApp(assembly: AppAssembly, logger: Logger): FastifyInstance {
  const { contract, basePath } = assembly;
  const baseHeaders = baseResponseHeaders({ apiVersion: contract.version });
  const { limits } = assembly.config;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    childLoggerFactory: childLoggerWithTrace,
    requestIdHeader: false,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    // Every phase of a request is bounded (issue 11 items 4 and 5): the headers, the whole
    // request including a dripping body, and a connection's idle time. Node checks the first
    // two every connectionsCheckingInterval, so that is a fraction of the shortest bound.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, limits.idleTimeoutMs),
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    // X-Forwarded-For/-Proto count only from the configured proxies (the client IP for rate
    // limits, https for HSTS); without any, the socket decides.
    ...(assembly.config.trustProxy.length > 0 ? { trustProxy: assembly.config.trustProxy } : {}),
    frameworkErrors: frameworkErrorHandler(baseHeaders),
    clientErrorHandler: clientErrorHandler(baseHeaders, (code) => logger.info({ err: { code } }, 'client error')),
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', strict: false } },
  });
  // Beyond this many open connections new ones are refused at once rather than queued.
  app.server.maxConnections = limits.maxConnections;
  app.decorateRequest('citizen', null);
  app.decorateRequest('representation', null);
  app.decorateRequest('session', null);
  app.decorateRequest('afnemer', null);
  // Bodies are JSON only: any other media type is a 415 (ADR), not a string to validate.
  app.removeContentTypeParser('text/plain');

  const operations = contractOperations(contract);
  const routes = new Map<string, { matcher: RegExp; methods: string[] }>();
  for (const op of operations) {
    const path = `${basePath}${op.path}`;
    const route = routes.get(path) ?? { matcher: pathMatcher(path), methods: [] };
    route.methods.push(op.method);
    routes.set(path, route);
  }
  const methodsOf = (path: string): string[] => [...routes.values()].find((r) => r.matcher.test(path))?.methods ?? [];
  const openPaths = new Set(operations.filter((op) => op.openToAllOrigins).map((op) => `${basePath}${op.path}`));
  const headerOptions = { apiVersion: contract.version, corsOrigins: assembly.config.corsOrigins, openPaths };

  registerTracing(app);
  registerResponseHeaders(app, headerOptions);
  registerCorsPreflight(app, headerOptions, methodsOf);
  registerErrorHandling(app, methodsOf);
  registerDraining(app);
  const metrics = new ServiceMetrics();
  registerMetrics(app, metrics, assembly.config.metrics);
  registerRateLimits(app, assembly.config, metrics, logger);

  registerContractRoutes(app, contract, basePath, assembly.handlers, (operation: ContractOperation): Partial<RouteOptions> => {
    const own = assembly.perOperation?.(operation) ?? {};
    const onRequest: onRequestAsyncHookHandler[] = [...(own.onRequest ?? [])];
    // What the answer depends on besides the URL, named first so that every answer says so,
    // a 401, 406 or 304 included: the representation asked for, and whose token asked.
    const varies = [...(operation.produces.length > 0 ? ['Accept'] : []), ...(operation.secured ? ['Authorization'] : [])];
    if (varies.length > 0) onRequest.unshift(async (_request, reply) => addVary(reply, ...varies));
    if (operation.secured) onRequest.push(own.authenticate ?? assembly.authenticate);
    if (operation.produces.length > 0) {
      onRequest.push(async (request) => {
        // In a session the answer is always the JWE (application/jose).
        const available = request.session ? operation.produces.filter((type) => type === 'application/jose') : operation.produces;
        request.representation = negotiateMediaType(request.headers.accept, available) ?? null;
        if (!request.representation) {
          throw new ProblemError(406, `Deze bron levert ${available.join(' of ')}.`);
        }
      });
    }
    return { onRequest, ...(own.onSend ? { onSend: own.onSend } : {}) };
  });
  registerApiDocs(app, contract, basePath);
  return app;
}
