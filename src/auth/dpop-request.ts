import type { FastifyRequest } from 'fastify';
import { jtiStore } from '../data/dpop-jtis.js';
import type { RoleContext } from '../roles/context.js';
import { recordDpopProof, verifyDpopProof, type VerifiedDpopProof } from '../protocol/dpop.js';

/** The URL the client addressed, as the DPoP `htu` must name it: the public base URL plus the path. */
export function publicUrlOf(ctx: Pick<RoleContext, 'config' | 'basePath'>, request: FastifyRequest): string {
  const path = request.url.split('?')[0]!;
  return `${ctx.config.publicBaseUrl}${path.slice(ctx.basePath.length)}`;
}

/**
 * Verifies the request's `DPoP` header for this method and URL, then lets `authorise` check
 * the credential the proof accompanies, and only then records the proof's `jti`: a request
 * refused for any reason leaves nothing in the database. A refusal (DpopError) is a
 * problem+json 401 (src/http/error-status.ts).
 */
export async function withDpopProof<T>(
  ctx: Pick<RoleContext, 'config' | 'basePath' | 'db' | 'now'>,
  request: FastifyRequest,
  accessToken: string | undefined,
  authorise: (proof: VerifiedDpopProof) => Promise<T>,
): Promise<T> {
  const header = request.headers.dpop;
  const proof = await verifyDpopProof(typeof header === 'string' ? header : undefined, {
    method: request.method,
    url: publicUrlOf(ctx, request),
    ...(accessToken !== undefined ? { accessToken } : {}),
    now: ctx.now(),
  });
  const result = await authorise(proof);
  await recordDpopProof(proof, jtiStore(ctx.db), ctx.now());
  return result;
}
