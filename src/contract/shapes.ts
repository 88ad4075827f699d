import { contractPathFor, loadContract, type ContractRole } from './contract.js';
import { createContractValidator, type ContractValidator } from '../conformance/contract-validator.js';
import type { components } from '../generated/api.js';

type Documenttype = components['schemas']['Documenttype'];

/**
 * Checks what arrives against the contract's own schemas before anything reads it, so a
 * malformed scheme document or document is refused with a reason instead of failing somewhere
 * in the fold. The validators are compiled once, on first use.
 */
const validators = new Map<ContractRole, ContractValidator>();

function validator(role: ContractRole): ContractValidator {
  let v = validators.get(role);
  if (!v) {
    v = createContractValidator(loadContract(contractPathFor(role)));
    validators.set(role, v);
  }
  return v;
}

export function stelseldocumentErrors(value: unknown): string[] {
  return validator('stelselbeheerder').schemaErrors('Stelseldocument', value);
}

const DOCUMENT_SCHEMAS: Record<Documenttype, string> = {
  'financiele-verplichtingen': 'FinancieleVerplichtingenDocument',
  voertuigen: 'VoertuigenDocument',
  rijbewijs: 'RijbewijsDocument',
  vaartuigen: 'VaartuigenDocument',
};

export function documentErrors(documenttype: Documenttype, value: unknown): string[] {
  return validator('organisatie').schemaErrors(DOCUMENT_SCHEMAS[documenttype], value);
}
