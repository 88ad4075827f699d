import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SECURITY_EVENT_TYPE, SecurityEventError, verifySecurityEvent, type VerifiedSecurityEvent } from '../protocol/security-event.js';
import { sleutelGeldigOp } from '../protocol/stelseldocument.js';
import type { StelselOrganisatie, Stelseldocument } from '../sdk/protocol.js';
import type { StelselBron } from './stelsel.js';

/** The error codes of RFC 8935 §2.4 (and RFC 8936 `setErrs`) the afnemer answers with. */
export type SetFout = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience' | 'authentication_failed' | 'access_denied';

/** Why a SET is refused: answered as `400 { err, description }` to a push, or in `setErrs` of the next poll. */
export class SetWeigering extends Error {
  constructor(
    readonly err: SetFout,
    readonly description: string,
  ) {
    super(description);
    this.name = 'SetWeigering';
  }
}

export interface GeverifieerdeSet extends VerifiedSecurityEvent {
  /** The bronhouder's OIN (from `iss`), as the scheme lists it. */
  bronhouderOin: string;
}

const OIN_ISSUER = /^urn:nld:oin:(\d{20})$/;

/** The OINs of the bronhouders of this afnemer's purposes, as the signed scheme lists them. */
export function bronhoudersVan(document: Stelseldocument, afnemerId: string): Set<string> {
  const toegestaan = new Set((document.afnemers ?? []).find((a) => a.id === afnemerId)?.doelen ?? []);
  return new Set((document.doelen ?? []).filter((d) => toegestaan.has(d.id)).map((d) => d.bronhouder));
}

/**
 * Verifies a SET the way the afnemer must before it believes it: the `typ`, an issuer that is
 * a bronhouder in the signed scheme document and one of the afnemer's own purposes, a key
 * the scheme lists for that bronhouder and that was valid when the SET was issued, the
 * signature, the audience (this afnemer) and the closed shape of the event. The scheme is
 * fetched again once when the issuer or key is unknown, since a new bronhouder or a rotated
 * key reaches the afnemer only through a new scheme document.
 */
export class SetVerificatie {
  constructor(
    private readonly stelsel: StelselBron,
    private readonly afnemerId: string,
  ) {}

  async verify(jws: string): Promise<GeverifieerdeSet> {
    let kid: string | undefined;
    let iss: unknown;
    let iat: unknown;
    try {
      const header = decodeProtectedHeader(jws);
      if (header.typ !== SECURITY_EVENT_TYPE) throw new SetWeigering('invalid_request', `typ is ${String(header.typ)}, niet ${SECURITY_EVENT_TYPE}.`);
      kid = header.kid;
      ({ iss, iat } = decodeJwt(jws));
    } catch (error) {
      if (error instanceof SetWeigering) throw error;
      throw new SetWeigering('invalid_request', 'De body is geen SET (compacte JWS).');
    }
    const oin = typeof iss === 'string' ? OIN_ISSUER.exec(iss)?.[1] : undefined;
    if (!oin) throw new SetWeigering('invalid_issuer', 'iss is geen urn:nld:oin:<OIN>.');

    let bronhouder = await this.bronhouder(oin, kid, false);
    if (!bronhouder) bronhouder = await this.bronhouder(oin, kid, true);
    if (!bronhouder) throw new SetWeigering('invalid_issuer', `${String(iss)} is geen bronhouder van deze afnemer in het stelseldocument.`);

    const issuedAt = new Date(typeof iat === 'number' ? iat * 1000 : Number.NaN);
    if (Number.isNaN(issuedAt.getTime())) throw new SetWeigering('invalid_request', 'iat ontbreekt.');
    const keys = bronhouder.sleutels.filter((k) => sleutelGeldigOp(k, issuedAt));
    if (bronhouder.sleutels.some((k) => k.kid === kid) && !keys.some((k) => k.kid === kid)) {
      throw new SetWeigering('invalid_key', `Sleutel ${String(kid)} was niet geldig (of ingetrokken) op het moment van uitgifte.`);
    }
    try {
      const verified = await verifySecurityEvent(jws, { keys, issuer: `urn:nld:oin:${oin}`, audience: this.afnemerId });
      return { ...verified, bronhouderOin: oin };
    } catch (error) {
      if (error instanceof SecurityEventError) throw new SetWeigering(error.reason, error.message);
      throw error;
    }
  }

  /** The bronhouder as the scheme lists it, when it is one of this afnemer's; undefined to try a fresh scheme. */
  private async bronhouder(oin: string, kid: string | undefined, vers: boolean): Promise<StelselOrganisatie | undefined> {
    const document = await this.stelsel.document(vers);
    const organisatie = document.organisaties.find((o) => o.oin === oin);
    if (!organisatie || !bronhoudersVan(document, this.afnemerId).has(oin)) return undefined;
    // An unknown kid may be a key the scheme added since: worth one fresh fetch.
    if (!vers && !organisatie.sleutels.some((k) => k.kid === kid)) return undefined;
    return organisatie;
  }
}
