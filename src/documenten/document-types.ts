import type { components } from '../generated/api.js';

export type Documenttype = components['schemas']['Documenttype'];
export type Documentenvelop = components['schemas']['Documentenvelop'];

/** The vocabulary version each document carries: FCID v4.1.0, and our own RDW documents. */
export const DOCUMENT_VERSIONS: Record<Documenttype, string> = {
  'financiele-verplichtingen': '4.1.0',
  voertuigen: '1.0.0',
  rijbewijs: '1.0.0',
  vaartuigen: '1.0.0',
};

export const DOCUMENT_DESCRIPTIONS: Record<Documenttype, string> = {
  'financiele-verplichtingen': 'Uw financiële verplichtingen bij deze organisatie (FCID)',
  voertuigen: 'De voertuigen die op uw naam staan',
  rijbewijs: 'Uw rijbewijs en wie het heeft geraadpleegd',
  vaartuigen: 'De snelle motorboten die op uw naam zijn geregistreerd',
};

export function isDocumenttype(value: string | undefined): value is Documenttype {
  return value !== undefined && value in DOCUMENT_VERSIONS;
}
