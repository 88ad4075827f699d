import { loadContract, type Contract } from '../contract/contract.js';
import { authenticationChecks, runAuthenticationChecks } from './checks/authentication.js';
import { contractChecks, fetchContract, runContractChecks } from './checks/contract.js';
import { discoveryChecks, runDiscoveryChecks } from './checks/discovery.js';
import { documentChecks, runDocumentChecks } from './checks/documents.js';
import { errorChecks, runErrorChecks } from './checks/errors.js';
import { headerChecks, runHeaderChecks } from './checks/headers.js';
import { ConformanceContext } from './context.js';
import localizeNlModule from 'ajv-i18n/localize/nl/index.js';
import type { ErrorObject } from 'ajv';
import { createContractValidator } from './contract-validator.js';
import { HttpRecorder, NetworkError } from './http.js';
import type { TokenMinter } from './tokens.js';
import { summarise, type CheckDefinition, type CheckResult, type ConformanceReport } from './types.js';

/** ajv-i18n is CommonJS: Node's default import is the localize function itself. */
const localizeNl = localizeNlModule as unknown as (errors: ErrorObject[]) => void;

/** Every check, in report order. The ids are stable: CI configurations and dashboards refer to them. */
export const CHECKS: readonly CheckDefinition[] = [
  ...contractChecks,
  ...discoveryChecks,
  ...documentChecks,
  ...authenticationChecks,
  ...errorChecks,
  ...headerChecks,
];

export interface ConformanceOptions {
  /** The implementation's base URL, including the version segment: `https://api.gemeente.example/blauwe-knop/v1`. */
  baseUrl: string;
  /** A citizen's access token; without one the document checks are skipped. */
  token?: string;
  /** The claim of the token that carries the BSN, as the implementation's AUTH_BSN_CLAIM; default `bsn`. */
  bsnClaim?: string;
  /**
   * Mints tokens for the same citizen with chosen claims (see `TokenMinter`), so the
   * expired, not-yet-valid and wrong-audience checks use tokens that are otherwise valid.
   */
  mintToken?: TokenMinter;
  /** Accept plain http on hosts other than localhost (a test environment without TLS). */
  insecureHttp?: boolean;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** The reference contract; default this package's (openapi/bundled/blauwe-knop.yaml, compiled in). */
  contract?: Contract;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** The base URL does not answer at all (no HTTP response to `<base>/openapi.json`). */
export class BaseUrlUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseUrlUnreachableError';
  }
}

/** Throws on a base URL that is not an absolute http(s) URL without query or fragment. */
export function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`--base-url ${baseUrl} is geen geldige URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`--base-url moet met https:// (of http://) beginnen, niet ${url.protocol}`);
  if (url.search || url.hash) throw new TypeError('--base-url mag geen query of fragment hebben');
  return url.toString().replace(/\/+$/, '');
}

/**
 * Runs every check against a running implementation and returns the report. Uses only
 * `fetch`; the reference is the contract of this package. Throws `BaseUrlUnreachableError`
 * when the base URL does not answer at all.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const contract = options.contract ?? loadContract();
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const started = Date.now();
  const ctx = new ConformanceContext(
    {
      baseUrl: normaliseBaseUrl(options.baseUrl),
      ...(options.token ? { token: options.token } : {}),
      bsnClaim: options.bsnClaim ?? 'bsn',
      ...(options.mintToken ? { mintToken: options.mintToken } : {}),
      insecureHttp: options.insecureHttp ?? false,
      now,
    },
    contract,
    createContractValidator(contract, { localize: localizeNl }),
    new HttpRecorder(options.timeoutMs ?? 15_000, options.fetch ?? fetch),
    new Map(CHECKS.map((check) => [check.id, check])),
  );

  let contractExchange;
  try {
    contractExchange = await fetchContract(ctx);
  } catch (error) {
    if (error instanceof NetworkError) throw new BaseUrlUnreachableError(error.message);
    throw error;
  }
  await runContractChecks(ctx, contractExchange);
  await runDiscoveryChecks(ctx);
  await runDocumentChecks(ctx);
  await runAuthenticationChecks(ctx);
  await runErrorChecks(ctx);
  // Last: these judge every exchange made before.
  await runHeaderChecks(ctx);

  const checks: CheckResult[] = CHECKS.map(
    (definition) =>
      ctx.results.get(definition.id) ?? {
        ...definition,
        status: 'skip',
        message: 'Niet uitgevoerd.',
        details: [],
      },
  );
  return {
    tool: 'blauwe-knop-conformance',
    baseUrl: ctx.baseUrl,
    contractVersion: contract.version,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - started,
    tokenGiven: Boolean(options.token),
    checks,
    summary: summarise(checks),
  };
}
