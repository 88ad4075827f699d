/**
 * The contract types the app side reads and sends, all generated from openapi/ (the
 * organisation's contract, the scheme operator's and the app manager's): nothing here
 * re-declares a contract shape.
 */
import { documenttypeValues, type components as Basis } from '../generated/api.js';
import type { components as AppBeheer } from '../generated/app-beheerder.js';
import type { components as Ontwikkeling } from '../generated/ontwikkel-login.js';
import type { components as Stelsel } from '../generated/stelselbeheerder.js';

export type Oin = Basis['schemas']['Oin'];
export type Documenttype = Basis['schemas']['Documenttype'];
export type Documentenvelop = Basis['schemas']['Documentenvelop'];
export type FinancieleVerplichtingenDocument = Basis['schemas']['FinancieleVerplichtingenDocument'];
export type FinancieleZaak = Basis['schemas']['FinancieleZaak'];
export type FinancieleVerplichting = Basis['schemas']['FinancieleVerplichting'];
export type VoertuigenDocument = Basis['schemas']['VoertuigenDocument'];
export type RijbewijsDocument = Basis['schemas']['RijbewijsDocument'];
export type VaartuigenDocument = Basis['schemas']['VaartuigenDocument'];
export type Probleem = Basis['schemas']['Probleem'];
export type Ontdekkingsdocument = Basis['schemas']['Organisatie'];
export type SessieAanvraag = Basis['schemas']['SessieAanvraag'];
export type Sessie = Basis['schemas']['Sessie'];

export type Stelseldocument = Stelsel['schemas']['Stelseldocument'];
export type StelselOrganisatie = Stelsel['schemas']['Deelnemer'];
export type StelselAppBeheerder = Stelsel['schemas']['AppBeheerder'];
export type StelselSleutel = Stelsel['schemas']['StelselSleutel'];

export type AppSleutel = AppBeheer['schemas']['AppSleutel'];
export type AppRegistratieAanvraag = AppBeheer['schemas']['AppRegistratieAanvraag'];
export type AppRegistratie = AppBeheer['schemas']['AppCredential'];
/** The development login's shapes: outside the national contract (openapi/ontwikkeling/). */
export type OntwikkelLoginAanvraag = Ontwikkeling['schemas']['OntwikkelLoginAanvraag'];
export type Toegangstoken = Ontwikkeling['schemas']['Toegangstoken'];

export const isDocumenttype = (value: string): value is Documenttype => (documenttypeValues as readonly string[]).includes(value);

/**
 * The verplichting-type prefix the scheme may list for an organisation (`cak`). Not in the
 * contract yet (proposed as `Deelnemer.code`); read when present, for the deduplication rule.
 */
export function declaredCode(organisatie: StelselOrganisatie): string | undefined {
  const code = (organisatie as StelselOrganisatie & { code?: unknown }).code;
  return typeof code === 'string' && /^[a-z0-9]{1,5}$/.test(code) ? code : undefined;
}
