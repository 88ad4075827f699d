import { HTTP_METHODS, type Contract, type OpenApiOperation, type OpenApiResponse } from './contract.js';
import { resolveObject } from './json-schema.js';

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
