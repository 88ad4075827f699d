import { basePathOf, contractPathFor, loadContract, type ContractRole } from '../../src/contract/contract.js';
import { createContractValidator, type ObservedResponse } from '../../src/conformance/contract-validator.js';

/**
 * Validates HTTP responses against the contract: status declared for the operation,
 * content type declared, body valid against the declared schema, every required header
 * present and valid. Responses for paths outside the contract (404, 405) must be a valid
 * `Probleem`. Tests call this on every response they receive. The logic lives in
 * src/conformance/contract-validator.ts, which the conformance checker uses as well.
 */
export const contract = loadContract();
const basePath = basePathOf(contract);
const validator = createContractValidator(contract);

export type { ObservedResponse };
export const schemaValidator = validator.schemaValidator;
export const schemaErrors = validator.schemaErrors;

/** Returns every way the response departs from the contract; empty when it conforms. */
export function contractViolations(res: ObservedResponse): string[] {
  const path = new URL(res.url, 'http://x').pathname;
  const operation = path.startsWith(`${basePath}/`) ? validator.findOperation(res.method, path.slice(basePath.length)) : undefined;
  return validator.responseViolations(operation, res);
}

const roleValidators = new Map<ContractRole, { basePath: string; validator: ReturnType<typeof createContractValidator> }>();

/** The same check against the contract of another role (docs/centraal.md): the app manager's or the scheme operator's. */
export function contractViolationsFor(role: ContractRole, res: ObservedResponse): string[] {
  let entry = roleValidators.get(role);
  if (!entry) {
    const roleContract = loadContract(contractPathFor(role));
    entry = { basePath: basePathOf(roleContract), validator: createContractValidator(roleContract) };
    roleValidators.set(role, entry);
  }
  const path = new URL(res.url, 'http://x').pathname;
  const operation = path.startsWith(`${entry.basePath}/`) ? entry.validator.findOperation(res.method, path.slice(entry.basePath.length)) : undefined;
  return entry.validator.responseViolations(operation, res);
}
