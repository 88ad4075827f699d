/**
 * The public halves of an organisation's document-signing keys and their life cycle
 * (`actief` → `uitgefaseerd`, or → `ingetrokken`). Private keys are never stored here.
 */
import { intrekkingsredenValues, sleutelAlgValues, sleutelStatusValues, type components } from '../generated/api.js';
import { clientOf, type Db } from './database.js';
import { DataIntegrityError, oneOf } from './integrity.js';

type Sleutel = components['schemas']['Sleutel'];
export type SigningKeyStatus = Sleutel['status'];
export type SigningKeyAlgorithm = Sleutel['alg'];

export const SIGNING_KEY_STATUSES = sleutelStatusValues;
export const SIGNING_KEY_ALGORITHMS = sleutelAlgValues;
export type RevocationReason = components['schemas']['Intrekkingsreden'];
export const REVOCATION_REASONS = intrekkingsredenValues;

export interface SigningKeyRecord {
  kid: string;
  organisationOin: string;
  algorithm: SigningKeyAlgorithm;
  /** The public JWK as JSON text. */
  publicJwk: string;
  status: SigningKeyStatus;
  /** Published as `geldig_vanaf`. */
  createdAt: Date;
  /** When it stopped signing (`uitgefaseerd_op`); null while it signs. */
  retiredAt: Date | null;
  /** When it was revoked (`ingetrokken_op`); null unless revoked. */
  revokedAt: Date | null;
  /** Why (`intrekkingsreden`); null unless revoked, and for keys revoked before reasons existed. */
  revocationReason: RevocationReason | null;
}

export type NewSigningKey = Omit<SigningKeyRecord, 'algorithm' | 'status' | 'retiredAt' | 'revokedAt' | 'revocationReason'> & {
  algorithm: string;
  status: SigningKeyStatus;
  retiredAt?: Date | null;
  revokedAt?: Date | null;
};

type Row = {
  kid: string;
  organisationOin: string;
  algorithm: string;
  publicJwk: string;
  status: string;
  createdAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
};

function toRecord(row: Row): SigningKeyRecord {
  return {
    kid: row.kid,
    organisationOin: row.organisationOin,
    algorithm: oneOf(SIGNING_KEY_ALGORITHMS, row.algorithm, `signing_key ${row.kid}: algorithm`),
    publicJwk: row.publicJwk,
    status: oneOf(SIGNING_KEY_STATUSES, row.status, `signing_key ${row.kid}: status`),
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason === null ? null : oneOf(REVOCATION_REASONS, row.revocationReason, `signing_key ${row.kid}: revocation_reason`),
  };
}

/** The organisation's keys, oldest first (then by kid). */
export async function listSigningKeys(database: Db, oin: string): Promise<SigningKeyRecord[]> {
  const db = clientOf(database);
  const rows = await db.signingKey.findMany({ where: { organisationOin: oin } });
  return rows
    .map(toRecord)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
}

/** Stores a new key. The public JWK must be JSON text; the kid must be new. */
export async function insertSigningKey(database: Db, key: NewSigningKey): Promise<SigningKeyRecord> {
  const db = clientOf(database);
  try {
    JSON.parse(key.publicJwk);
  } catch {
    throw new DataIntegrityError(`signing key ${key.kid}: publicJwk is not JSON`);
  }
  const row = await db.signingKey.create({
    data: {
      kid: key.kid,
      organisationOin: key.organisationOin,
      algorithm: oneOf(SIGNING_KEY_ALGORITHMS, key.algorithm, `signing key ${key.kid}: algorithm`),
      publicJwk: key.publicJwk,
      status: oneOf(SIGNING_KEY_STATUSES, key.status, `signing key ${key.kid}: status`),
      createdAt: key.createdAt,
      retiredAt: key.retiredAt ?? null,
      revokedAt: key.revokedAt ?? null,
    },
  });
  return toRecord(row);
}

/**
 * Moves a key to `status` at moment `at`:
 * - `uitgefaseerd`: stops signing; retiredAt = at (an earlier retiredAt is kept);
 * - `ingetrokken`: revokedAt = at (an earlier revokedAt is kept); final;
 * - `actief`: signs again (retiredAt cleared); refused for a revoked key.
 * Throws when the kid is unknown.
 */
export async function setSigningKeyStatus(database: Db, kid: string, status: SigningKeyStatus, at: Date): Promise<SigningKeyRecord> {
  const db = clientOf(database);
  oneOf(SIGNING_KEY_STATUSES, status, `signing key ${kid}: status`);
  const current = await db.signingKey.findUnique({ where: { kid } });
  if (!current) throw new DataIntegrityError(`unknown signing key ${kid}`);
  if (current.status === 'ingetrokken' && status !== 'ingetrokken') {
    throw new DataIntegrityError(`signing key ${kid} is revoked; a revoked key cannot become ${status}`);
  }
  const row = await db.signingKey.update({
    where: { kid },
    data:
      status === 'actief'
        ? { status, retiredAt: null }
        : status === 'uitgefaseerd'
          ? { status, retiredAt: current.retiredAt ?? at }
          : { status, revokedAt: current.revokedAt ?? at },
  });
  return toRecord(row);
}

/**
 * Revokes a key for `reason`. The moment of a first revocation is kept; the reason can only
 * escalate, from `buiten-gebruik` to `gecompromitteerd` (a compromise found later), never back:
 * that would make trusted again what a thief may have signed.
 */
export async function revokeSigningKey(database: Db, kid: string, reason: RevocationReason, at: Date): Promise<SigningKeyRecord> {
  const db = clientOf(database);
  oneOf(REVOCATION_REASONS, reason, `signing key ${kid}: revocation reason`);
  const current = await db.signingKey.findUnique({ where: { kid } });
  if (!current) throw new DataIntegrityError(`unknown signing key ${kid}`);
  // Already revoked as compromised (or without a reason, which reads as compromised): stays so.
  const alreadyCompromised = current.status === 'ingetrokken' && current.revocationReason !== 'buiten-gebruik';
  const row = await db.signingKey.update({
    where: { kid },
    data: { status: 'ingetrokken', revokedAt: current.revokedAt ?? at, revocationReason: alreadyCompromised ? 'gecompromitteerd' : reason },
  });
  return toRecord(row);
}

/** The storage side of the keyring (src/signing/keyring.ts `SigningKeyStore`), on this database. */
export function signingKeyStore(db: Db): {
  list(oin: string): Promise<SigningKeyRecord[]>;
  insert(key: NewSigningKey): Promise<void>;
  setStatus(kid: string, status: SigningKeyStatus, at: Date): Promise<void>;
  revoke(kid: string, reason: RevocationReason, at: Date): Promise<void>;
} {
  return {
    list: (oin) => listSigningKeys(db, oin),
    insert: async (key) => {
      await insertSigningKey(db, key);
    },
    setStatus: async (kid, status, at) => {
      await setSigningKeyStatus(db, kid, status, at);
    },
    revoke: async (kid, reason, at) => {
      await revokeSigningKey(db, kid, reason, at);
    },
  };
}
