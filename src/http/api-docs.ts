import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Contract } from '../contract/contract.js';
import { API_DOCS_CSS, API_DOCS_JS } from './api-docs-thema.js';

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
      // BaseLayout: no top bar, whose URL box, logo and Explore button fail axe (`label`,
      // `image-alt`, `color-contrast`) and offer nothing here (one contract per role).
      // No deep links: Swagger UI puts them as <a> inside the operation's <button>
      // (`nested-interactive`). The rest is fixed by the theme (api-docs-thema.ts).
      uiConfig: { layout: 'BaseLayout', docExpansion: 'list', deepLinking: false, defaultModelsExpandDepth: 0, tryItOutEnabled: false },
      theme: {
        title: 'API-documentatie',
        css: [{ filename: 'toegankelijk.css', content: API_DOCS_CSS }],
        js: [{ filename: 'toegankelijk.js', content: API_DOCS_JS }],
      },
    });
  });
}
