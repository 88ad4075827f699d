import { basePathOf, loadContract, type Contract, type ContractRole } from '../../src/contract/contract.js';
import { loadDevelopmentContract } from '../../src/roles/app-beheerder/ontwikkel-login.js';
import { createContractValidator, type ObservedResponse } from '../../src/conformance/contract-validator.js';

/**
 * Validates HTTP responses against the contract: status declared for the operation,
 * content type declared, body valid against the declared schema, every required header
 * present and valid. Responses for paths outside the contract (404, 405) must be a valid
 * `Probleem`. Tests call this on every response they receive. The logic lives in
 * src/conformance/contract-validator.ts, which the conformance checker uses as well.
 */
export const contract = loadContract();
const validator = createContractValidator(contract);

export type { ObservedResponse };
export const schemaErrors = validator.schemaErrors;

type Checker = { basePath: string; validator: ReturnType<typeof createContractValidator> };

const checker = (of: Contract): Checker => ({ basePath: basePathOf(of), validator: createContractValidator(of) });

/**
 * What a role's service answers: its national contract, and for an app manager with the
 * development identity provider also the development login, which lives outside that
 * contract (openapi/ontwikkeling/) but must be checked all the same.
 */
function checkersOf(role: ContractRole, development: boolean): Checker[] {
  if (role === 'organisatie') return [{ basePath: basePathOf(contract), validator }];
  if (role === 'app-beheerder' && development) return [checker(loadContract(role)), checker(loadDevelopmentContract())];
  return [checker(loadContract(role))];
}

const roleCheckers = new Map<string, Checker[]>();

function violations(checkers: Checker[], res: ObservedResponse): string[] {
  const path = new URL(res.url, 'http://x').pathname;
  for (const { basePath, validator: v } of checkers) {
    const operation = path.startsWith(`${basePath}/`) ? v.findOperation(res.method, path.slice(basePath.length)) : undefined;
    if (operation) return v.responseViolations(operation, res);
  }
  return checkers[0]!.validator.responseViolations(undefined, res);
}

/** Returns every way the response departs from the organisation's contract; empty when it conforms. */
export function contractViolations(res: ObservedResponse): string[] {
  return contractViolationsFor('organisatie', res);
}

/**
 * The same check against the contract of another role (docs/centraal.md): the app manager's
 * or the scheme operator's. `development`: the service runs with the development identity
 * provider, so it also answers the development-only routes.
 */
export function contractViolationsFor(role: ContractRole, res: ObservedResponse, { development = false } = {}): string[] {
  const key = `${role}:${development}`;
  let checkers = roleCheckers.get(key);
  if (!checkers) {
    checkers = checkersOf(role, development);
    roleCheckers.set(key, checkers);
  }
  return violations(checkers, res);
}
