import type { OperationHandlers } from '../../../contract/routes.js';
import { ProblemError } from '../../../http/problem.js';
import type { OrganisatieContext } from '../context.js';
import { dpopChallenge } from '../../../protocol/dpop.js';
import { requireDpopProof } from '../../../auth/dpop-request.js';
import { SessieError } from './sessie-dienst.js';

/** Blauwe Knop Centraal sessions at the organisation (docs/centraal.md §3). */
export function sessieHandlers(ctx: OrganisatieContext): OperationHandlers {
  return {
    aanmakenSessie: async (request, reply) => {
      if (!ctx.sessies) throw new ProblemError(503, 'Sessies zijn bij deze organisatie niet ingericht.');
      const proof = await requireDpopProof(ctx, request);
      const { app_credential } = request.body as { app_credential: string };
      try {
        const { token, expiresAt } = await ctx.sessies.maakSessie(app_credential, proof);
        return reply.code(201).send({ sessie_token: token, token_type: 'DPoP', verloopt_op: expiresAt.toISOString() });
      } catch (error) {
        if (!(error instanceof SessieError)) throw error;
        const headers = error.status === 401 ? { 'www-authenticate': dpopChallenge('invalid_token') } : undefined;
        throw new ProblemError(error.status, error.message, headers ? { headers } : {});
      }
    },
  };
}
