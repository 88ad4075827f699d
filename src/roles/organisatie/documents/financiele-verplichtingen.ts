import type { components } from '../../../generated/api.js';
import type { FinancieleZakenVanInwoner } from '../../../data/financiele-zaken.js';
import { foldFinancieleVerplichtingen } from '../../../fcid/index.js';
import type { OrganisatieContext } from '../context.js';
import { documentEnvelope } from './envelope.js';

export type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

/**
 * The FCID document of one citizen at this organisation, as of `peilmoment`, from their
 * zaken and events (read by the handler, which also needs their data version).
 */
export function financieleVerplichtingenDocument(
  ctx: OrganisatieContext,
  bsn: string,
  peilmoment: Date,
  { zaken, gebeurtenissen }: FinancieleZakenVanInwoner,
): FinancieleVerplichtingenDocument {
  return {
    ...documentEnvelope('financiele-verplichtingen', ctx.organisation, bsn, ctx.now()),
    gegevens: foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: ctx.organisation.contactopties, peilmoment }),
  };
}
