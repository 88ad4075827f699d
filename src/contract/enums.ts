import type { components } from '../generated/api.js';
import { loadContract, type OpenApiDocument } from './contract.js';
import { lookupPointer } from './json-schema.js';

let document: OpenApiDocument | undefined;

/**
 * The values of an enum in the organisation contract, e.g. `contractEnum('Verplichtingscategorie')`
 * or `contractEnum('Sleutel/properties/status')`. Code that checks stored values against a
 * vocabulary reads the list from the contract, so it is never typed out a second time.
 */
export function contractEnum<T extends string>(schemaPath: string): readonly T[] {
  document ??= loadContract().document;
  const schema = lookupPointer(document, `#/components/schemas/${schemaPath}`) as { enum?: unknown };
  if (!Array.isArray(schema.enum) || !schema.enum.every((v) => typeof v === 'string')) {
    throw new Error(`Contract: #/components/schemas/${schemaPath} is not an enum of strings`);
  }
  return Object.freeze([...(schema.enum as T[])]);
}

export type GebeurtenisType = components['schemas']['Gebeurtenis']['gebeurtenis_type'];

/** The FCID event types: the discriminator mapping of the contract's `Gebeurtenis`. */
export function gebeurtenisTypes(): readonly GebeurtenisType[] {
  document ??= loadContract().document;
  const schema = lookupPointer(document, '#/components/schemas/Gebeurtenis') as { discriminator?: { mapping?: Record<string, string> } };
  const mapping = schema.discriminator?.mapping;
  if (!mapping) throw new Error('Contract: Gebeurtenis has no discriminator mapping');
  return Object.freeze(Object.keys(mapping) as GebeurtenisType[]);
}
