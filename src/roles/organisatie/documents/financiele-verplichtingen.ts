import type { components } from '../../../generated/api.js';
import { loadFinancieleZaken } from '../../../data/financiele-zaken.js';
import { foldFinancieleVerplichtingen } from '../../../fcid/index.js';
import type { OrganisatieContext } from '../context.js';
import { documentEnvelope } from './envelope.js';

export type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

/** The FCID document of one citizen at this organisation, as of `peilmoment`. */
export async function financieleVerplichtingenDocument(ctx: OrganisatieContext, bsn: string, peilmoment: Date): Promise<FinancieleVerplichtingenDocument> {
  const { zaken, gebeurtenissen } = await loadFinancieleZaken(ctx.db, ctx.organisation.oin, bsn);
  return {
    ...documentEnvelope('financiele-verplichtingen', ctx.organisation, bsn, ctx.now()),
    gegevens: foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: ctx.organisation.contactopties, peilmoment }),
  };
}
