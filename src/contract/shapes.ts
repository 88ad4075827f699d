import { createContractValidator, type ContractValidator } from '../conformance/contract-validator.js';
import type { OpenApiDocument } from './contract.js';
import blauweKnop from '../generated/contracts/blauwe-knop.js';
import stelselbeheerder from '../generated/contracts/stelselbeheerder.js';
import type { components } from '../generated/api.js';

type Documenttype = components['schemas']['Documenttype'];

/**
 * Checks what arrives against the contract's own schemas before anything reads it, so a
 * malformed scheme document or document is refused with a reason instead of failing somewhere
 * in the fold. The contracts are compiled in (src/generated/contracts, from `npm run bundle`),
 * so this runs where there are no files, such as a browser. The validators are compiled
 * once, on first use.
 */
export const DOCUMENTS = { organisatie: blauweKnop, stelselbeheerder } as const;
const validators = new Map<keyof typeof DOCUMENTS, ContractValidator>();

function validator(role: keyof typeof DOCUMENTS): ContractValidator {
  let v = validators.get(role);
  if (!v) {
    v = createContractValidator({ document: DOCUMENTS[role] as OpenApiDocument });
    validators.set(role, v);
  }
  return v;
}

export function stelseldocumentErrors(value: unknown): string[] {
  return validator('stelselbeheerder').schemaErrors('Stelseldocument', value);
}

/** The contract schema of each document type (also read when the browser app is bundled). */
export const DOCUMENT_SCHEMAS: Record<Documenttype, string> = {
  'financiele-verplichtingen': 'FinancieleVerplichtingenDocument',
  voertuigen: 'VoertuigenDocument',
  rijbewijs: 'RijbewijsDocument',
  vaartuigen: 'VaartuigenDocument',
};

export function documentErrors(documenttype: Documenttype, value: unknown): string[] {
  return validator('organisatie').schemaErrors(DOCUMENT_SCHEMAS[documenttype], value);
}
