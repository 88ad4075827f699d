import type { Contract, OpenApiOperation } from '../contract/contract.js';
import type { ContractOperation } from '../contract/operations.js';
import type { PublishedKey } from '../protocol/verify-document.js';
import type { ContractValidator } from './contract-validator.js';
import { HttpRecorder, isLoopbackHost, NetworkError, type Exchange, type RequestOptions } from './http.js';
import type { TokenMinter } from './tokens.js';
import type { CheckDefinition, CheckResult, Severity } from './types.js';

/** Why the checks that need the discovery document are skipped when it could not be read. */
export const NO_DISCOVERY = 'Overgeslagen: het ontdekkingsdocument (/organisatie) kon niet worden gelezen (zie discovery), dus er is niets om te controleren.';

/** A document the discovery document advertises, with the contract operation it answers to. */
export interface AdvertisedDocument {
  documenttype: string;
  url: string;
  mediatypen: string[];
  /** Undefined when the contract has no document of this type. */
  operation?: ContractOperation;
  openapi?: OpenApiOperation;
}

/** What one check found while it ran; becomes a `CheckResult`. */
export class CheckRun {
  readonly findings: string[] = [];
  readonly notes: string[] = [];
  skipped?: string;
  passMessage?: string;
  severity?: Severity;

  /** Records a departure from the rule; one is enough to fail the check. */
  fail(finding: string): void {
    this.findings.push(finding);
  }

  /** Records something worth knowing that is not a failure. */
  note(line: string): void {
    this.notes.push(line);
  }

  /** The check could not be made (and says why); it neither passes nor fails. */
  skip(reason: string): void {
    this.skipped = reason;
  }

  pass(message: string): void {
    this.passMessage = message;
  }
}

export interface ContextOptions {
  baseUrl: string;
  token?: string;
  /** The claim that carries the citizen's BSN in the token (the service's AUTH_BSN_CLAIM). */
  bsnClaim: string;
  mintToken?: TokenMinter;
  insecureHttp: boolean;
  now: () => Date;
}

/** Shared state of one run: the options, the contract, the recorded exchanges, what earlier checks learnt. */
export class ConformanceContext {
  readonly baseUrl: string;
  readonly loopback: boolean;
  readonly results = new Map<string, CheckResult>();
  /** The parsed discovery document, when `/organisatie` answered JSON. */
  discovery?: Record<string, unknown>;
  /** The published key set, when `/sleutels` answered one. */
  keySet?: { keys: PublishedKey[] };
  documents: AdvertisedDocument[] = [];

  constructor(
    readonly options: ContextOptions,
    readonly contract: Contract,
    readonly validator: ContractValidator,
    readonly http: HttpRecorder,
    private readonly definitions: ReadonlyMap<string, CheckDefinition>,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.loopback = isLoopbackHost(new URL(this.baseUrl).hostname);
  }

  get token(): string | undefined {
    return this.options.token;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  bearer(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  /** A GET that returns the network failure instead of throwing it, for exchanges several checks share. */
  async tryGet(url: string, options: RequestOptions): Promise<Exchange | NetworkError> {
    try {
      return await this.http.get(url, options);
    } catch (error) {
      if (error instanceof NetworkError) return error;
      throw error;
    }
  }

  /** The first advertised document, preferring `preferred`: the target of the authentication and error checks. */
  targetDocument(preferred?: string): AdvertisedDocument | undefined {
    return this.documents.find((d) => d.documenttype === preferred) ?? this.documents[0];
  }

  /**
   * Runs one check. A network failure fails it with the reason; any other exception fails
   * it as "could not be carried out", so one broken answer never stops the whole run.
   */
  async check(id: string, body: (run: CheckRun) => Promise<void> | void): Promise<void> {
    const definition = this.definitions.get(id);
    if (!definition) throw new Error(`Unknown check ${id}`);
    const run = new CheckRun();
    try {
      await body(run);
    } catch (error) {
      run.fail(error instanceof NetworkError ? error.message : `De controle kon niet worden uitgevoerd: ${(error as Error).message}`);
    }
    this.results.set(id, resultOf(definition, run));
  }

  skip(id: string, reason: string): Promise<void> {
    return this.check(id, (run) => run.skip(reason));
  }
}

const MAX_MESSAGE_FINDINGS = 1;

function resultOf(definition: CheckDefinition, run: CheckRun): CheckResult {
  const base = {
    id: definition.id,
    group: definition.group,
    title: definition.title,
    rule: definition.rule,
    severity: run.severity ?? definition.severity,
  };
  if (run.findings.length > 0) {
    const more = run.findings.length - MAX_MESSAGE_FINDINGS;
    const message = `${run.findings[0]}${more > 0 ? ` (en nog ${more} ${more === 1 ? 'bevinding' : 'bevindingen'})` : ''}`;
    return { ...base, status: 'fail', message, details: [...run.findings, ...run.notes] };
  }
  if (run.skipped !== undefined) return { ...base, status: 'skip', message: run.skipped, details: run.notes };
  return { ...base, status: 'pass', message: run.passMessage ?? definition.title, details: run.notes };
}
