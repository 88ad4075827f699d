import type { components } from '../generated/api.js';
import { foldFinancieleVerplichtingen } from '../fcid/index.js';
import type { Contactoptie, Gebeurtenis, ZaakInvoer } from '../fcid/types.js';
import { documentEnvelope, type Issuer } from './envelope.js';

export type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

/** What the document is made of: the citizen's zaken at the organisation and all their events. */
export interface FcidInvoer {
  zaken: readonly ZaakInvoer[];
  gebeurtenissen: readonly Gebeurtenis[];
}

/** The issuing organisation as the FCID document shows it: the envelope's uitgever and its contactopties. */
export interface FcidUitgever extends Issuer {
  contactopties: readonly Contactoptie[];
}

/**
 * The FCID document of one citizen at an organisation, as of `peilmoment`, made at
 * `aangemaaktOp`, from their zaken and events (read by the caller, which also needs their
 * data version).
 */
export function financieleVerplichtingenDocument(
  uitgever: FcidUitgever,
  bsn: string,
  peilmoment: Date,
  aangemaaktOp: Date,
  { zaken, gebeurtenissen }: FcidInvoer,
): FinancieleVerplichtingenDocument {
  return {
    ...documentEnvelope('financiele-verplichtingen', uitgever, bsn, aangemaaktOp),
    gegevens: foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: uitgever.contactopties, peilmoment }),
  };
}
