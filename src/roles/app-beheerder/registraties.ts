import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { issueAppCredential } from '../../protocol/app-credential.js';
import type { OperationHandlers } from '../../contract/routes.js';
import { findAppRegistratie, insertAppRegistratie, revokeAppRegistratie } from '../../data/app-registraties.js';
import { ProblemError } from '../../http/problem.js';
import { usableSigningKey } from '../../http/signing-key.js';
import type { RoleContext } from '../context.js';
import { dpopChallenge } from '../../protocol/dpop.js';
import { publicJwk } from '../../protocol/jwk.js';
import { withDpopProof } from '../../auth/dpop-request.js';

function citizenOf(request: FastifyRequest): string {
  if (!request.citizen) throw new Error('App manager handler reached without an authenticated citizen');
  return request.citizen.bsn;
}

/**
 * The app manager (docs/centraal.md §2): registering an app instance's key after the
 * citizen logged in, short-lived app credentials bound to that key, renewal, revocation and
 * the public registration status.
 */
export function appBeheerHandlers(ctx: RoleContext): OperationHandlers {
  const { appBeheerder } = ctx.config;
  const credential = async (sub: string, bsn: string, jkt: string) => {
    const issued = await issueAppCredential(await usableSigningKey(ctx.keyring), { iss: appBeheerder.id, sub, bsn, jkt }, ctx.now(), appBeheerder.credentialGeldigheidSeconden);
    ctx.keyring.signed('app-credential');
    return issued;
  };

  const ownRegistration = async (request: FastifyRequest) => {
    const { registratie_id: id } = request.params as { registratie_id: string };
    const registratie = await findAppRegistratie(ctx.db, id);
    if (!registratie) throw new ProblemError(404, 'Deze registratie bestaat niet.');
    if (registratie.bsn !== citizenOf(request)) throw new ProblemError(403, 'Deze registratie hoort bij een andere inwoner.');
    return registratie;
  };

  return {
    ophalenSleutels: async () => ctx.keyring.published(),

    registrerenApp: async (request, reply) => {
      const bsn = citizenOf(request);
      const { publieke_sleutel } = request.body as { publieke_sleutel: JWK };
      const appKey = publicJwk(publieke_sleutel);
      const jkt = await calculateJwkThumbprint(appKey);
      await withDpopProof(ctx, request, undefined, async (proof) => {
        if (jkt !== proof.jkt) {
          throw new ProblemError(401, 'Het DPoP-bewijs is niet gemaakt met publieke_sleutel.', { headers: { 'www-authenticate': dpopChallenge('invalid_dpop_proof') } });
        }
        // Per app key (its thumbprint, proven by the proof), before anything is stored.
        await request.server.rateLimits.check('app', proof.jkt);
      });
      const id = randomUUID();
      await insertAppRegistratie(ctx.db, { id, bsn, jkt, publicJwk: JSON.stringify(appKey), createdAt: ctx.now() });
      const { token, expiresAt } = await credential(id, bsn, jkt);
      return reply.code(201).send({ registratie_id: id, app_credential: token, verloopt_op: expiresAt.toISOString() });
    },

    vernieuwenAppCredential: async (request) => {
      const registratie = await ownRegistration(request);
      await withDpopProof(ctx, request, undefined, async (proof) => {
        if (proof.jkt !== registratie.jkt) {
          throw new ProblemError(401, 'Het DPoP-bewijs is niet gemaakt met de geregistreerde app-sleutel.', { headers: { 'www-authenticate': dpopChallenge('invalid_dpop_proof') } });
        }
        if (registratie.status !== 'actief') throw new ProblemError(403, 'Deze registratie is ingetrokken.');
        await request.server.rateLimits.check('app', proof.jkt);
      });
      const { token, expiresAt } = await credential(registratie.id, registratie.bsn, registratie.jkt);
      return { registratie_id: registratie.id, app_credential: token, verloopt_op: expiresAt.toISOString() };
    },

    intrekkenAppRegistratie: async (request, reply) => {
      const registratie = await ownRegistration(request);
      await revokeAppRegistratie(ctx.db, registratie.id, ctx.now());
      return reply.code(204).send();
    },

    ophalenRegistratiestatus: async (request) => {
      const { registratie_id: id } = request.params as { registratie_id: string };
      const registratie = await findAppRegistratie(ctx.db, id);
      if (!registratie) throw new ProblemError(404, 'Deze registratie bestaat niet.');
      return { status: registratie.status };
    },
  };
}
