/**
 * FCID (v4.1.0) logic: folding immutable events into the derived view of the document.
 * Pure: no HTTP, no database, no clock.
 */
export { foldFinancieleVerplichtingen, type FoldFinancieleVerplichtingenInput } from './financiele-verplichtingen.js';
export { foldFinancieleZaak, type FinancieleZaakInput } from './financiele-zaak.js';
export { resolveEffectiveEvents, type EffectiveEvent } from './effective-events.js';
export { prepareGebeurtenissen, compareTimed, type TimedEvent } from './gebeurtenissen.js';
export { FcidInconsistencyError } from './errors.js';
export type { ZaakInvoer } from './types.js';
