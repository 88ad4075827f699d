import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Contract } from '../contract/contract.js';

/**
 * Interactive documentation of the role's own contract at `<basePath>/docs` (Swagger UI),
 * for app builders and implementers. The contract is served as it is (static mode), so its
 * descriptions and examples show; only `servers` points at this instance, so "Try it out"
 * talks to the service the reader is looking at.
 */
export const API_DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function registerApiDocs(app: FastifyInstance, contract: Contract, basePath: string): void {
  app.register(async (docs) => {
    await docs.register(swagger, {
      mode: 'static',
      specification: { document: { ...contract.document, servers: [{ url: basePath, description: 'Deze instantie' }] } as never },
    });
    await docs.register(swaggerUi, {
      routePrefix: `${basePath}/docs`,
      // Swagger UI's React components set style attributes, hence 'unsafe-inline' for styles
      // only on these pages; scripts come from this origin alone.
      staticCSP: API_DOCS_CSP,
      uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 0, tryItOutEnabled: false },
    });
  });
}
