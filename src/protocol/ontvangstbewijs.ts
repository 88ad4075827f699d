/**
 * The signed receipt of a consent (ontvangstbewijs, Blauwe Knop Plus): a JWS by the
 * bronhouder over the RFC 8785 canonical JSON of what the citizen agreed to and the state
 * it is in. One per change of state. It is signed and verified under the rules of a
 * certified document (same header, same published keys, a revoked key proves only what it
 * signed before its revocation), with a `typ` of its own so neither passes for the other.
 */
import type { components } from '../generated/api.js';
import { canonicalJson } from './canonical-json.js';
import { verifyCompactDocument, type PublishedKey, type VerifiedDocument } from './verify-document.js';

export const ONTVANGSTBEWIJS_TYPE = 'bk-toestemmingsbewijs+jws';

export type Toestemmingsbewijs = components['schemas']['Toestemmingsbewijs'];

/** The exact bytes that are signed: RFC 8785 canonical JSON. */
export function ontvangstbewijsBytes(bewijs: Toestemmingsbewijs): Uint8Array {
  return new TextEncoder().encode(canonicalJson(bewijs));
}

export interface VerifiedOntvangstbewijs extends VerifiedDocument {
  bewijs: Toestemmingsbewijs;
}

/**
 * Verifies a receipt offline with the bronhouder's published key set, and that its payload
 * is canonical JSON (so two receipts with the same content are the same bytes).
 */
export async function verifyOntvangstbewijs(jws: string, keySet: { keys: PublishedKey[] }): Promise<VerifiedOntvangstbewijs> {
  const verified = await verifyCompactDocument(jws, keySet, ONTVANGSTBEWIJS_TYPE);
  const text = new TextDecoder().decode(verified.payload);
  const bewijs = JSON.parse(text) as Toestemmingsbewijs;
  if (canonicalJson(bewijs) !== text) throw new Error('The receipt is not RFC 8785 canonical JSON');
  return { ...verified, bewijs };
}
