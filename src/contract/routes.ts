import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';
import { HTTP_METHODS, type Contract, type OpenApiOperation, type OpenApiParameter, type OpenApiResponse } from './contract.js';
import { resolveObject, resolveSchema } from './json-schema.js';

/** One operation of the contract, as the service routes it. */
export interface ContractOperation {
  operationId: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The contract's path, e.g. `/financiele-verplichtingen`. */
  path: string;
  /** Media types of the success response, in the contract's order (first is the default). */
  produces: string[];
  /** Needs a citizen's access token (the operation has a non-empty security requirement). */
  secured: boolean;
  /** The security schemes the operation accepts (e.g. `burgerToken`, `afnemerToken`). */
  securitySchemes: string[];
  /** Answers a certified ("gewaarmerkt") document: signed, with Payload-Signature and Content-Digest. */
  certified: boolean;
  /** An open resource: its success response declares `Access-Control-Allow-Origin` (`*`). */
  openToAllOrigins: boolean;
  documenttype?: string;
}

export function contractOperations(contract: Contract): ContractOperation[] {
  const { document } = contract;
  const operations: ContractOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const security = operation.security ?? document.security ?? [];
      const success = successResponse(contract, operation);
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase() as ContractOperation['method'],
        path,
        produces: Object.keys(success?.content ?? {}),
        secured: security.some((requirement) => Object.keys(requirement).length > 0),
        securitySchemes: [...new Set(security.flatMap((requirement) => Object.keys(requirement)))],
        certified: operation['x-bk-gewaarmerkt'] === true,
        openToAllOrigins: Object.keys(success?.headers ?? {}).some((name) => name.toLowerCase() === 'access-control-allow-origin'),
        ...(operation['x-bk-documenttype'] ? { documenttype: operation['x-bk-documenttype'] } : {}),
      });
    }
  }
  return operations;
}

function successResponse(contract: Contract, operation: OpenApiOperation): OpenApiResponse | undefined {
  const status = Object.keys(operation.responses).find((code) => code.startsWith('2'));
  return status ? resolveObject(contract.document, operation.responses[status]!) : undefined;
}

/**
 * The Fastify route schema of an operation, taken from the contract: query, path and header
 * parameters (unknown query parameters are refused, so a typo is an error and not a silently
 * ignored filter) and the JSON schemas of the success response, which Fastify uses to
 * serialise, so the service cannot answer fields the contract does not have.
 */
export function routeSchemaOf(contract: Contract, operation: OpenApiOperation): RouteOptions['schema'] {
  const { document } = contract;
  const parameters = (operation.parameters ?? []).map((p) => resolveObject<OpenApiParameter>(document, p));
  const group = (location: OpenApiParameter['in'], closed: boolean) => {
    const selected = parameters.filter((p) => p.in === location);
    if (selected.length === 0 && !closed) return undefined;
    return {
      type: 'object',
      properties: Object.fromEntries(selected.map((p) => [location === 'header' ? p.name.toLowerCase() : p.name, resolveSchema(document, p.schema ?? {})])),
      required: selected.filter((p) => p.required).map((p) => (location === 'header' ? p.name.toLowerCase() : p.name)),
      additionalProperties: !closed,
    };
  };
  const response: Record<string, unknown> = {};
  for (const [status, declared] of Object.entries(operation.responses)) {
    if (!status.startsWith('2')) continue;
    const schema = resolveObject<OpenApiResponse>(document, declared).content?.['application/json']?.schema;
    if (schema) response[status] = resolveSchema(document, schema);
  }
  const params = group('path', false);
  const headers = group('header', false);
  const requestBody = operation.requestBody
    ? resolveObject<{ content?: Record<string, { schema?: Record<string, unknown> }> }>(document, operation.requestBody)
    : undefined;
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  return {
    querystring: group('query', true),
    ...(bodySchema ? { body: resolveSchema(document, bodySchema) } : {}),
    ...(params ? { params } : {}),
    ...(headers ? { headers } : {}),
    response,
  } as RouteOptions['schema'];
}

export type OperationHandlers = Record<string, RouteHandlerMethod>;

/**
 * Registers one route per contract operation under `basePath`. A missing handler or a
 * handler without an operation stops start-up: the service and the contract must not drift.
 */
export function registerContractRoutes(
  app: FastifyInstance,
  contract: Contract,
  basePath: string,
  handlers: OperationHandlers,
  routeOptions: (operation: ContractOperation) => Partial<RouteOptions> = () => ({}),
): ContractOperation[] {
  const operations = contractOperations(contract);
  const ids = new Set(operations.map((o) => o.operationId));
  const missing = operations.filter((o) => !handlers[o.operationId]).map((o) => `${o.operationId} (${o.method} ${o.path})`);
  const extra = Object.keys(handlers).filter((id) => !ids.has(id));
  if (missing.length > 0 || extra.length > 0) {
    const lines = [
      ...(missing.length ? [`operations in the contract without a handler: ${missing.join(', ')}`] : []),
      ...(extra.length ? [`handlers without an operation in the contract: ${extra.join(', ')}`] : []),
    ];
    throw new Error(`The service does not match its contract: ${lines.join('; ')}`);
  }
  for (const operation of operations) {
    const openapi = contract.document.paths[operation.path]![operation.method.toLowerCase() as 'get']!;
    app.route({
      method: operation.method,
      // The contract's `{name}` path parameters are Fastify's `:name`.
      url: `${basePath}${operation.path.replace(/\{([^}]+)\}/g, ':$1')}`,
      schema: routeSchemaOf(contract, openapi),
      handler: handlers[operation.operationId]!,
      config: { operation },
      ...routeOptions(operation),
    });
  }
  return operations;
}
