import { DOCUMENT_SIGNING_SKEW_SECONDS } from '../protocol/constants.js';
import { fromUtf8 } from '../protocol/encoding.js';
import { DocumentVerificationError } from '../protocol/errors.js';
import { isIngetrokkenOp, sleutelGeldigOp } from '../protocol/stelseldocument.js';
import { verifyCompactDocument, type PublishedKey } from '../protocol/verify-document.js';
import { documentErrors } from '../contract/shapes.js';
import { OrganisationError } from './errors.js';
import type { Documentenvelop, Documenttype, StelselOrganisatie } from './protocol.js';

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
      const text =
        error.code === 'ERR_DOCUMENT_UNKNOWN_KEY'
          ? `ondertekend met een sleutel die het stelsel niet voor ${organisatie.naam} noemt`
          : error.code === 'ERR_DOCUMENT_REVOKED_KEY'
            ? 'ondertekend met een sleutel die het stelsel heeft ingetrokken'
            : `de handtekening klopt niet (${error.message})`;
      throw new OrganisationError(error.code, `Document ${options.documenttype}: ${text}.`, undefined, { cause: error });
    }
    throw error;
  }
  const key = organisatie.sleutels.find((k) => k.kid === verified.header.kid)!;
  const signedAt = verified.header.sigT ?? '';
  if (!sleutelGeldigOp(key, new Date(signedAt))) {
    throw new OrganisationError(
      'ERR_ORGANISATION_KEY_NOT_VALID',
      `Document ${options.documenttype}: ondertekend op ${signedAt || '(onbekend)'}, buiten de geldigheid van sleutel ${key.kid} in het stelsel.`,
    );
  }
  if (options.now) {
    if (isIngetrokkenOp(key, options.now)) {
      throw new OrganisationError('ERR_DOCUMENT_REVOKED_KEY', `Document ${options.documenttype}: sleutel ${key.kid} is in het stelsel ingetrokken.`);
    }
    // A freshly fetched document was signed just now: a signing time far from now is refused
    // (a backdated sigT could otherwise slip under a key's revocation or geldig_tot).
    if (Math.abs(Date.parse(signedAt) - options.now.getTime()) > DOCUMENT_SIGNING_SKEW_SECONDS * 1000) {
      throw new OrganisationError('ERR_ORGANISATION_KEY_NOT_VALID', `Document ${options.documenttype}: ondertekend op ${signedAt}, niet bij het ophalen.`);
    }
  }
  if (verified.header.iss !== organisatie.oin) {
    throw new OrganisationError('ERR_ORGANISATION_ISSUER', `Document ${options.documenttype}: uitgegeven door ${String(verified.header.iss)}, niet door ${organisatie.oin}.`);
  }
  let document: D;
  try {
    document = JSON.parse(fromUtf8(verified.payload)) as D;
  } catch {
    throw new OrganisationError('ERR_ORGANISATION_DOCUMENT', `Document ${options.documenttype}: de inhoud is geen JSON.`);
  }
  const shapeErrors = documentErrors(options.documenttype, document);
  if (shapeErrors.length > 0) {
    throw new OrganisationError('ERR_ORGANISATION_DOCUMENT', `Document ${options.documenttype} volgt het contract niet: ${shapeErrors.slice(0, 3).join('; ')}.`);
  }
  if (document.uitgever?.oin !== organisatie.oin) {
    throw new OrganisationError('ERR_ORGANISATION_ISSUER', `Document ${options.documenttype}: de uitgever in het document is niet ${organisatie.oin}.`);
  }
  if (document.documenttype !== options.documenttype) {
    throw new OrganisationError('ERR_ORGANISATION_DOCUMENT', `Gevraagd ${options.documenttype}, ontvangen ${String(document.documenttype)}.`);
  }
  if (document.onderwerp?.bsn !== options.bsn) {
    throw new OrganisationError('ERR_ORGANISATION_SUBJECT', `Document ${options.documenttype} gaat over een andere inwoner.`);
  }
  return { document, kid: key.kid, ondertekend_op: signedAt };
}
