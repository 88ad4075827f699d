import { compactVerify, importJWK, type CompactJWSHeaderParameters, type JWK } from 'jose';
import { DOCUMENT_SIGNATURE_TYPE } from './sign-document.js';

/** A key as `/sleutels` publishes it: a JWK with the Blauwe Knop status fields. */
export type PublishedKey = JWK & {
  status?: 'actief' | 'uitgefaseerd' | 'ingetrokken';
  geldig_vanaf?: string;
  ingetrokken_op?: string;
};

export type DocumentVerificationFailure = 'malformed' | 'wrong-type' | 'unknown-key' | 'revoked-key' | 'bad-signature';

export class DocumentVerificationError extends Error {
  constructor(
    readonly reason: DocumentVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentVerificationError';
  }
}

export interface VerifiedDocument {
  payload: Uint8Array;
  header: CompactJWSHeaderParameters & { sigT?: string; iss?: string };
  key: PublishedKey;
}

const ALGORITHMS = ['ES256', 'PS256', 'EdDSA'];

/**
 * Verifies a certified document with nothing but the published key set, so a document stored
 * years ago still verifies offline after rotation. A revoked key still verifies what it signed
 * before its revocation (the JAdES `sigT`), and nothing after.
 */
export async function verifyCompactDocument(
  compactJws: string,
  keySet: { keys: PublishedKey[] },
  /** The `typ` expected: a document, or another statement signed under the same rules (a consent receipt). */
  type: string = DOCUMENT_SIGNATURE_TYPE,
): Promise<VerifiedDocument> {
  const parts = compactJws.split('.');
  if (parts.length !== 3) throw new DocumentVerificationError('malformed', 'Not a compact JWS');
  let header: VerifiedDocument['header'];
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as VerifiedDocument['header'];
  } catch {
    throw new DocumentVerificationError('malformed', 'The protected header is not JSON');
  }
  if (header.typ !== type) throw new DocumentVerificationError('wrong-type', `typ is ${String(header.typ)}, not ${type}`);
  if (!header.alg || !ALGORITHMS.includes(header.alg)) throw new DocumentVerificationError('malformed', `Algorithm ${String(header.alg)} is not allowed`);
  const key = keySet.keys.find((k) => k.kid === header.kid);
  if (!key) throw new DocumentVerificationError('unknown-key', `No published key with kid ${String(header.kid)}`);
  if (key.status === 'ingetrokken') {
    const signedAt = header.sigT ? Date.parse(header.sigT) : NaN;
    const revokedAt = key.ingetrokken_op ? Date.parse(key.ingetrokken_op) : -Infinity;
    if (!(signedAt < revokedAt)) throw new DocumentVerificationError('revoked-key', `Key ${key.kid} was revoked before this document was signed`);
  }
  try {
    const { status: _s, geldig_vanaf: _g, ingetrokken_op: _i, ...jwk } = key as PublishedKey & Record<string, unknown>;
    const publicKey = await importJWK(jwk as JWK, header.alg);
    const { payload } = await compactVerify(compactJws, publicKey, { algorithms: [header.alg] });
    return { payload, header, key };
  } catch (error) {
    throw new DocumentVerificationError('bad-signature', `The signature does not verify: ${(error as Error).message}`);
  }
}

/** Verifies a body against its detached `Payload-Signature` (RFC 7515 appendix F). */
export async function verifyPayloadSignature(body: Uint8Array, payloadSignature: string, keySet: { keys: PublishedKey[] }): Promise<VerifiedDocument> {
  const parts = payloadSignature.split('.');
  if (parts.length !== 3 || parts[1] !== '') throw new DocumentVerificationError('malformed', 'Not a detached JWS');
  return verifyCompactDocument(`${parts[0]}.${Buffer.from(body).toString('base64url')}.${parts[2]}`, keySet);
}
