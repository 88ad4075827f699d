import type { onSendAsyncHookHandler } from 'fastify';
import type { OrganisatieContext } from './context.js';
import { encryptForApp } from '../../protocol/jwe.js';
import { contentDigest } from '../../protocol/content-digest.js';
import { signDocument } from '../../protocol/sign-document.js';
import { usableSigningKey } from '../../http/signing-key.js';

/**
 * Signs a certified document after Fastify has serialised it by the contract's schema, so
 * the signature covers exactly the bytes the client receives. With `Accept:
 * application/jose` the body becomes the compact JWS of those same bytes; in a Centraal
 * session, that JWS encrypted to the app's key (a JWE).
 */
export function certifiedResponseHook(ctx: OrganisatieContext): onSendAsyncHookHandler<unknown> {
  return async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const signature = await signDocument(Buffer.from(payload, 'utf8'), await usableSigningKey(ctx.keyring), ctx.organisation.oin, ctx.now());
    if (request.session) {
      // Centraal session: sign first, then encrypt to the app key. No Payload-Signature: the
      // signature travels only inside the ciphertext.
      const jwe = await encryptForApp(signature.compactJws, request.session.appKey, request.session.jkt);
      reply.type('application/jose');
      reply.header('content-digest', contentDigest(Buffer.from(jwe, 'utf8')));
      return jwe;
    }
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
