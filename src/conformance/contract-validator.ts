import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Contract, OpenApiOperation, OpenApiResponse } from '../contract/contract.js';
import { resolveObject, resolveSchema } from '../contract/json-schema.js';

/** A response as observed on the wire (or from `inject`), in the shape the validator reads. */
export interface ObservedResponse {
  method: string;
  url: string;
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface ViolationOptions {
  /**
   * Declared headers not to check here (lowercase names), because another check owns them:
   * the conformance checker reports `API-Version` and the signature headers on their own, so
   * one fault gives one failing check.
   */
  ignoreHeaders?: readonly string[];
}

export interface ContractValidator {
  /** A compiled validator for a `#/components/...` pointer or an inline (OpenAPI) schema. */
  schemaValidator(pointerOrSchema: string | object): ValidateFunction;
  /** Validates a value against `#/components/schemas/<name>`; returns the list of errors. */
  schemaErrors(name: string, value: unknown): string[];
  errorsText(errors: ErrorObject[] | null | undefined): string;
  /** The contract operation for a method and a path relative to the base path (`/organisatie`). */
  findOperation(method: string, path: string): OpenApiOperation | undefined;
  /**
   * Every way the response departs from the contract; empty when it conforms. `operation`
   * undefined means the path is outside the contract: then only an error (a `Probleem`) fits.
   */
  responseViolations(operation: OpenApiOperation | undefined, res: ObservedResponse, options?: ViolationOptions): string[];
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface ValidatorOptions {
  /**
   * Rewrites the `message` of each error in place, in another language (an ajv-i18n
   * `localize` function). The conformance checker reports in Dutch; the tests keep ajv's English.
   */
  localize?: (errors: ErrorObject[]) => void;
}

/** What one ajv error says, with the detail its message leaves out (which property, which value). */
export function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(het geheel)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  const extra =
    error.keyword === 'additionalProperties' ? ` ("${String(params.additionalProperty)}")` : error.keyword === 'enum' ? ` (${JSON.stringify(params.allowedValues)})` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/**
 * Validates HTTP responses against the contract: status declared for the operation, content
 * type declared, body valid against the declared schema, every required header present and
 * valid. Used by the tests (on every response they receive) and by the conformance checker
 * (on the responses of an implementation under test).
 */
export function createContractValidator(contract: Pick<Contract, 'document'>, options: ValidatorOptions = {}): ContractValidator {
  const document = contract.document;
  /** Every error on its own line (ajv's errorsText joins them into one), localised on a copy. */
  const errorLines = (errors: ErrorObject[] | null | undefined): string[] => {
    const copies = (errors ?? []).map((error) => ({ ...error }));
    options.localize?.(copies);
    return copies.map(describeError);
  };
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const compiled = new Map<string, ValidateFunction>();

  const schemaValidator = (pointerOrSchema: string | object): ValidateFunction => {
    const key = typeof pointerOrSchema === 'string' ? pointerOrSchema : JSON.stringify(pointerOrSchema);
    let validate = compiled.get(key);
    if (!validate) {
      const schema = typeof pointerOrSchema === 'string' ? { $ref: pointerOrSchema } : pointerOrSchema;
      validate = ajv.compile(resolveSchema(document, schema) as object);
      compiled.set(key, validate);
    }
    return validate;
  };

  const responseViolations = (operation: OpenApiOperation | undefined, res: ObservedResponse, options: ViolationOptions = {}): string[] => {
    const ignored = new Set((options.ignoreHeaders ?? []).map((name) => name.toLowerCase()));
    const problems: string[] = [];
    let response: OpenApiResponse | undefined;
    if (operation) {
      const declared = operation.responses[String(res.statusCode)];
      if (!declared) return [`status ${res.statusCode} is not declared for ${operation.operationId}`];
      response = resolveObject<OpenApiResponse>(document, declared);
    } else {
      // Outside the contract's operations only errors are possible, and they are problems.
      if (res.statusCode < 400) return [`${res.method} ${res.url} answered ${res.statusCode} but is not in the contract`];
      response = document.components.responses?.NietGevonden
        ? resolveObject<OpenApiResponse>(document, { $ref: '#/components/responses/NietGevonden' })
        : { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } } } };
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (ignored.has(name.toLowerCase())) continue;
      const resolved = resolveObject(document, header);
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) {
        if (resolved.required) problems.push(`required header ${name} missing`);
        continue;
      }
      if (resolved.schema) {
        const validate = schemaValidator(resolved.schema);
        if (!validate(String(value))) for (const line of errorLines(validate.errors)) problems.push(`header ${name}: ${line}`);
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
      if (!validate(body)) for (const line of errorLines(validate.errors)) problems.push(`body ${line}`);
    }
    return problems;
  };

  return {
    schemaValidator,
    schemaErrors(name, value) {
      const validate = schemaValidator(`#/components/schemas/${name}`);
      return validate(value) ? [] : errorLines(validate.errors);
    },
    errorsText: (errors) => ajv.errorsText(errors),
    findOperation(method, path) {
      const exact = document.paths[path];
      if (exact) return exact[method.toLowerCase() as 'get'];
      // A path template (`/app-registraties/{registratie_id}`): match segment by segment.
      const segments = path.split('/');
      for (const [template, item] of Object.entries(document.paths)) {
        const parts = template.split('/');
        if (parts.length !== segments.length) continue;
        if (parts.every((part, i) => (/^\{[^}]+\}$/.test(part) ? segments[i] !== '' : part === segments[i]))) {
          return item[method.toLowerCase() as 'get'];
        }
      }
      return undefined;
    },
    responseViolations,
  };
}
