import type { FastifyInstance } from 'fastify';
import { issueDevelopmentToken } from '../../auth/development-identity-provider.js';
import { contractFrom, type Contract, type OpenApiDocument } from '../../contract/contract.js';
import { registerContractRoutes } from '../../contract/routes.js';
import { isValidBsn } from '../../protocol/bsn.js';
import { validationProblem } from '../../http/error-handler.js';
import ontwikkelLogin from '../../generated/contracts/ontwikkel-login.js';
import { ProblemError } from '../../http/problem.js';
import type { RoleContext } from '../context.js';

/**
 * The development login's contract (openapi/ontwikkeling/ontwikkel-login.yaml). Not a
 * national contract: never served or shipped (only this role module imports it); it gives
 * the development-only route its schemas and lets tests check its answers.
 */
export function loadDevelopmentContract(): Contract {
  return contractFrom(ontwikkelLogin as OpenApiDocument);
}

/**
 * Development only: the app manager's development login (`POST /v1/_ontwikkel-login`) gives
 * a token of the development identity provider for a demo citizen. It is not part of the
 * national app manager contract (implementers must not get it), so it is registered beside
 * it, from its own contract (openapi/ontwikkeling/ontwikkel-login.yaml) for the schemas, and
 * only when the development identity provider is on. In production it does not exist: 404.
 */
export function registerDevelopmentLogin(app: FastifyInstance, ctx: RoleContext): void {
  if (!ctx.config.auth.developmentProvider) return;
  registerContractRoutes(app, loadDevelopmentContract(), ctx.basePath, {
    ontwikkelLogin: async (request) => {
      const { bsn } = request.body as { bsn: string };
      if (!isValidBsn(bsn)) {
        const problem = validationProblem([{ in: 'body', location: 'bsn', code: 'elfproef', detail: 'bsn voldoet niet aan de elfproef.' }]);
        throw new ProblemError(400, problem.detail, { errors: problem.errors! });
      }
      const access_token = await issueDevelopmentToken({ dataDir: ctx.config.dataDir, bsn, audience: ctx.config.auth.audience, bsnClaim: ctx.config.auth.bsnClaim });
      return { access_token, token_type: 'Bearer' };
    },
  });
}
