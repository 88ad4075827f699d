import type { RoleContext } from '../roles/context.js';
import type { OperationHandlers } from './routes.js';

/** The contract itself, public: the JSON and YAML text exactly as loaded at start-up. */
export function contractHandlers(ctx: Pick<RoleContext, 'contract'>): OperationHandlers {
  return {
    ophalenContractJson: async (_request, reply) => reply.type('application/json; charset=utf-8').send(ctx.contract.json),
    ophalenContractYaml: async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(ctx.contract.yaml),
  };
}
