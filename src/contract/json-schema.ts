import type { OpenApiDocument } from './contract.js';

type Json = unknown;

/**
 * Resolves the contract's local `$ref`s into one self-contained JSON Schema, so Fastify
 * (Ajv for validation, fast-json-stringify for serialisation) can use the contract's
 * schemas as they are. The contract has no recursive schemas; a cycle would be a contract
 * error, so it is reported instead of looping.
 */
export function resolveSchema(document: OpenApiDocument, schema: Json): Json {
  return resolve(document, schema, [], false);
}

/**
 * resolveSchema for fast-json-stringify: a `oneOf` with a `discriminator` becomes a chain
 * of `if` (the discriminator's value) / `then` (that branch). Without it the serialiser
 * validates each value against every branch, formats included, to find the one that
 * matches: half the cost of serialising an FCID document with twenty events. The output is
 * the same for every value the contract allows; the chain ends in the last branch.
 */
export function resolveSerialisationSchema(document: OpenApiDocument, schema: Json): Json {
  return resolve(document, schema, [], true);
}

function discriminatorChain(document: OpenApiDocument, record: Record<string, Json>, seen: string[]): Json | undefined {
  const discriminator = record.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
  const branches = Object.entries(discriminator?.mapping ?? {});
  const property = discriminator?.propertyName;
  if (!property || branches.length === 0 || !Array.isArray(record.oneOf) || branches.length !== record.oneOf.length) return undefined;
  const branch = (ref: string) => resolve(document, { $ref: ref }, seen, true);
  let chain = branch(branches[branches.length - 1]![1]);
  for (const [value, ref] of branches.slice(0, -1).reverse()) {
    chain = { if: { type: 'object', required: [property], properties: { [property]: { const: value } } }, then: branch(ref), else: chain };
  }
  return chain;
}

function resolve(document: OpenApiDocument, schema: Json, seen: string[], serialisation: boolean): Json {
  if (Array.isArray(schema)) return schema.map((item) => resolve(document, item, seen, serialisation));
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, Json>;
  const ref = record.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`Contract: recursive $ref ${[...seen, ref].join(' -> ')}`);
    return resolve(document, lookupPointer(document, ref), [...seen, ref], serialisation);
  }
  const chain = serialisation ? discriminatorChain(document, record, seen) : undefined;
  if (chain) return chain;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(record)) {
    // OpenAPI-only keywords that JSON Schema validators do not know.
    if (key === 'example' || key === 'discriminator' || key === 'xml' || key === 'externalDocs') continue;
    // `properties` holds names, not keywords: an OpenAPI property may be called `example`.
    out[key] = key === 'properties' ? resolveProperties(document, value, seen, serialisation) : resolve(document, value, seen, serialisation);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

function resolveProperties(document: OpenApiDocument, properties: Json, seen: string[], serialisation: boolean): Json {
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(properties as Record<string, Json>)) {
    out[name] = resolve(document, schema, seen, serialisation);
  }
  return out;
}

export function lookupPointer(document: OpenApiDocument, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`Contract: only local $refs are supported, got ${ref}`);
  let node: Json = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in (node as object))) {
      throw new Error(`Contract: $ref ${ref} points nowhere`);
    }
    node = (node as Record<string, Json>)[key];
  }
  return node;
}

/** Follows a `$ref` at the top of an OpenAPI object (a response, a parameter, a header). */
export function resolveObject<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  let current: unknown = value;
  while (current && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
    current = lookupPointer(document, (current as { $ref: string }).$ref);
  }
  return current as T;
}
