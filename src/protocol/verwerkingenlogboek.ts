/**
 * The citizen's access log (Blauwe Knop Plus): how each entry is hashed into the citizen's
 * chain, and how the app verifies the chain and the bronhouder's signed head. Wire rules
 * only (jose and Web Crypto), so the citizen's app uses this same module.
 *
 * Each entry's `hash` is SHA-256 over the RFC 8785 canonical JSON of all its other fields,
 * `vorige_hash` included; the first entry's `vorige_hash` is "". The head is a JWS over
 * `{ aantal, bronhouder, hash, uitgegeven_op }`: an app that kept an earlier head can show
 * that every entry it saw then is still there, unchanged, in the same place.
 */
import { canonicalJson } from './canonical-json.js';
import type { components } from '../generated/api.js';
import { verifyCompactDocument, type PublishedKey } from './verify-document.js';

export const LOGBOEKHOOFD_TYPE = 'bk-logboekhoofd+jws';

export type Verwerking = components['schemas']['Verwerking'];
export type Verwerkingenlogboek = components['schemas']['Verwerkingenlogboek'];

export interface Logboekhoofd {
  aantal: number;
  bronhouder: string;
  hash: string;
  uitgegeven_op: string;
}

const canonical = canonicalJson;

export async function sha256Hash(text: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `sha256:${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The hash of an entry: over every field but `hash` itself. */
export async function verwerkingHash(entry: Omit<Verwerking, 'hash'>): Promise<string> {
  return sha256Hash(canonical(entry));
}

export function logboekhoofdBytes(hoofd: Logboekhoofd): Uint8Array {
  return new TextEncoder().encode(canonical(hoofd));
}

export class LogboekError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogboekError';
  }
}

/**
 * Verifies a log as the app receives it: the chain (numbering, links, hashes), the signed
 * head over its end, and, given a head the app kept from before, that the log still begins
 * with what that head covered.
 */
export async function verifyVerwerkingenlogboek(
  logboek: Verwerkingenlogboek,
  keySet: { keys: PublishedKey[] },
  options: { bronhouder: string; eerderHoofd?: Logboekhoofd },
): Promise<Logboekhoofd> {
  let vorige = '';
  for (const [index, entry] of logboek.verwerkingen.entries()) {
    if (entry.volgnummer !== index + 1) throw new LogboekError(`Regel ${index + 1} heeft volgnummer ${entry.volgnummer}: er ontbreekt een regel.`);
    if (entry.vorige_hash !== vorige) throw new LogboekError(`Regel ${entry.volgnummer} wijst niet naar de regel ervoor.`);
    const { hash, ...rest } = entry;
    if ((await verwerkingHash(rest)) !== hash) throw new LogboekError(`Regel ${entry.volgnummer} is veranderd (hash klopt niet).`);
    vorige = hash;
  }
  const verified = await verifyCompactDocument(logboek.hoofd, keySet, LOGBOEKHOOFD_TYPE);
  const hoofd = JSON.parse(new TextDecoder().decode(verified.payload)) as Logboekhoofd;
  if (hoofd.bronhouder !== options.bronhouder) throw new LogboekError('Het hoofd is van een andere bronhouder.');
  if (hoofd.aantal !== logboek.verwerkingen.length || hoofd.hash !== vorige) throw new LogboekError('Het ondertekende hoofd past niet bij de regels.');
  const eerder = options.eerderHoofd;
  if (eerder) {
    const toen = logboek.verwerkingen[eerder.aantal - 1];
    if (eerder.aantal > 0 && (!toen || toen.hash !== eerder.hash)) throw new LogboekError('Sinds het vorige hoofd is een regel weggelaten of veranderd.');
  }
  return hoofd;
}
