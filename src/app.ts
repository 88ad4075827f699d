import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import './http/request-context.js';
import { authenticationHook } from './auth/authentication-hook.js';
import type { CitizenVerifier } from './auth/citizen-authentication.js';
import { contractOperations, registerContractRoutes, type ContractOperation } from './contract/routes.js';
import { isDocumenttype } from './documents/document-types.js';
import { negotiateMediaType } from './http/content-negotiation.js';
import { registerErrorHandling } from './http/error-handler.js';
import { ProblemError } from './http/problem.js';
import { registerCorsPreflight, registerResponseHeaders } from './http/security-headers.js';
import { childLoggerWithTrace, registerTracing } from './http/tracing.js';
import { contractHandlers } from './routes/contract.js';
import { documentHandlers } from './routes/documenten.js';
import { organisatieHandlers } from './routes/organisatie.js';
import type { ServiceContext } from './service-context.js';
import { certifiedResponseHook } from './signing/certified-response.js';

/**
 * Assembles the service: cross-cutting HTTP behaviour first (tracing, headers, CORS, errors),
 * then one route per contract operation with its hooks (content negotiation,
 * authentication, signing). Reading this function tells you how a request is handled.
 */
export function buildApp(ctx: ServiceContext, verifier: CitizenVerifier, logger: Logger): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    childLoggerFactory: childLoggerWithTrace,
    requestIdHeader: false,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', strict: false } },
  });
  app.decorateRequest('citizen', null);
  app.decorateRequest('representation', null);

  const operations = contractOperations(ctx.contract);
  const methodsByPath = new Map<string, string[]>();
  for (const op of operations) {
    const path = `${ctx.basePath}${op.path}`;
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), op.method]);
  }
  const openPaths = new Set(operations.filter((op) => op.openToAllOrigins).map((op) => `${ctx.basePath}${op.path}`));
  const headerOptions = { apiVersion: ctx.contract.version, corsOrigins: ctx.config.corsOrigins, openPaths };

  registerTracing(app);
  registerResponseHeaders(app, headerOptions);
  registerCorsPreflight(app, headerOptions, (path) => methodsByPath.has(path));
  registerErrorHandling(app, (path) => methodsByPath.get(path) ?? []);

  const authenticate = authenticationHook(verifier);
  const signCertified = certifiedResponseHook(ctx);
  registerContractRoutes(
    app,
    ctx.contract,
    ctx.basePath,
    { ...contractHandlers(ctx), ...organisatieHandlers(ctx), ...documentHandlers(ctx) },
    (operation: ContractOperation): Partial<RouteOptions> => {
      const onRequest: NonNullable<RouteOptions['onRequest']> = [];
      if (operation.certified && !(isDocumenttype(operation.documenttype) && ctx.organisation.documenttypen.includes(operation.documenttype))) {
        // A document this organisation does not hold: 404 before anything else, as if the route were absent.
        onRequest.push(async () => {
          throw new ProblemError(404, `${ctx.organisation.naam} levert het document ${operation.documenttype} niet.`);
        });
      }
      if (operation.secured) onRequest.push(authenticate);
      onRequest.push(async (request) => {
        request.representation = negotiateMediaType(request.headers.accept, operation.produces) ?? null;
        if (!request.representation) {
          throw new ProblemError(406, `Deze bron levert ${operation.produces.join(' of ')}.`);
        }
      });
      return { onRequest, ...(operation.certified ? { onSend: signCertified } : {}) };
    },
  );
  return app;
}
