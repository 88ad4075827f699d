import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Contract, OpenApiOperation, OpenApiParameter, OpenApiResponse } from './contract.js';
import { contractOperations, type ContractOperation } from './operations.js';
import { resolveObject, resolveSchema, resolveSerialisationSchema } from './json-schema.js';

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
    if (schema) response[status] = resolveSerialisationSchema(document, schema);
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
