import type { OpenApiDocument } from './contract.js';

type Json = unknown;

/**
 * Resolves the contract's local `$ref`s into one self-contained JSON Schema, so Fastify
 * (Ajv for validation, fast-json-stringify for serialisation) can use the contract's
 * schemas as they are. The contract has no recursive schemas; a cycle would be a contract
 * error, so it is reported instead of looping.
 */
export function resolveSchema(document: OpenApiDocument, schema: Json, seen: string[] = []): Json {
  if (Array.isArray(schema)) return schema.map((item) => resolveSchema(document, item, seen));
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, Json>;
  const ref = record.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`Contract: recursive $ref ${[...seen, ref].join(' -> ')}`);
    return resolveSchema(document, lookupPointer(document, ref), [...seen, ref]);
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(record)) {
    // OpenAPI-only keywords that JSON Schema validators do not know.
    if (key === 'example' || key === 'discriminator' || key === 'xml' || key === 'externalDocs') continue;
    // `properties` holds names, not keywords: an OpenAPI property may be called `example`.
    out[key] = key === 'properties' ? resolveProperties(document, value, seen) : resolveSchema(document, value, seen);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

function resolveProperties(document: OpenApiDocument, properties: Json, seen: string[]): Json {
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(properties as Record<string, Json>)) {
    out[name] = resolveSchema(document, schema, seen);
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
