import type { onSendAsyncHookHandler } from 'fastify';
import type { ServiceContext } from '../service-context.js';
import { contentDigest } from './content-digest.js';
import { signDocument } from './sign-document.js';

/**
 * Signs a certified document after Fastify has serialised it by the contract's schema, so
 * the signature covers exactly the bytes the client receives. With `Accept:
 * application/jose` the body becomes the compact JWS of those same bytes.
 */
export function certifiedResponseHook(ctx: ServiceContext): onSendAsyncHookHandler<unknown> {
  return async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const signature = await signDocument(Buffer.from(payload, 'utf8'), ctx.keyring.active, ctx.organisation.oin, ctx.now());
    reply.header('payload-signature', signature.payloadSignature);
    if (request.representation === 'application/jose') {
      reply.type('application/jose');
      reply.header('content-digest', contentDigest(Buffer.from(signature.compactJws, 'utf8')));
      return signature.compactJws;
    }
    reply.header('content-digest', signature.contentDigest);
    return payload;
  };
}
