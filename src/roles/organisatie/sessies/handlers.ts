import type { OperationHandlers } from '../../../contract/routes.js';
import { ProblemError } from '../../../http/problem.js';
import type { OrganisatieContext } from '../context.js';
import { withDpopProof } from '../../../auth/dpop-request.js';

/** Blauwe Knop Centraal sessions at the organisation (docs/centraal.md §3). Refusals map to problem+json in src/http/error-status.ts. */
export function sessieHandlers(ctx: OrganisatieContext): OperationHandlers {
  return {
    aanmakenSessie: async (request, reply) => {
      if (!ctx.sessies) throw new ProblemError(503, 'Sessies zijn bij deze organisatie niet ingericht.');
      const sessies = ctx.sessies;
      const { app_credential } = request.body as { app_credential: string };
      const { token, expiresAt } = await withDpopProof(ctx, request, undefined, async (proof) => {
        // Per app key, proven by the proof's signature: only the app itself spends its budget.
        await request.server.rateLimits.check('app', proof.jkt);
        return sessies.create(app_credential, proof);
      });
      return reply.code(201).send({ sessie_token: token, token_type: 'DPoP', verloopt_op: expiresAt.toISOString() });
    },
  };
}
