// bk:examples-valid: every `example` and every `examples.*.value` validates against
// its schema: a Schema Object's own `example` against that schema, and the example of
// a Media Type, Parameter or Header against that object's `schema`.
// OpenAPI 3.0 schemas are converted to JSON Schema first: `nullable: true` admits
// null, a boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the numeric form, and
// OpenAPI-only keywords (`example`, `discriminator`, `xml`, `x-...`) are dropped.
import { createRulesetFunction } from '@stoplight/spectral-core';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { deref, isObject, walk } from './_oas.js';

const DROPPED = new Set(['example', 'nullable', 'discriminator', 'xml', 'externalDocs', 'deprecated']);
const MAX_DEPTH = 64;

function toJsonSchema(root, node, depth, stack) {
  const schema = deref(root, node);
  if (!isObject(schema)) return typeof schema === 'boolean' ? schema : {};
  if (depth > MAX_DEPTH || stack.has(schema)) return {};
  stack.add(schema);
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-') || key === '$ref') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = {};
      if (isObject(value)) {
        for (const [name, sub] of Object.entries(value)) out[key][name] = toJsonSchema(root, sub, depth + 1, stack);
      }
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = Array.isArray(value) ? value.map(sub => toJsonSchema(root, sub, depth + 1, stack)) : value;
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && isObject(value))) {
      out[key] = toJsonSchema(root, value, depth + 1, stack);
    } else {
      out[key] = value;
    }
  }
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']]) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] && typeof schema[bound] === 'number') {
      out[exclusive] = schema[bound];
      delete out[bound];
    } else {
      delete out[exclusive];
    }
  }
  stack.delete(schema);
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined && (out.allOf || out.anyOf || out.oneOf)) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function describe(errors) {
  return (errors ?? [])
    .slice(0, 3)
    .map(error => `${error.instancePath === '' ? '(hoofdniveau)' : error.instancePath} ${error.message}`)
    .join('; ');
}

export default createRulesetFunction(
  { input: null, options: null },
  function examplesValid(document, _options, context) {
    const root = context.documentInventory.resolved;
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, unicodeRegExp: false, validateSchema: false });
    addFormats(ajv);
    const validators = new Map();
    const results = [];

    function check(schema, value, path) {
      let validate = validators.get(schema);
      if (validate === undefined) {
        try {
          validate = ajv.compile(toJsonSchema(root, schema, 0, new Set()));
        } catch {
          validate = null; // an invalid schema is reported by oas3-schema, not here
        }
        validators.set(schema, validate);
      }
      if (validate !== null && !validate(value)) {
        results.push({ message: describe(validate.errors), path });
      }
    }

    function checkExamples(holder, schema, path) {
      if (holder.example !== undefined) check(schema, holder.example, [...path, 'example']);
      if (isObject(holder.examples)) {
        for (const [name, raw] of Object.entries(holder.examples)) {
          const example = deref(root, raw);
          if (isObject(example) && example.value !== undefined) {
            check(schema, example.value, [...path, 'examples', name, 'value']);
          }
        }
      }
    }

    walk(document, {
      schema(schema, path) {
        if (schema.example !== undefined) check(schema, schema.example, [...path, 'example']);
      },
      container(container, path) {
        checkExamples(container, container.schema, path);
      },
    });
    return results;
  },
);
