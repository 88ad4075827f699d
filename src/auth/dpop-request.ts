import type { FastifyRequest } from 'fastify';
import { jtiStore } from '../data/dpop-jtis.js';
import { ProblemError } from '../http/problem.js';
import type { RoleContext } from '../roles/context.js';
import { dpopChallenge, DpopError, verifyDpopProof, type VerifiedDpopProof } from '../protocol/dpop.js';

/** The URL the client addressed, as the DPoP `htu` must name it: the public base URL plus the path. */
export function publicUrlOf(ctx: Pick<RoleContext, 'config' | 'basePath'>, request: FastifyRequest): string {
  const path = request.url.split('?')[0]!;
  return `${ctx.config.publicBaseUrl}${path.slice(ctx.basePath.length)}`;
}

/** Verifies the request's `DPoP` header for this method and URL; a refusal is a problem+json 401. */
export async function requireDpopProof(
  ctx: Pick<RoleContext, 'config' | 'basePath' | 'db' | 'now'>,
  request: FastifyRequest,
  accessToken?: string,
): Promise<VerifiedDpopProof> {
  const header = request.headers.dpop;
  try {
    return await verifyDpopProof(typeof header === 'string' ? header : undefined, {
      method: request.method,
      url: publicUrlOf(ctx, request),
      ...(accessToken !== undefined ? { accessToken } : {}),
      now: ctx.now(),
      replay: jtiStore(ctx.db),
    });
  } catch (error) {
    if (!(error instanceof DpopError)) throw error;
    throw new ProblemError(401, error.message, { headers: { 'www-authenticate': dpopChallenge('invalid_dpop_proof') } });
  }
}
