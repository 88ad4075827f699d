import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { appKeyFromPrivateJwk, type AppKey } from '../sdk/app-key.js';
import type { AfnemerConfig } from './config.js';

/**
 * The afnemer's own key pair (ES256): it signs the client assertions (RFC 7523) and the DPoP
 * proofs (RFC 9449) with which the afnemer fetches tokens, polls and revokes. Its public half
 * is what the scheme operator lists for the afnemer (`npm run stelsel -- add-afnemer`).
 */
export interface AfnemerSleutel {
  /** The public JWK with `kid` (RFC 7638 thumbprint), `alg` and `use`: what goes into the scheme. */
  publiek: JWK & { kid: string };
  /** The key as the SDK's DPoP proofs need it. */
  appKey: AppKey;
}

export const DEVELOPMENT_KEY_FILE = 'afnemer-sleutel.jwk';

/**
 * Production reads `AFNEMER_SLEUTEL_FILE`; development generates a key in the data folder on
 * first use and keeps it there (mode 0600), so the key in the scheme stays valid across restarts.
 */
export async function loadAfnemerSleutel(config: Pick<AfnemerConfig, 'dataDir' | 'sleutelFile'>): Promise<AfnemerSleutel> {
  const path = config.sleutelFile ?? join(config.dataDir, DEVELOPMENT_KEY_FILE);
  if (!config.sleutelFile && !existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(path, `${JSON.stringify(await exportJWK(privateKey))}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  const privateJwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || !privateJwk.d) throw new Error(`${path} bevat geen private EC P-256-sleutel (JWK).`);
  const appKey = await appKeyFromPrivateJwk(privateJwk);
  return { publiek: { ...appKey.publicJwk, kid: appKey.thumbprint, alg: 'ES256', use: 'sig' }, appKey };
}
