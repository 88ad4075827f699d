import type { FastifyRequest } from 'fastify';
import { jtiStore, rememberTogether } from '../data/dpop-jtis.js';
import type { RoleContext } from '../roles/context.js';
import { recordDpopProof, verifyDpopProof, type ReplayStore, type VerifiedDpopProof } from '../protocol/dpop.js';

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
 *
 * `spend` records the credential's own single-use keys (a client assertion's `jti`) in the
 * same transaction as the proof's: if either was seen before, neither is recorded.
 */
export async function withDpopProof<T>(
  ctx: Pick<RoleContext, 'config' | 'basePath' | 'db' | 'now'>,
  request: FastifyRequest,
  accessToken: string | undefined,
  authorise: (proof: VerifiedDpopProof) => Promise<T>,
  spend?: (result: T, replay: ReplayStore) => Promise<void>,
): Promise<T> {
  const header = request.headers.dpop;
  const proof = await verifyDpopProof(typeof header === 'string' ? header : undefined, {
    method: request.method,
    url: publicUrlOf(ctx, request),
    ...(accessToken !== undefined ? { accessToken } : {}),
    now: ctx.now(),
  });
  const result = await authorise(proof);
  if (spend) {
    await rememberTogether(ctx.db, async (store) => {
      await spend(result, store);
      await recordDpopProof(proof, store, ctx.now());
    });
  } else {
    await recordDpopProof(proof, jtiStore(ctx.db), ctx.now());
  }
  return result;
}
