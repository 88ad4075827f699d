import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The OpenAPI contract, loaded once. Everything the service declares about itself (routes,
 * schemas, version, which operations are certified documents) is read from here, so the
 * contract stays the single source of truth.
 */
export const CONTRACT_PATH = findPackageFile(join('openapi', 'blauwe-knop.yaml'));

/** The contract each role serves (docs/centraal.md): the organisation's is the Basis contract. */
export const CONTRACT_FILES = {
  organisatie: 'blauwe-knop.yaml',
  'app-beheerder': 'app-beheerder.yaml',
  stelselbeheerder: 'stelselbeheerder.yaml',
} as const;

export type ContractRole = keyof typeof CONTRACT_FILES;

export function contractPathFor(role: ContractRole): string {
  return findPackageFile(join('openapi', CONTRACT_FILES[role]));
}

/** Finds a file of this package from both `src/` (tsx, tests) and `dist/src/` (compiled). */
export function findPackageFile(relativePath: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${relativePath} in this package`);
    dir = parent;
  }
}

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
  yaml: string;
}

export function loadContract(path: string = CONTRACT_PATH): Contract {
  const yaml = readFileSync(path, 'utf8');
  const document = parse(yaml) as OpenApiDocument;
  return { document, version: document.info.version, json: JSON.stringify(document), yaml };
}

/** `/v1`: the major version as a path segment, as the ADR requires of the server URLs. */
export function basePathOf(contract: Contract): string {
  const major = contract.version.split('.')[0];
  return `/v${major}`;
}
