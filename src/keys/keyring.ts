import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose';
import { crashPoint } from '../crash-point.js';
import type { components } from '../generated/api.js';
import type { Intrekkingsreden } from '../protocol/intrekking.js';
import { generateSigningKey, privateJwkOf, readSigningKeyFile, type SigningAlgorithm, type SigningKey } from './signing-key.js';

export type Sleutel = components['schemas']['Sleutel'];
export type KeyStatus = Sleutel['status'];

/** What the keyring needs from storage: the public half and the history of every key. */
export interface StoredSigningKey {
  kid: string;
  organisationOin: string;
  algorithm: string;
  publicJwk: string;
  status: KeyStatus;
  createdAt: Date;
  retiredAt?: Date | null;
  revokedAt?: Date | null;
  revocationReason?: Intrekkingsreden | null;
}

export interface SigningKeyStore {
  list(oin: string): Promise<StoredSigningKey[]>;
  insert(key: StoredSigningKey): Promise<void>;
  setStatus(kid: string, status: KeyStatus, at: Date): Promise<void>;
  revoke(kid: string, reason: Intrekkingsreden, at: Date): Promise<void>;
}

/** The key this instance holds is no longer `actief` and no active key is at hand: signing is refused. */
export class SigningKeyUnusableError extends Error {
  constructor(kid: string, status: string) {
    super(`Signing key ${kid} is ${status}, and this instance has no active key to take its place`);
    this.name = 'SigningKeyUnusableError';
  }
}

/**
 * How stale this instance's view of its key's status may be. Rotation and revocation happen
 * in other processes (the keys CLI, another replica); within this bound every instance
 * stops signing with a key that is no longer active.
 */
export const KEY_STATUS_MAX_AGE_MS = 1_000;

export interface KeySource {
  algorithm: SigningAlgorithm;
  /** Production: the organisation's key, managed outside this service. */
  keyFile?: string;
  /** Development: where a generated key is kept between starts. */
  dataDir: string;
}

export function developmentSigningKeyPath(dataDir: string, oin: string): string {
  return join(dataDir, 'ondertekening', `${oin}.private-key.jwk`);
}

function writePrivateKey(path: string, jwk: JWK): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(jwk), { mode: 0o600 });
  renameSync(temporary, path);
}

/**
 * The organisation's signing keys. One key signs; every earlier key stays published, as
 * `uitgefaseerd` after a rotation or `ingetrokken` after a revocation, so documents signed
 * earlier keep verifying. The active key is whatever the configuration (or, in development,
 * the data folder) holds; starting with a new key retires the previous one.
 */
export class SigningKeyring {
  private constructor(
    private readonly store: SigningKeyStore,
    private readonly oin: string,
    private readonly source: KeySource,
    private current: SigningKey,
  ) {}

  private checkedAt = 0;
  private checking: Promise<SigningKey> | undefined;
  private readonly signedListeners: ((soort: string) => void)[] = [];

  /** Tells `listener` of every signature made with this keyring's keys (the metrics count them). */
  onSigned(listener: (soort: string) => void): void {
    this.signedListeners.push(listener);
  }

  /** Whoever signs with signingKey() says so here, with what kind of thing it signed. */
  signed(soort: string): void {
    for (const listener of this.signedListeners) listener(soort);
  }

  static async open(store: SigningKeyStore, oin: string, source: KeySource, now: Date = new Date()): Promise<SigningKeyring> {
    let key: SigningKey;
    if (source.keyFile) {
      key = await readSigningKeyFile(source.keyFile, source.algorithm);
    } else {
      const path = developmentSigningKeyPath(source.dataDir, oin);
      if (existsSync(path)) {
        // A key in the data folder means an earlier database published it. A database without
        // any key for this owner lost that history (deleted, or a new one configured): starting
        // would publish only the current key, and every document signed with an earlier one
        // would stop verifying. Refuse, and say how to go on.
        if ((await store.list(oin)).length === 0) {
          throw new Error(
            `The database has no key history for ${oin}, but ${dirname(path)} holds a key from an earlier database. ` +
              'Restore that database, or, to start over on purpose, remove the data folder\'s ondertekening directory.',
          );
        }
        key = await readSigningKeyFile(path, source.algorithm);
      } else {
        // Recorded in the database first, written to the data folder after: a crash in
        // between leaves a database that knows a key nobody holds (it never signed anything;
        // the next start makes another and retires it), never a key file without the history
        // the check above would refuse to start with.
        const generated = await generateSigningKey(source.algorithm);
        const keyring = new SigningKeyring(store, oin, source, generated);
        await keyring.register(generated, now);
        crashPoint('sleutel-geregistreerd');
        writePrivateKey(path, await privateJwkOf(generated));
        crashPoint('sleutel-klaar');
        return keyring;
      }
    }
    const keyring = new SigningKeyring(store, oin, source, key);
    await keyring.register(key, now);
    return keyring;
  }

  /** The key this instance loaded; for display. Sign with signingKey(), which checks its status. */
  get active(): SigningKey {
    return this.current;
  }

  /**
   * The key to sign with now: the loaded key while the database still calls it `actief`
   * (checked at most KEY_STATUS_MAX_AGE_MS ago). When another process rotated, the new key
   * is taken up from the data folder (development); when there is no active key to use,
   * SigningKeyUnusableError: better no signature than one by a retired or revoked key.
   */
  signingKey(now: number = Date.now()): Promise<SigningKey> {
    if (now - this.checkedAt < KEY_STATUS_MAX_AGE_MS) return Promise.resolve(this.current);
    this.checking ??= this.recheck(now).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Makes the next signingKey() re-read the status (after a change this process made). */
  async forgetStatus(): Promise<void> {
    this.checkedAt = 0;
  }

  private async recheck(now: number): Promise<SigningKey> {
    const known = await this.store.list(this.oin);
    const status = known.find((k) => k.kid === this.current.kid)?.status ?? 'onbekend';
    if (status !== 'actief') {
      const replacement = await this.activeKeyAtHand(known);
      if (!replacement) {
        this.checkedAt = 0;
        throw new SigningKeyUnusableError(this.current.kid, status);
      }
      this.current = replacement;
    }
    this.checkedAt = now;
    return this.current;
  }

  /** Development: the data folder's key, if the database calls that one `actief`. */
  private async activeKeyAtHand(known: StoredSigningKey[]): Promise<SigningKey | undefined> {
    if (this.source.keyFile) return undefined;
    const path = developmentSigningKeyPath(this.source.dataDir, this.oin);
    if (!existsSync(path)) return undefined;
    const key = await readSigningKeyFile(path, this.source.algorithm);
    return known.find((k) => k.kid === key.kid)?.status === 'actief' ? key : undefined;
  }

  /** Records `key` as the active key and retires every other active key. */
  private async register(key: SigningKey, now: Date): Promise<void> {
    const known = await this.store.list(this.oin);
    const existing = known.find((k) => k.kid === key.kid);
    if (existing?.status === 'ingetrokken') {
      throw new Error(`The configured signing key ${key.kid} has been revoked; configure a new key`);
    }
    if (!existing) {
      await this.store.insert({
        kid: key.kid,
        organisationOin: this.oin,
        algorithm: key.algorithm,
        publicJwk: JSON.stringify(key.publicJwk),
        status: 'actief',
        createdAt: now,
      });
    } else if (existing.status !== 'actief') {
      await this.store.setStatus(key.kid, 'actief', now);
    }
    for (const other of known) {
      if (other.kid !== key.kid && other.status === 'actief') await this.store.setStatus(other.kid, 'uitgefaseerd', now);
    }
  }

  /**
   * Development rotation: a new key replaces the one in the data folder. In production the
   * key comes from SIGNING_KEY_FILE; rotate by configuring the new key and restarting.
   */
  async rotate(now: Date = new Date()): Promise<SigningKey> {
    if (this.source.keyFile) {
      throw new Error('This instance signs with SIGNING_KEY_FILE: rotate by configuring a new key file and restarting the service');
    }
    const key = await generateSigningKey(this.source.algorithm);
    await this.register(key, now);
    writePrivateKey(developmentSigningKeyPath(this.source.dataDir, this.oin), await privateJwkOf(key));
    this.current = key;
    this.checkedAt = now.getTime();
    return key;
  }

  /**
   * Revokes a key that no longer signs. `buiten-gebruik`: what it signed before now stays
   * valid; `gecompromitteerd`: nothing it signed is trusted any more (src/protocol/intrekking.ts).
   */
  async revoke(kid: string, reason: Intrekkingsreden, now: Date = new Date()): Promise<void> {
    const known = await this.store.list(this.oin);
    const key = known.find((k) => k.kid === kid);
    if (!key) throw new Error(`No signing key with kid ${kid}`);
    if (key.kid === this.current.kid) throw new Error(`Key ${kid} is the active key: rotate to a new key before revoking it`);
    await this.store.revoke(kid, reason, now);
  }

  /** The JWK Set `/sleutels` publishes. */
  async published(): Promise<{ keys: Sleutel[] }> {
    const known = await this.store.list(this.oin);
    return {
      keys: known.map((k) => {
        const jwk = JSON.parse(k.publicJwk) as JWK;
        return {
          ...jwk,
          kid: k.kid,
          alg: k.algorithm as Sleutel['alg'],
          use: 'sig',
          status: k.status,
          geldig_vanaf: k.createdAt.toISOString(),
          ...(k.retiredAt ? { uitgefaseerd_op: k.retiredAt.toISOString() } : {}),
          ...(k.revokedAt ? { ingetrokken_op: k.revokedAt.toISOString() } : {}),
          ...(k.revokedAt && k.revocationReason ? { intrekkingsreden: k.revocationReason } : {}),
        } as Sleutel;
      }),
    };
  }

}
