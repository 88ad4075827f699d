import { CompactSign } from 'jose';
import { contentDigest } from './content-digest.js';
import type { SigningKey } from '../keys/signing-key.js';

/** `typ` of a Blauwe Knop document signature, so it cannot be mistaken for another JWS. */
export const DOCUMENT_SIGNATURE_TYPE = 'bk-document+jws';

export interface DocumentSignature {
  /** Detached JWS (RFC 7515 appendix F) for the `Payload-Signature` header. */
  payloadSignature: string;
  /** The same JWS with the body as payload: the `application/jose` representation. */
  compactJws: string;
  contentDigest: string;
}

/**
 * Signs the exact bytes of a document body. The detached and the compact form share the
 * protected header and the signature, so a stored `application/jose` file and a JSON body
 * with its `Payload-Signature` header are the same certified document.
 */
export async function signDocument(
  body: Uint8Array,
  key: SigningKey,
  issuerOin: string,
  signedAt: Date,
  /** Another `typ` for another kind of signed statement (e.g. a consent receipt) with the same header rules. */
  type: string = DOCUMENT_SIGNATURE_TYPE,
): Promise<DocumentSignature> {
  const compactJws = await new CompactSign(body)
    .setProtectedHeader({
      alg: key.algorithm,
      kid: key.kid,
      typ: type,
      // JAdES signing time; `iss` names the issuing organisation by OIN.
      sigT: signedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      iss: issuerOin,
    })
    .sign(key.privateKey);
  const [header, , signature] = compactJws.split('.');
  return { payloadSignature: `${header}..${signature}`, compactJws, contentDigest: contentDigest(body) };
}
