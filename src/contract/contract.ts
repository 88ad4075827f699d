import { createRequire } from 'node:module';
import appBeheerder from '../generated/contracts/app-beheerder.js';
import blauweKnop from '../generated/contracts/blauwe-knop.js';
import stelselbeheerder from '../generated/contracts/stelselbeheerder.js';

/**
 * The OpenAPI contracts, as bundled by `npm run bundle` (openapi/<role>.yaml with the shared
 * components of openapi/common/) and compiled in as modules, so loading one reads no file.
 * Everything a service declares about itself (routes, schemas, version, which operations
 * are certified documents) comes from here, so the contract stays the single source of truth.
 */
const DOCUMENTS = {
  organisatie: blauweKnop,
  'app-beheerder': appBeheerder,
  stelselbeheerder,
} as const;

/** The role whose contract it is (docs/centraal.md): the organisation's is the Basis contract. */
export type ContractRole = keyof typeof DOCUMENTS;

/** The published single-file contracts (linted, shipped in the conformance kit), relative to the repository root. */
export const BUNDLED_CONTRACT_FILES: Readonly<Record<ContractRole, string>> = {
  organisatie: 'openapi/bundled/blauwe-knop.yaml',
  'app-beheerder': 'openapi/bundled/app-beheerder.yaml',
  stelselbeheerder: 'openapi/bundled/stelselbeheerder.yaml',
};

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}

export interface OpenApiResponse {
  description?: string;
  headers?: Record<string, { required?: boolean; schema?: Record<string, unknown> }>;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> } | { $ref: string };
  responses: Record<string, OpenApiResponse>;
  'x-bk-gewaarmerkt'?: boolean;
  'x-bk-documenttype'?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: Record<string, Record<string, unknown>>;
}

export interface Contract {
  document: OpenApiDocument;
  version: string;
  /** The contract as served at /openapi.json and /openapi.yaml. */
  json: string;
  readonly yaml: string;
}

/**
 * A contract ready to serve: its document, version, and the JSON and YAML text of it. The YAML
 * is written when first asked for: importing the yaml package and writing took about 0.05 and
 * 0.1 CPU-s of every start (3 December 2026), for a representation few clients fetch. The package ships
 * CommonJS for Node, so require gives it synchronously.
 */
export function contractFrom(document: OpenApiDocument): Contract {
  let yaml: string | undefined;
  return {
    document,
    version: document.info.version,
    json: JSON.stringify(document),
    get yaml() {
      yaml ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(document, { lineWidth: 0 });
      return yaml;
    },
  };
}

const loaded = new Map<ContractRole, Contract>();

/** The contract a role serves; built once per role. */
export function loadContract(role: ContractRole = 'organisatie'): Contract {
  let contract = loaded.get(role);
  if (!contract) {
    contract = contractFrom(DOCUMENTS[role] as OpenApiDocument);
    loaded.set(role, contract);
  }
  return contract;
}

/** `/v1`: the major version as a path segment, as the ADR requires of the server URLs. */
export function basePathOf(contract: Contract): string {
  const major = contract.version.split('.')[0];
  return `/v${major}`;
}
