import type { components } from '../../../generated/api.js';
import { loadRijbewijs, loadVaartuigen, loadVoertuigen } from '../../../data/rdw.js';
import type { OrganisatieContext } from '../context.js';
import { documentEnvelope } from '../../../documenten/envelope.js';

type Schemas = components['schemas'];

/** RDW's documents: a citizen without vehicles, licence or vessels gets a signed empty answer. */
export async function voertuigenDocument(ctx: OrganisatieContext, bsn: string): Promise<Schemas['VoertuigenDocument']> {
  return {
    ...documentEnvelope('voertuigen', ctx.organisation, bsn, ctx.now()),
    gegevens: { voertuigen: await loadVoertuigen(ctx.db, ctx.organisation.oin, bsn) },
  };
}

/** With `pseudoniem` (an afnemer's read, Blauwe Knop Plus) the document names the citizen only by that pseudonym. */
export async function rijbewijsDocument(ctx: OrganisatieContext, bsn: string, pseudoniem?: string): Promise<Schemas['RijbewijsDocument']> {
  return {
    ...documentEnvelope('rijbewijs', ctx.organisation, bsn, ctx.now()),
    ...(pseudoniem ? { onderwerp: { pseudoniem } } : {}),
    gegevens: await loadRijbewijs(ctx.db, ctx.organisation.oin, bsn),
  };
}

export async function vaartuigenDocument(ctx: OrganisatieContext, bsn: string): Promise<Schemas['VaartuigenDocument']> {
  return {
    ...documentEnvelope('vaartuigen', ctx.organisation, bsn, ctx.now()),
    gegevens: { vaartuigen: await loadVaartuigen(ctx.db, ctx.organisation.oin, bsn) },
  };
}
