import { DOCUMENT_SIGNATURE_TYPE } from './constants.js';
import { contentDigest } from './content-digest.js';
import { toBase64url, utf8 } from './encoding.js';
import type { Signer } from './jwk.js';
import { jwsSignature } from './jws-signature.js';

export interface DocumentSignature {
  /** Detached JWS (RFC 7515 appendix F) for the `Payload-Signature` header. */
  payloadSignature: string;
  /** The same JWS with the body as payload: the `application/jose` representation. */
  compactJws: string;
  contentDigest: string;
}

/** RFC 3339 in whole seconds, as JAdES `sigT` and the scheme's timestamps are written. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Signs the exact bytes of a document body. The detached and the compact form share the
 * protected header and the signature, so a stored `application/jose` file and a JSON body
 * with its `Payload-Signature` header are the same certified document.
 */
export async function signDocument(
  body: Uint8Array,
  key: Signer,
  issuerOin: string,
  signedAt: Date,
  /** Another `typ` for another kind of signed statement (e.g. a consent receipt) with the same header rules. */
  type: string = DOCUMENT_SIGNATURE_TYPE,
): Promise<DocumentSignature> {
  // A compact JWS (RFC 7515 §7.1) built here rather than by jose's CompactSign: the body is
  // the size of a document, and jws-signature.ts says why that matters. The header is the
  // same JSON jose would write; ES256 signatures leave in low-s form (canonical-signature.ts).
  const header = toBase64url(
    utf8(
      JSON.stringify({
        alg: key.algorithm,
        kid: key.kid,
        typ: type,
        // JAdES signing time; `iss` names the issuing organisation by OIN.
        sigT: rfc3339Seconds(signedAt),
        iss: issuerOin,
      }),
    ),
  );
  const signingInput = `${header}.${toBase64url(body)}`;
  const signature = toBase64url(await jwsSignature(key, utf8(signingInput)));
  return { payloadSignature: `${header}..${signature}`, compactJws: `${signingInput}.${signature}`, contentDigest: await contentDigest(body) };
}

/**
 * The compact JWS of a body from its detached form: the same protected header and signature
 * around the body in base64url (RFC 7515 §7.1, unpadded, as jose writes it). For a signed
 * document kept without its compact form.
 */
export function compactJwsOf(body: Uint8Array, payloadSignature: string): string {
  const [header, signature] = payloadSignature.split('..');
  return `${header}.${Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64url')}.${signature}`;
}
