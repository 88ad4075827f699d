/**
 * The SDK's Node entry (`blauwe-knop/node`): what only a Node program such as the CLI needs.
 * The core (`blauwe-knop`) runs in a browser and imports no Node module.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import type { StelselStore } from './stelsel-store.js';

export * from './index.js';

/** A JSON file `{ "laatst_geaccepteerd": "…" }`, written atomically. */
export function fileStelselStore(path: string): StelselStore {
  return {
    async lastAccepted() {
      try {
        const value = (JSON.parse(readFileSync(path, 'utf8')) as { laatst_geaccepteerd?: unknown }).laatst_geaccepteerd;
        return typeof value === 'string' ? value : undefined;
      } catch {
        return undefined;
      }
    },
    async accept(value) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ laatst_geaccepteerd: value })}\n`, { mode: 0o600 });
      renameSync(tmp, path);
    },
  };
}

/** The pinned operator public key from its JWK file (a bare JWK or a JWK Set's first key). */
export function readPinnedOperatorKey(path: string): JWK {
  let parsed: JWK & { keys?: JWK[] };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as JWK & { keys?: JWK[] };
  } catch (error) {
    throw new Error(`Kan de sleutel van de stelselbeheerder niet lezen uit ${path}: ${(error as Error).message}`);
  }
  const key = Array.isArray(parsed.keys) ? parsed.keys[0] : parsed;
  if (!key?.kty) throw new Error(`${path} bevat geen JWK.`);
  return key;
}
