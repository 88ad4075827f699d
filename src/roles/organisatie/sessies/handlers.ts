import type { OperationHandlers } from '../../../contract/routes.js';
import { ProblemError } from '../../../http/problem.js';
import type { OrganisatieContext } from '../context.js';
import { dpopChallenge } from '../../../protocol/dpop.js';
import { withDpopProof } from '../../../auth/dpop-request.js';
import { SessieError } from './sessie-dienst.js';

/** Blauwe Knop Centraal sessions at the organisation (docs/centraal.md §3). */
export function sessieHandlers(ctx: OrganisatieContext): OperationHandlers {
  return {
    aanmakenSessie: async (request, reply) => {
      if (!ctx.sessies) throw new ProblemError(503, 'Sessies zijn bij deze organisatie niet ingericht.');
      const sessies = ctx.sessies;
      const { app_credential } = request.body as { app_credential: string };
      const { token, expiresAt } = await withDpopProof(ctx, request, undefined, async (proof) => {
        try {
          return await sessies.maakSessie(app_credential, proof);
        } catch (error) {
          if (!(error instanceof SessieError)) throw error;
          const headers = error.status === 401 ? { 'www-authenticate': dpopChallenge('invalid_token') } : undefined;
          throw new ProblemError(error.status, error.message, headers ? { headers } : {});
        }
      });
      return reply.code(201).send({ sessie_token: token, token_type: 'DPoP', verloopt_op: expiresAt.toISOString() });
    },
  };
}
