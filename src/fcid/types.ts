import type { components } from '../generated/api.js';

// Aliases of the contract's schemas (generated from openapi/blauwe-knop.yaml), never
// hand-written copies: when the contract changes, the compiler points at what to change here.
type Schemas = components['schemas'];

export type Gebeurtenis = Schemas['Gebeurtenis'];
export type GebeurtenisType = Gebeurtenis['gebeurtenis_type'];
export type FinancieleVerplichtingOpgelegd = Schemas['FinancieleVerplichtingOpgelegd'];
export type BetalingsverplichtingOpgelegd = Schemas['BetalingsverplichtingOpgelegd'];
export type BetalingVerwerkt = Schemas['BetalingVerwerkt'];
export type Contactoptie = Schemas['Contactoptie'];
export type FinancieleVerplichtingen = Schemas['FinancieleVerplichtingen'];
export type FinancieleZaak = Schemas['FinancieleZaak'];
export type FinancieleVerplichting = Schemas['FinancieleVerplichting'];
export type Betalingsverplichting = Schemas['Betalingsverplichting'];

/** A zaak as the organisation's records describe it, apart from its events. */
export interface ZaakInvoer {
  zaakkenmerk: string;
  omschrijving?: string;
  contactopties: readonly Contactoptie[];
}
