// Shared helpers for the Blauwe Knop Spectral functions. Plain JavaScript with no
// dependency on the project's TypeScript code, so the ruleset works for anyone who
// runs `spectral lint -r spectral.yaml` against their own contract.

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Follows local `$ref`s ("#/components/...") that the resolver left in place (circular
// references). Anything else is returned as it is.
export function deref(root, node, depth = 0) {
  let current = node;
  for (let hops = depth; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32 || !current.$ref.startsWith('#/')) return current;
    let target = root;
    for (const raw of current.$ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) || Array.isArray(target) ? target[key] : undefined;
    }
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

// Header names are case-insensitive (RFC 9110).
export function hasHeader(headers, name) {
  if (!isObject(headers)) return false;
  const wanted = name.toLowerCase();
  return Object.keys(headers).some(key => key.toLowerCase() === wanted);
}

// The media type without parameters, lowercased: "application/problem+json; charset=utf-8"
// becomes "application/problem+json".
export function mediaTypeName(key) {
  return String(key).split(';')[0].trim().toLowerCase();
}

// Property names a value that matches `schema` is guaranteed to be able to carry:
// its own `properties`, those of every `allOf` member, and those that every branch of a
// `oneOf`/`anyOf` has in common.
export function propertyNames(root, schema, seen = new Set()) {
  const s = deref(root, schema);
  const names = new Set();
  if (!isObject(s) || seen.has(s)) return names;
  seen.add(s);
  if (isObject(s.properties)) for (const key of Object.keys(s.properties)) names.add(key);
  if (Array.isArray(s.allOf)) {
    for (const member of s.allOf) for (const key of propertyNames(root, member, seen)) names.add(key);
  }
  for (const keyword of ['oneOf', 'anyOf']) {
    if (!Array.isArray(s[keyword]) || s[keyword].length === 0) continue;
    const branches = s[keyword].map(branch => propertyNames(root, branch, new Set(seen)));
    for (const key of branches[0]) if (branches.every(branch => branch.has(key))) names.add(key);
  }
  seen.delete(s);
  return names;
}

// The `format` of a schema, also when it sits in an `allOf` member
// (`allOf: [{ $ref: '#/components/schemas/Datum' }]`).
export function effectiveFormat(root, schema, depth = 0) {
  const s = deref(root, schema);
  if (!isObject(s) || depth > 16) return undefined;
  if (typeof s.format === 'string') return s.format;
  if (Array.isArray(s.allOf)) {
    for (const member of s.allOf) {
      const format = effectiveFormat(root, member, depth + 1);
      if (format !== undefined) return format;
    }
  }
  return undefined;
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_SINGLES = ['items', 'additionalProperties', 'not'];

// Walks an OpenAPI 3.0 document structurally and calls
//   visitor.schema(schema, path)        for every Schema Object,
//   visitor.container(object, path)     for every object with a `schema` (Parameter,
//                                       Header, Media Type),
//   visitor.object(object, path)        for every other non-schema object.
// Example values (`example`, `examples.*.value`, `default`, `enum`) and `x-` extensions
// are data, not description, and are never entered. Each object is visited once.
export function walk(root, visitor) {
  const seen = new Set();

  function schemaNode(node, path) {
    const s = node;
    if (!isObject(s) || seen.has(s)) return;
    seen.add(s);
    visitor.schema?.(s, path);
    for (const keyword of SUBSCHEMA_MAPS) {
      if (!isObject(s[keyword])) continue;
      for (const [key, sub] of Object.entries(s[keyword])) schemaNode(sub, [...path, keyword, key]);
    }
    for (const keyword of SUBSCHEMA_LISTS) {
      if (!Array.isArray(s[keyword])) continue;
      s[keyword].forEach((sub, i) => schemaNode(sub, [...path, keyword, i]));
    }
    for (const keyword of SUBSCHEMA_SINGLES) {
      if (Array.isArray(s[keyword])) s[keyword].forEach((sub, i) => schemaNode(sub, [...path, keyword, i]));
      else if (isObject(s[keyword])) schemaNode(s[keyword], [...path, keyword]);
    }
  }

  function node(value, path, insideExamples) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => node(item, [...path, i], false));
      return;
    }
    if (!isObject(value) || seen.has(value)) return;
    seen.add(value);
    if (isObject(value.schema)) visitor.container?.(value, path);
    else visitor.object?.(value, path);
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-') || key === 'example' || key === 'default' || key === 'enum') continue;
      if (insideExamples && key === 'value') continue;
      const childPath = [...path, key];
      if (key === 'schema') {
        schemaNode(child, childPath);
      } else if (key === 'schemas' && path.length === 1 && path[0] === 'components' && isObject(child)) {
        for (const [name, schema] of Object.entries(child)) schemaNode(schema, [...childPath, name]);
      } else if (key === 'examples' && isObject(child)) {
        for (const [name, example] of Object.entries(child)) node(example, [...childPath, name], true);
      } else {
        node(child, childPath, false);
      }
    }
  }

  node(root, [], false);
}
