import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { publicJwk } from '../protocol/jwk.js';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER } from '../config.js';
import { withCanonicalSignature } from '../protocol/canonical-signature.js';

/**
 * A stand-in for DigiD on a developer's machine: a key pair created locally in the data
 * folder, trusted only in development mode, so `npm run token` can log in a demo citizen.
 */
export function developmentKeyPath(dataDir: string): string {
  return join(dataDir, 'ontwikkel-idp', 'private-key.jwk');
}

async function ensureDevelopmentKey(dataDir: string): Promise<JWK> {
  const path = developmentKeyPath(dataDir);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = 'ES256';
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Whole or not at all: written aside, then linked into place (a crash mid-write must not
  // leave a truncated key that stops every later start). The link fails when another process
  // (the service, `npm run token`) was first; then its key is the one.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(jwk), { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(path, 'utf8')) as JWK;
  } finally {
    unlinkSync(temporary);
  }
  return jwk;
}

export async function developmentJwks(dataDir: string): Promise<JSONWebKeySet> {
  return { keys: [{ ...publicJwk(await ensureDevelopmentKey(dataDir)), use: 'sig' }] };
}

export interface DevelopmentTokenOptions {
  dataDir: string;
  bsn: string;
  audience?: string;
  bsnClaim?: string;
  expiresInSeconds?: number;
  /**
   * Claims that replace the usual ones (`exp`, `nbf`, `iat`, `aud`, …): a token that is
   * valid except for what is chosen here, for the conformance checker's `--token-command`.
   */
  claims?: Record<string, unknown>;
}

export async function issueDevelopmentToken(options: DevelopmentTokenOptions): Promise<string> {
  const jwk = await ensureDevelopmentKey(options.dataDir);
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    [options.bsnClaim ?? 'bsn']: options.bsn,
    iss: DEVELOPMENT_ISSUER,
    aud: options.audience ?? DEFAULT_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT' })
    .sign(key);
  return withCanonicalSignature(token);
}
