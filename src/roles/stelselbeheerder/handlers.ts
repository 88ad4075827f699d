import type { OperationHandlers } from '../../contract/routes.js';
import type { RoleContext } from '../context.js';
import { actueelStelseldocument } from './publicatie.js';

/** The scheme operator: the signed scheme document and the operator's public keys. */
export function stelselHandlers(ctx: RoleContext): OperationHandlers {
  return {
    ophalenStelseldocument: async (_request, reply) => {
      const publicatie = await actueelStelseldocument({ db: ctx.db, config: ctx.config, key: () => ctx.keyring.active, now: ctx.now, signed: () => ctx.keyring.signed('stelseldocument') });
      return reply.type('application/jose').send(publicatie.jws);
    },
    ophalenSleutels: async () => ctx.keyring.published(),
  };
}
