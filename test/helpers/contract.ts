import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { basePathOf, loadContract, type OpenApiDocument, type OpenApiOperation, type OpenApiResponse } from '../../src/contract/contract.js';
import { resolveObject, resolveSchema } from '../../src/contract/json-schema.js';

/**
 * Validates HTTP responses against the contract: status declared for the operation,
 * content type declared, body valid against the declared schema, every required header
 * present and valid. Responses for paths outside the contract (404, 405) must be a valid
 * `Probleem`. Tests call this on every response they receive.
 */
export const contract = loadContract();
const document: OpenApiDocument = contract.document;
const basePath = basePathOf(contract);

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(pointerOrSchema: string | object): ValidateFunction {
  const key = typeof pointerOrSchema === 'string' ? pointerOrSchema : JSON.stringify(pointerOrSchema);
  let validate = compiled.get(key);
  if (!validate) {
    const schema = typeof pointerOrSchema === 'string' ? { $ref: pointerOrSchema } : pointerOrSchema;
    validate = ajv.compile(resolveSchema(document, schema) as object);
    compiled.set(key, validate);
  }
  return validate;
}

/** Validates a value against `#/components/schemas/<name>`; returns the list of errors. */
export function schemaErrors(name: string, value: unknown): string[] {
  const validate = schemaValidator(`#/components/schemas/${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export interface ObservedResponse {
  method: string;
  url: string;
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

function findOperation(method: string, url: string): OpenApiOperation | undefined {
  const path = new URL(url, 'http://x').pathname;
  if (!path.startsWith(`${basePath}/`)) return undefined;
  const item = document.paths[path.slice(basePath.length)];
  return item?.[method.toLowerCase() as 'get'];
}

/** Returns every way the response departs from the contract; empty when it conforms. */
export function contractViolations(res: ObservedResponse): string[] {
  const problems: string[] = [];
  const operation = findOperation(res.method, res.url);
  let response: OpenApiResponse | undefined;
  if (operation) {
    const declared = operation.responses[String(res.statusCode)];
    if (!declared) return [`status ${res.statusCode} is not declared for ${operation.operationId}`];
    response = resolveObject(document, declared);
  } else {
    // Outside the contract's operations only errors are possible, and they are problems.
    if (res.statusCode < 400) return [`${res.method} ${res.url} answered ${res.statusCode} but is not in the contract`];
    response = resolveObject(document, { $ref: '#/components/responses/NietGevonden' });
  }
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const resolved = resolveObject(document, header);
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (resolved.required) problems.push(`required header ${name} missing`);
      continue;
    }
    if (resolved.schema) {
      const validate = schemaValidator(resolved.schema);
      if (!validate(String(value))) problems.push(`header ${name}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    if (res.body.length > 0) problems.push('a body where the contract declares none');
    return problems;
  }
  const media = content[contentType];
  if (!media) return [...problems, `content type ${contentType || '(none)'} not declared (declared: ${Object.keys(content).join(', ')})`];
  if (media.schema) {
    let body: unknown = res.body;
    if (contentType.endsWith('json')) {
      try {
        body = JSON.parse(res.body);
      } catch {
        return [...problems, 'body is not valid JSON'];
      }
    }
    const validate = schemaValidator(media.schema);
    if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
}
