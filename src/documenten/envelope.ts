import { formatRfc3339Amsterdam } from '../domain/time.js';
import { DOCUMENT_VERSIONS, type Documentenvelop, type Documenttype } from './document-types.js';

export interface Issuer {
  oin: string;
  naam: string;
}

/** The envelope every certified document shares: what it is, who issued it, when, about whom. */
export function documentEnvelope(documenttype: Documenttype, issuer: Issuer, bsn: string, createdAt: Date): Documentenvelop {
  return {
    documenttype,
    documentversie: DOCUMENT_VERSIONS[documenttype],
    uitgever: { oin: issuer.oin, naam: issuer.naam },
    aangemaakt_op: formatRfc3339Amsterdam(createdAt),
    onderwerp: { bsn },
  };
}
