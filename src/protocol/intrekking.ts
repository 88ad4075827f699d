import type { components } from '../generated/api.js';

/** Why a key was revoked (the contract's `Intrekkingsreden`, after RFC 5280's CRLReason). */
export type Intrekkingsreden = components['schemas']['Intrekkingsreden'];

/**
 * The revocation fields a published key may carry: `/sleutels` says `status: ingetrokken`
 * with `ingetrokken_op`, the scheme document `ingetrokken_op` alone.
 */
export type IntrekkingVanSleutel = {
  status?: string;
  ingetrokken_op?: string;
  intrekkingsreden?: Intrekkingsreden;
};

/**
 * Whether a key still vouches for something that says it was signed at `signedAt` (ms since
 * the epoch: a document's `sigT`, a token's or event's `iat`).
 *
 * The signing moment is written by the signer, inside what it signs. So it proves nothing
 * once someone else may hold the key: a thief dates a forgery before the revocation. The
 * trust model therefore depends on why the key was revoked:
 * - not revoked: trusted;
 * - `buiten-gebruik` (retired and destroyed, never out of the holder's hands): trusted for
 *   what it signed before `ingetrokken_op`, as a backdated signature needs the key;
 * - `gecompromitteerd`, or revoked without a reason (fail closed): trusted for nothing; the
 *   holder re-issues what citizens need with its new key.
 */
export function vertrouwdOndertekendOp(key: IntrekkingVanSleutel, signedAt: number): boolean {
  if (key.ingetrokken_op === undefined) return key.status !== 'ingetrokken'; // revoked, but not when: nothing
  if (key.intrekkingsreden !== 'buiten-gebruik') return false;
  return signedAt < Date.parse(key.ingetrokken_op);
}

/** A Dutch sentence for a verifier's refusal, naming the reason. */
export function intrekkingUitleg(kid: string, key: IntrekkingVanSleutel): string {
  return key.intrekkingsreden === 'buiten-gebruik'
    ? `Sleutel ${kid} was ingetrokken (buiten gebruik) voordat dit werd ondertekend.`
    : `Sleutel ${kid} is ingetrokken omdat hij gecompromitteerd kan zijn: niets wat hij ondertekende wordt nog vertrouwd. Vraag een nieuw exemplaar op.`;
}
