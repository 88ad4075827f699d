import type { JWK } from 'jose';
import { canonicalJson } from '../protocol/canonical-json.js';
import { OrganisationError, StelselError } from './errors.js';
import { foldOverzicht, type OrganisatieResultaat, type OrganisatieStatus, type Overzicht } from './overview.js';
import type { Documentenvelop, Documenttype } from './protocol.js';
import { stelselForFold, verifyStelseldocument } from './stelsel.js';
import { verifyOrganisationDocument } from './verify-document.js';

export const BUNDLE_FORMAT = 'bk-bundel/1';

/**
 * What the citizen keeps: the scheme document and every organisation's original signed
 * documents (compact JWS, as received after decryption), with the overview made from them.
 * Everything in it can be checked offline with nothing but the pinned operator key.
 */
export interface Bundel {
  formaat: typeof BUNDLE_FORMAT;
  opgehaald_op: string;
  stelseldocument: string;
  organisaties: Array<{
    oin: string;
    naam: string;
    status: OrganisatieStatus;
    reden?: string;
    duur_ms: number;
    documenten: Array<{ documenttype: Documenttype; jws: string }>;
  }>;
  overzicht: Overzicht;
}

export function createBundle(input: {
  opgehaald_op: string;
  stelseldocument: string;
  resultaten: Array<OrganisatieResultaat & { jws: Array<{ documenttype: Documenttype; jws: string }> }>;
  overzicht: Overzicht;
}): Bundel {
  return {
    formaat: BUNDLE_FORMAT,
    opgehaald_op: input.opgehaald_op,
    stelseldocument: input.stelseldocument,
    organisaties: input.resultaten.map((r) => ({
      oin: r.oin,
      naam: r.naam,
      status: r.status,
      ...(r.reden !== undefined ? { reden: r.reden } : {}),
      duur_ms: r.duur_ms,
      documenten: r.jws,
    })),
    overzicht: input.overzicht,
  };
}

export interface BundleVerification {
  geldig: boolean;
  /** Dutch, one line per problem found. */
  problemen: string[];
  /** What was checked, in Dutch, for the CLI's explanation. */
  gecontroleerd: string[];
}

/** Verifies a stored bundle offline: no network, only the pinned operator key. */
export async function verifyBundle(bundle: unknown, operatorKey: JWK): Promise<BundleVerification> {
  const problemen: string[] = [];
  const gecontroleerd: string[] = [];
  const b = bundle as Partial<Bundel>;
  if (!b || b.formaat !== BUNDLE_FORMAT || typeof b.stelseldocument !== 'string' || !Array.isArray(b.organisaties) || !b.overzicht || typeof b.opgehaald_op !== 'string') {
    return { geldig: false, problemen: [`Dit is geen bundel in het formaat ${BUNDLE_FORMAT}.`], gecontroleerd };
  }
  if (Number.isNaN(Date.parse(b.opgehaald_op))) return { geldig: false, problemen: ['opgehaald_op is geen tijdstip.'], gecontroleerd };
  let stelsel;
  try {
    stelsel = await verifyStelseldocument(b.stelseldocument, operatorKey, { at: new Date(b.opgehaald_op) });
    gecontroleerd.push(`Stelseldocument van ${stelsel.document.uitgegeven_op} is ondertekend met de vastgepinde sleutel en was geldig op ${b.opgehaald_op}.`);
  } catch (error) {
    const message = error instanceof StelselError ? error.message : String(error);
    return { geldig: false, problemen: [`Stelseldocument: ${message}`], gecontroleerd };
  }
  const bsn = b.overzicht.bsn;
  const resultaten: OrganisatieResultaat[] = [];
  for (const org of b.organisaties) {
    const organisatie = stelsel.document.organisaties.find((o) => o.oin === org.oin);
    if (!organisatie) {
      problemen.push(`${org.naam} (${org.oin}) staat niet in het stelseldocument.`);
      continue;
    }
    const documenten: Documentenvelop[] = [];
    for (const d of org.documenten) {
      try {
        const verified = await verifyOrganisationDocument(d.jws, organisatie, { bsn, documenttype: d.documenttype });
        documenten.push(verified.document);
        gecontroleerd.push(`${organisatie.naam}: ${d.documenttype} ondertekend op ${verified.ondertekend_op} met sleutel ${verified.kid}.`);
      } catch (error) {
        problemen.push(`${organisatie.naam}: ${error instanceof OrganisationError ? error.message : String(error)}`);
      }
    }
    if (org.status === 'ok' && documenten.length !== org.documenten.length) continue;
    resultaten.push({ oin: org.oin, naam: organisatie.naam, status: org.status, ...(org.reden !== undefined ? { reden: org.reden } : {}), duur_ms: org.duur_ms, documenten });
  }
  if (problemen.length === 0) {
    const recomputed = foldOverzicht({
      bsn,
      opgesteld_op: b.overzicht.opgesteld_op,
      stelsel: stelselForFold(stelsel),
      resultaten,
    });
    if (canonicalJson(JSON.parse(JSON.stringify(recomputed))) !== canonicalJson(b.overzicht)) {
      problemen.push('Het overzicht in de bundel komt niet overeen met de ondertekende documenten erin.');
    } else {
      gecontroleerd.push('Het overzicht volgt uit de ondertekende documenten.');
    }
  }
  return { geldig: problemen.length === 0, problemen, gecontroleerd };
}
