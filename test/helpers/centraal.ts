/**
 * Blauwe Knop Centraal test helpers: services of every role on 127.0.0.1 (each with a fresh
 * database, like startTestService), every response validated against its role's contract,
 * and the app side's part (an app key, DPoP proofs) done with jose.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import pino, { type Logger } from 'pino';
import type { Test as TapTest } from 'tap';
import { issueDevelopmentToken } from '../../src/auth/development-identity-provider.js';
import { loadConfig, type Role } from '../../src/config.js';
import { loggerOptions } from '../../src/logging.js';
import { createRoleService } from '../../src/roles/index.js';
import { stelselPubliekeSleutelPath } from '../../src/roles/stelselbeheerder/index.js';
import type { RoleContext } from '../../src/roles/context.js';
import { accessTokenHash } from '../../src/protocol/dpop.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { contractViolations, contractViolationsFor } from './contract.js';
import { freePort } from './processes.js';
import { placeSeededDatabase } from './seeded-database.js';
import { injectAndValidate, testDatabaseUrl, testDataDir } from './service.js';

type Test = Pick<TapTest, 'teardown' | 'same'>;

export interface RoleService {
  app: FastifyInstance;
  ctx: RoleContext;
  dataDir: string;
  /** `http://127.0.0.1:<port>/v1` (the PUBLIC_BASE_URL the service was given). */
  baseUrl: string;
  /** Sends a request in-process and asserts the response conforms to this role's contract. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  tokenFor(bsn: string): Promise<string>;
}

export interface RoleServiceOptions {
  env?: Record<string, string>;
  now?: () => Date;
  /** Listen on 127.0.0.1 (other services call this one over HTTP). */
  listen?: boolean;
  /** The service's logger (silent by default), e.g. capturingLogger() to see what is logged. */
  logger?: Logger;
}

export async function startRoleService(t: Test, role: Role, options: RoleServiceOptions = {}): Promise<RoleService> {
  const dataDir = testDataDir(t);
  const databaseUrl = await testDatabaseUrl(t);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  const config = loadConfig({
    BK_ROLE: role,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  await placeSeededDatabase(config);
  const { app, ctx } = await createRoleService(config, { logger: options.logger ?? pino(loggerOptions('silent')), ...(options.now ? { now: options.now } : {}) });
  t.teardown(() => app.close());
  if (options.listen) await app.listen({ port, host: '127.0.0.1' });
  const validate = (res: Parameters<typeof contractViolations>[0]) => (role === 'organisatie' ? contractViolations(res) : contractViolationsFor(role, res, { development: config.auth.developmentProvider }));
  return {
    app,
    ctx,
    dataDir,
    baseUrl,
    request: (injectOptions) => injectAndValidate(t, app, injectOptions, validate, `the ${role} contract`),
    tokenFor: (bsn) => issueDevelopmentToken({ dataDir, bsn, audience: config.auth.audience }),
  };
}

/** The scheme operator, listening, and the path of its public key (to pin as STELSEL_SLEUTEL). */
export async function startStelselbeheerder(t: Test, options: RoleServiceOptions = {}) {
  const service = await startRoleService(t, 'stelselbeheerder', { listen: true, ...options });
  return { ...service, sleutelPath: stelselPubliekeSleutelPath(service.dataDir) };
}

/** An app instance's key pair, as the app generates it on the device. */
export interface AppKey {
  privateKey: CryptoKey;
  /** The same private key imported for ECDH (WebCrypto keeps ECDSA and ECDH keys apart): to decrypt the JWE. */
  decryptionKey: CryptoKey;
  publicJwk: JWK;
  jkt: string;
}

export async function generateAppKey(): Promise<AppKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const publicJwk = { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! };
  const decryptionKey = (await importJWK({ ...(await exportJWK(privateKey)), alg: undefined }, 'ECDH-ES+A256KW')) as CryptoKey;
  return { privateKey, decryptionKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

export interface ProofOptions {
  method: string;
  url: string;
  accessToken?: string;
  jti?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  typ?: string;
}

/** A DPoP proof (RFC 9449) made with the app key. */
export async function dpopProof(key: AppKey, options: ProofOptions): Promise<string> {
  const proof = await new SignJWT({
    htm: options.method,
    htu: options.url,
    ...(options.accessToken ? { ath: await accessTokenHash(options.accessToken) } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'dpop+jwt', jwk: key.publicJwk })
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .sign(key.privateKey);
  return withCanonicalSignature(proof);
}

export const json = (res: LightMyRequestResponse) => JSON.parse(res.body) as Record<string, unknown>;
