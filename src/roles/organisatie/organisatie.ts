import type { components } from '../../generated/api.js';
import { contractOperations } from '../../contract/operations.js';
import type { OperationHandlers } from '../../contract/routes.js';
import { DOCUMENT_DESCRIPTIONS, DOCUMENT_VERSIONS, isDocumenttype } from '../../documenten/document-types.js';
import type { OrganisatieContext } from './context.js';

type Organisatie = components['schemas']['Organisatie'];
type Algoritme = components['schemas']['Ondertekening']['algoritmen'][number];

/**
 * The discovery document lists only the documents this organisation actually offers to the
 * citizen (not the same document served to an afnemer under Blauwe Knop Plus).
 */
export function organisatieHandlers(ctx: OrganisatieContext): OperationHandlers {
  const base = ctx.config.publicBaseUrl;
  const documenten: Organisatie['documenten'] = contractOperations(ctx.contract)
    .filter(
      (op) =>
        op.certified &&
        op.securitySchemes.includes('burgerToken') &&
        isDocumenttype(op.documenttype) &&
        ctx.organisation.documenttypen.includes(op.documenttype),
    )
    .map((op) => {
      const documenttype = op.documenttype as Organisatie['documenten'][number]['documenttype'];
      return {
        documenttype,
        documentversie: DOCUMENT_VERSIONS[documenttype],
        omschrijving: DOCUMENT_DESCRIPTIONS[documenttype],
        url: `${base}${op.path}`,
        mediatypen: op.produces as Organisatie['documenten'][number]['mediatypen'],
      };
    });
  return {
    ophalenOrganisatie: async (): Promise<Organisatie> => {
      const { keys } = await ctx.keyring.published();
      const algoritmen = [...new Set(keys.filter((k) => k.status !== 'ingetrokken').map((k) => k.alg as Algoritme))];
      return {
        oin: ctx.organisation.oin,
        naam: ctx.organisation.naam,
        omgeving: ctx.config.environment === 'production' ? 'productie' : 'ontwikkeling',
        contractversie: ctx.contract.version,
        contactopties: ctx.organisation.contactopties,
        documenten,
        ondertekening: { algoritmen, sleutels_url: `${base}/sleutels` },
        ...(ctx.sessies ? { sessies_url: `${base}/sessies` } : {}),
      };
    },
    ophalenSleutels: async () => ctx.keyring.published(),
  };
}
