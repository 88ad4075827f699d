import type { onSendAsyncHookHandler } from 'fastify';
import type { OrganisatieContext } from './context.js';
import { encryptForApp } from '../../protocol/jwe.js';
import { contentDigest } from '../../protocol/content-digest.js';
import { compactJwsOf, signDocument, type DocumentSignature } from '../../protocol/sign-document.js';
import { usableSigningKey } from '../../http/signing-key.js';
import type { CertifiedDocument } from '../../weergave/document-weergave.js';

/**
 * Signs a certified document after Fastify has serialised it by the contract's schema, so
 * the signature covers exactly the bytes the client receives. With `Accept:
 * application/jose` the body becomes the compact JWS of those same bytes; with `Accept:
 * application/pdf` a PDF that shows the document in Dutch and carries that JWS as an
 * attachment; in a Centraal session, the JWS encrypted to the app's key (a JWE).
 */
export function certifiedResponseHook(ctx: OrganisatieContext): onSendAsyncHookHandler<unknown> {
  return async (request, reply, payload) => {
    if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
    // A document made before for the same data version keeps its signature, as long as the
    // key that made it is still the one to sign with (a revoked key's signatures are never
    // served again); otherwise it is signed anew and kept (see document-cache.ts).
    const key = await usableSigningKey(ctx.keyring);
    const slot = request.certifiedSlot;
    let body: Buffer;
    let signature: Pick<DocumentSignature, 'payloadSignature' | 'contentDigest'>;
    if (slot?.hit && slot.hit.body === payload && slot.hit.kid === key.kid) {
      ({ body, signature } = slot.hit);
    } else {
      // The bytes signed are the bytes sent: one encoding of the serialised document.
      body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
      const signedAt = ctx.now();
      signature = await signDocument(body, key, ctx.organisation.oin, signedAt);
      ctx.keyring.signed('document');
      slot?.cache.set(slot.key, {
        versie: slot.versie,
        body,
        signature: { payloadSignature: signature.payloadSignature, contentDigest: signature.contentDigest },
        kid: key.kid,
        madeAtMs: signedAt.getTime(),
        ...(slot.mark === undefined ? {} : { checkedAtMark: slot.mark }),
      });
    }
    if (request.session) {
      // Centraal session: sign first, then encrypt to the app key. No Payload-Signature: the
      // signature travels only inside the ciphertext.
      const jwe = await encryptForApp(compactJwsOf(body, signature.payloadSignature), request.session.appKey, request.session.jkt);
      reply.type('application/jose');
      reply.header('content-digest', await contentDigest(Buffer.from(jwe, 'utf8')));
      return jwe;
    }
    reply.header('payload-signature', signature.payloadSignature);
    if (request.representation === 'application/jose') {
      const compactJws = compactJwsOf(body, signature.payloadSignature);
      reply.type('application/jose');
      reply.header('content-digest', await contentDigest(Buffer.from(compactJws, 'utf8')));
      return compactJws;
    }
    if (request.representation === 'application/pdf') {
      // Loaded on the first PDF: pdf-lib and the signing libraries cost a second at start-up.
      const { certifiedPdf } = await import('../../weergave/pdf.js');
      const document = JSON.parse(body.toString('utf8')) as CertifiedDocument;
      const pdf = Buffer.from(await certifiedPdf(document, compactJwsOf(body, signature.payloadSignature), await ctx.pdfCertificaat?.()));
      reply.type('application/pdf');
      reply.header('content-digest', await contentDigest(pdf));
      return pdf;
    }
    reply.header('content-digest', signature.contentDigest);
    return body;
  };
}
