import { compactVerify, type CompactJWSHeaderParameters, type JWK } from 'jose';
import { DOCUMENT_ALGORITHMS, DOCUMENT_SIGNATURE_TYPE } from './constants.js';
import { fromBase64url, fromUtf8, toBase64url } from './encoding.js';
import { DocumentVerificationError } from './errors.js';
import { intrekkingUitleg, vertrouwdOndertekendOp, type IntrekkingVanSleutel } from './intrekking.js';
import { importPublicKey } from './jwk.js';

/** A key as `/sleutels` publishes it: a JWK with the Blauwe Knop status fields. */
export type PublishedKey = JWK &
  IntrekkingVanSleutel & {
    status?: 'actief' | 'uitgefaseerd' | 'ingetrokken';
    geldig_vanaf?: string;
  };

export interface VerifiedDocument {
  payload: Uint8Array;
  header: CompactJWSHeaderParameters & { sigT?: string; iss?: string };
  key: PublishedKey;
}

/**
 * Verifies a certified document with nothing but the published key set, so a document stored
 * years ago still verifies offline after rotation. A key revoked as `buiten-gebruik` still
 * verifies what it signed before its revocation (the JAdES `sigT`); a compromised one nothing
 * (intrekking.ts says why).
 */
export async function verifyCompactDocument(
  compactJws: string,
  keySet: { keys: PublishedKey[] },
  /** The `typ` expected: a document, or another statement signed under the same rules (a consent receipt). */
  type: string = DOCUMENT_SIGNATURE_TYPE,
): Promise<VerifiedDocument> {
  const parts = compactJws.split('.');
  if (parts.length !== 3) throw new DocumentVerificationError('ERR_DOCUMENT_MALFORMED', 'Dit is geen compacte JWS.');
  let header: VerifiedDocument['header'];
  try {
    header = JSON.parse(fromUtf8(fromBase64url(parts[0]!))) as VerifiedDocument['header'];
  } catch {
    throw new DocumentVerificationError('ERR_DOCUMENT_MALFORMED', 'De beschermde header is geen JSON.');
  }
  if (header.typ !== type) {
    throw new DocumentVerificationError('ERR_DOCUMENT_TYPE', `typ is ${String(header.typ)}, niet ${type}.`);
  }
  if (!header.alg || !DOCUMENT_ALGORITHMS.includes(header.alg)) {
    throw new DocumentVerificationError('ERR_DOCUMENT_ALGORITHM', `Algoritme ${String(header.alg)} is niet toegestaan.`);
  }
  const key = keySet.keys.find((k) => k.kid === header.kid);
  if (!key) throw new DocumentVerificationError('ERR_DOCUMENT_UNKNOWN_KEY', `Geen gepubliceerde sleutel met kid ${String(header.kid)}.`);
  if (!vertrouwdOndertekendOp(key, header.sigT ? Date.parse(header.sigT) : NaN)) {
    throw new DocumentVerificationError('ERR_DOCUMENT_REVOKED_KEY', intrekkingUitleg(String(key.kid), key));
  }
  try {
    const { payload } = await compactVerify(compactJws, await importPublicKey(key, header.alg), { algorithms: [header.alg] });
    return { payload, header, key };
  } catch (error) {
    throw new DocumentVerificationError('ERR_DOCUMENT_SIGNATURE', `De handtekening klopt niet: ${(error as Error).message}`, { cause: error });
  }
}

/** Verifies a body against its detached `Payload-Signature` (RFC 7515 appendix F). */
export async function verifyPayloadSignature(body: Uint8Array, payloadSignature: string, keySet: { keys: PublishedKey[] }): Promise<VerifiedDocument> {
  const parts = payloadSignature.split('.');
  if (parts.length !== 3 || parts[1] !== '') throw new DocumentVerificationError('ERR_DOCUMENT_MALFORMED', 'Dit is geen losgemaakte (detached) JWS.');
  return verifyCompactDocument(`${parts[0]}.${toBase64url(body)}.${parts[2]}`, keySet);
}
