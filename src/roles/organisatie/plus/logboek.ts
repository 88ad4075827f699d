/**
 * Writing and reading the citizen's access log (Logboek Dataverwerkingen). Every entry is
 * written in the transaction of the processing it records: when the entry cannot be
 * written, the processing does not happen (the transaction rolls back and the caller gets a
 * 503, never an answer without a log entry).
 */
import { randomBytes } from 'node:crypto';
import { insertVerwerking, laatsteVerwerking, verwerkingenVanBurger, type VerwerkingRecord } from '../../../data/plus.js';
import type { Queryable } from '../../../data/database.js';
import { isUniqueViolation } from '../../../data/integrity.js';
import { formatRfc3339 } from '../../../domain/time.js';
import { ProblemError } from '../../../http/problem.js';
import { usableSigningKey } from '../../../http/signing-key.js';
import { signDocument } from '../../../protocol/sign-document.js';
import { LOGBOEKHOOFD_TYPE, logboekhoofdBytes, verwerkingHash, type Verwerking, type Verwerkingenlogboek } from '../../../protocol/verwerkingenlogboek.js';
import type { OrganisatieKern } from '../kern.js';

/** A fresh W3C trace id for one processing: generated here, never taken from a request, so it cannot carry personal data. */
export function nieuweTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** The processing activities of the register of processing (verwerkingsregister) this log refers to. */
export const VERWERKINGSACTIVITEITEN = {
  toestemming: 'plus-toestemmingenbeheer',
  raadpleging: 'rijbewijsregister-raadpleging',
  aflevering: 'plus-gebeurtenissen-afleveren',
  verstrekking: 'plus-gegevensverstrekking-aan-afnemer',
} as const;

export interface VerwerkingInvoer {
  citizenId: number;
  traceId: string;
  operatie: string;
  verwerkingsactiviteit: string;
  anderePartij: string;
  toestemmingId?: string;
  startOp: Date;
  eindOp: Date;
  status: 'geslaagd' | 'geweigerd';
}

/** The log could not be written: the processing is refused (503) and rolled back. */
export class LogboekNietBeschikbaarError extends ProblemError {
  constructor(options?: { cause?: unknown }) {
    super(503, 'Het verwerkingenlogboek kan niet worden bijgewerkt; er is niets verwerkt.');
    this.name = 'LogboekNietBeschikbaarError';
    if (options?.cause) this.cause = options.cause;
  }
}

function toContract(v: VerwerkingRecord): Verwerking {
  return {
    volgnummer: v.volgnummer,
    trace_id: v.traceId,
    operatie: v.operatie,
    verwerkingsactiviteit: v.verwerkingsactiviteit,
    andere_partij: v.anderePartij,
    ...(v.toestemmingId ? { toestemming_id: v.toestemmingId } : {}),
    start_op: formatRfc3339(v.startOp),
    eind_op: formatRfc3339(v.eindOp),
    status: v.status,
    vorige_hash: v.vorigeHash,
    hash: v.hash,
  };
}

/** Appends one entry to the citizen's chain, inside the caller's transaction. */
export async function schrijfVerwerking(tx: Queryable, organisationId: number, invoer: VerwerkingInvoer): Promise<void> {
  try {
    const laatste = await laatsteVerwerking(tx, organisationId, invoer.citizenId);
    const record: Omit<VerwerkingRecord, 'hash'> = {
      volgnummer: (laatste?.volgnummer ?? 0) + 1,
      traceId: invoer.traceId,
      operatie: invoer.operatie,
      verwerkingsactiviteit: invoer.verwerkingsactiviteit,
      anderePartij: invoer.anderePartij,
      toestemmingId: invoer.toestemmingId ?? null,
      startOp: new Date(Math.floor(invoer.startOp.getTime() / 1000) * 1000),
      eindOp: new Date(Math.floor(invoer.eindOp.getTime() / 1000) * 1000),
      status: invoer.status,
      vorigeHash: laatste?.hash ?? '',
    };
    const { hash: _none, ...zonderHash } = toContract({ ...record, hash: '' });
    await insertVerwerking(tx, organisationId, invoer.citizenId, { ...record, hash: await verwerkingHash(zonderHash) });
  } catch (error) {
    // A concurrent writer took the next number: let the transaction retry (inTransaction).
    if (isUniqueViolation(error)) throw error;
    throw new LogboekNietBeschikbaarError({ cause: error });
  }
}

/** The citizen's log with a head signed now by the organisation. */
export async function logboekVanBurger(ctx: OrganisatieKern, organisationId: number, citizenId: number | null): Promise<Verwerkingenlogboek> {
  const regels = citizenId === null ? [] : (await verwerkingenVanBurger(ctx.db, organisationId, citizenId)).map(toContract);
  const now = ctx.now();
  const hoofd = { aantal: regels.length, bronhouder: ctx.organisation.oin, hash: regels.at(-1)?.hash ?? '', uitgegeven_op: formatRfc3339(now) };
  const { compactJws } = await signDocument(logboekhoofdBytes(hoofd), await usableSigningKey(ctx.keyring), ctx.organisation.oin, now, LOGBOEKHOOFD_TYPE);
  ctx.keyring.signed('logboekhoofd');
  return { verwerkingen: regels, hoofd: compactJws };
}
