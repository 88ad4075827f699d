import { importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';

/** The members a public JWK may carry; everything else (private parts, `status`, `geldig_vanaf`, …) is dropped. */
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use'] as const;
/** The members that make up the key itself (what is imported and what a thumbprint covers). */
const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

function pick(jwk: object, members: readonly string[]): JWK {
  const source = jwk as Record<string, unknown>;
  return Object.fromEntries(members.filter((m) => source[m] !== undefined).map((m) => [m, source[m]])) as JWK;
}

/**
 * The public JWK of any key as it is published, stored or received: a private JWK, a key
 * with Blauwe Knop status fields, a scheme key. The only place private members are removed.
 */
export function publicJwk(jwk: object): JWK {
  return pick(jwk, PUBLIC_MEMBERS);
}

/** Imports the public part of `jwk` for `alg`, ignoring any metadata the key carries. */
export async function importPublicKey(jwk: object, alg: string): Promise<CryptoKey | Uint8Array> {
  return importJWK(pick(jwk, KEY_MEMBERS), alg);
}

/** A private key that signs for a `kid`: the servers' keys (src/keys) and test keys fit this. */
export interface Signer {
  kid: string;
  algorithm: string;
  privateKey: CryptoKey | KeyObject;
}
