/**
 * What the scheme operator changes (src/cli/stelsel.ts): participants and their keys. Keys
 * come from a participant's published key set (`/v1/sleutels`) or from a file (JWK, JWK Set
 * or PEM public key).
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { Db } from '../../data/database.js';
import { putStelselSleutel, type EigenaarSoort } from '../../data/stelsel.js';
import type { Intrekkingsreden } from '../../protocol/intrekking.js';

/** A key as found in a key set: a JWK, possibly with the Basis status fields. */
export type GevondenSleutel = JWK & { status?: string; geldig_vanaf?: string; uitgefaseerd_op?: string; ingetrokken_op?: string; intrekkingsreden?: Intrekkingsreden };

function keysOfJson(value: unknown): GevondenSleutel[] {
  const v = value as { keys?: unknown; kty?: unknown };
  if (Array.isArray(v?.keys)) return v.keys as GevondenSleutel[];
  if (typeof v?.kty === 'string') return [v as GevondenSleutel];
  throw new Error('Geen JWK of JWK Set');
}

export async function sleutelsUitBestand(path: string): Promise<GevondenSleutel[]> {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('{')) return keysOfJson(JSON.parse(text));
  const jwk = await exportJWK(createPublicKey(text));
  return [jwk];
}

export async function sleutelsVanUrl(url: string, fetcher: typeof fetch = fetch): Promise<GevondenSleutel[]> {
  const response = await fetcher(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} antwoordde ${response.status}`);
  return keysOfJson(await response.json());
}

/**
 * Stores keys for a participant. Validity comes from the key set where it says so
 * (`geldig_vanaf`; `uitgefaseerd_op` becomes `geldig_tot`; `ingetrokken_op`), otherwise
 * from now. A key without kid gets its RFC 7638 thumbprint.
 */
export async function importeerSleutels(db: Db, eigenaarSoort: EigenaarSoort, eigenaar: string, keys: GevondenSleutel[], now: Date): Promise<string[]> {
  const kids: string[] = [];
  for (const key of keys) {
    const { status: _s, geldig_vanaf, uitgefaseerd_op, ingetrokken_op, intrekkingsreden, ...jwk } = key;
    if ('d' in jwk) throw new Error('Dit is een privésleutel: geef de publieke sleutel');
    const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
    await putStelselSleutel(db, {
      eigenaarSoort,
      eigenaar,
      jwk: { ...jwk, kid },
      geldigVanaf: geldig_vanaf ? new Date(geldig_vanaf) : now,
      geldigTot: uitgefaseerd_op ? new Date(uitgefaseerd_op) : null,
      ingetrokkenOp: ingetrokken_op ? new Date(ingetrokken_op) : null,
      intrekkingsreden: intrekkingsreden ?? null,
    });
    kids.push(kid);
  }
  return kids;
}
