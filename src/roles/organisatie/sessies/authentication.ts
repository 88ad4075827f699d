import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { JWK } from 'jose';
import { ProblemError } from '../../../http/problem.js';
import type { OrganisatieContext } from '../context.js';
import { dpopChallenge } from '../../../protocol/dpop.js';
import { withDpopProof } from '../../../auth/dpop-request.js';

/** A document request in a Centraal session: who, and the app key to encrypt to. */
export interface AppSession {
  jkt: string;
  appKey: JWK;
  registratieId: string;
  appBeheerder: string;
}

/**
 * Secured document operations accept either a citizen's bearer token (Basis) or a session
 * token (`Authorization: DPoP <token>`) with a fresh DPoP proof bound to the same app key.
 */
export function sessionOrCitizenHook(citizenHook: onRequestAsyncHookHandler, ctx: OrganisatieContext): onRequestAsyncHookHandler {
  return async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const authorization = request.headers.authorization;
    if (!authorization || !/^DPoP /i.test(authorization)) return citizenHook.call(this, request, reply);
    const refuse = (message: string, error = 'invalid_token') =>
      new ProblemError(401, message, { headers: { 'www-authenticate': dpopChallenge(error) }, reden: error === 'invalid_token' ? 'sessietoken' : 'sessie-dpop' });
    if (!ctx.sessies) throw refuse('Deze organisatie biedt geen sessies aan.');
    const token = authorization.slice(5).trim();
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw refuse('De Authorization-header moet de vorm "DPoP <sessietoken>" hebben.');
    const sessies = ctx.sessies;
    const claims = await sessies.verify(token);
    const proof = await withDpopProof(ctx, request, token, async (verified) => {
      if (verified.jkt !== claims.jkt) throw refuse('Dit sessietoken hoort bij een andere app-sleutel.', 'invalid_dpop_proof');
      // Only for a proven request (a stranger cannot make us ask the app manager), before the proof is stored.
      await sessies.checkOpen(claims);
      return verified;
    });
    request.citizen = { bsn: claims.bsn };
    request.session = { jkt: claims.jkt, appKey: proof.jwk, registratieId: claims.registratieId, appBeheerder: claims.appBeheerder };
  };
}
