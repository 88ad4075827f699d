import { DocumentVerificationError, verifyCompactDocument, type PublishedKey } from '../protocol/verify-document.js';
import { documentErrors } from './contract-shapes.js';
import { OrganisationError } from './errors.js';
import type { Documentenvelop, Documenttype, StelselOrganisatie, StelselSleutel } from './protocol.js';

export interface DocumentVerificationOptions {
  /** The citizen the document must be about. */
  bsn: string;
  documenttype: Documenttype;
  /**
   * Live fetch: the current time. The key must not be revoked now, and the document must have
   * been signed just now (within 5 minutes), besides the key being valid at its signing time.
   * Offline (a bundle) this is absent and only the signing time counts.
   */
  now?: Date;
}

export interface VerifiedOrganisationDocument<D extends Documentenvelop = Documentenvelop> {
  document: D;
  kid: string;
  /** The JAdES signing time from the protected header. */
  ondertekend_op: string;
}

/** The scheme's keys for one organisation, in the shape the Basis verifier takes. */
function keySetOf(organisatie: StelselOrganisatie): { keys: PublishedKey[] } {
  return {
    keys: organisatie.sleutels.map((k) => {
      const { geldig_tot: _t, ingetrokken_op, ...jwk } = k;
      return { ...jwk, ...(ingetrokken_op ? { status: 'ingetrokken' as const, ingetrokken_op } : {}) } as PublishedKey;
    }),
  };
}

/** How far a live document's signing time may be from the device's clock. */
const MAX_SIGNING_SKEW_MS = 5 * 60 * 1000;

function validAt(key: StelselSleutel, instant: number): boolean {
  if (Number.isNaN(instant)) return false;
  if (instant < Date.parse(key.geldig_vanaf)) return false;
  if (key.geldig_tot && instant >= Date.parse(key.geldig_tot)) return false;
  return true;
}

/**
 * Verifies a certified document against the keys the scheme lists for THAT organisation (not
 * the organisation's own /sleutels, which an attacker holding the server could change): the
 * signature, the key's validity and revocation in the scheme, the issuer and the subject.
 */
export async function verifyOrganisationDocument<D extends Documentenvelop = Documentenvelop>(
  jws: string,
  organisatie: StelselOrganisatie,
  options: DocumentVerificationOptions,
): Promise<VerifiedOrganisationDocument<D>> {
  let verified;
  try {
    verified = await verifyCompactDocument(jws, keySetOf(organisatie));
  } catch (error) {
    if (error instanceof DocumentVerificationError) {
      const reason = error.reason === 'unknown-key' ? 'unknown-key' : error.reason === 'revoked-key' ? 'revoked-key' : 'bad-signature';
      const text =
        reason === 'unknown-key'
          ? `ondertekend met een sleutel die het stelsel niet voor ${organisatie.naam} noemt`
          : reason === 'revoked-key'
            ? 'ondertekend met een sleutel die het stelsel heeft ingetrokken'
            : `de handtekening klopt niet (${error.message})`;
      throw new OrganisationError(reason, `Document ${options.documenttype}: ${text}.`);
    }
    throw error;
  }
  const key = organisatie.sleutels.find((k) => k.kid === verified.header.kid)!;
  const signedAt = verified.header.sigT ?? '';
  if (!validAt(key, Date.parse(signedAt))) {
    throw new OrganisationError('key-not-valid', `Document ${options.documenttype}: ondertekend op ${signedAt || '(onbekend)'}, buiten de geldigheid van sleutel ${key.kid} in het stelsel.`);
  }
  if (options.now) {
    const now = options.now.getTime();
    if (key.ingetrokken_op && Date.parse(key.ingetrokken_op) <= now) {
      throw new OrganisationError('revoked-key', `Document ${options.documenttype}: sleutel ${key.kid} is in het stelsel ingetrokken.`);
    }
    // A freshly fetched document was signed just now: a signing time far from now is refused
    // (a backdated sigT could otherwise slip under a key's revocation or geldig_tot).
    if (Math.abs(Date.parse(signedAt) - now) > MAX_SIGNING_SKEW_MS) {
      throw new OrganisationError('key-not-valid', `Document ${options.documenttype}: ondertekend op ${signedAt}, niet bij het ophalen.`);
    }
  }
  if (verified.header.iss !== organisatie.oin) {
    throw new OrganisationError('wrong-issuer', `Document ${options.documenttype}: uitgegeven door ${String(verified.header.iss)}, niet door ${organisatie.oin}.`);
  }
  let document: D;
  try {
    document = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as D;
  } catch {
    throw new OrganisationError('wrong-document', `Document ${options.documenttype}: de inhoud is geen JSON.`);
  }
  const shapeErrors = documentErrors(options.documenttype, document);
  if (shapeErrors.length > 0) {
    throw new OrganisationError('wrong-document', `Document ${options.documenttype} volgt het contract niet: ${shapeErrors.slice(0, 3).join('; ')}.`);
  }
  if (document.uitgever?.oin !== organisatie.oin) {
    throw new OrganisationError('wrong-issuer', `Document ${options.documenttype}: de uitgever in het document is niet ${organisatie.oin}.`);
  }
  if (document.documenttype !== options.documenttype) {
    throw new OrganisationError('wrong-document', `Gevraagd ${options.documenttype}, ontvangen ${String(document.documenttype)}.`);
  }
  if (document.onderwerp?.bsn !== options.bsn) {
    throw new OrganisationError('wrong-subject', `Document ${options.documenttype} gaat over een andere inwoner.`);
  }
  return { document, kid: key.kid, ondertekend_op: signedAt };
}
