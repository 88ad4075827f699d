/**
 * The FCID document made ahead: its bytes as the contract serialises them, written into the
 * read model with every write, with open slots for the one thing a read adds, the moment
 * (`aangemaakt_op` and every `saldo_datumtijd`). A request then fills the slots instead of
 * parsing the events, folding them and serialising the result, which is most of what a cold
 * document costs besides its cryptography.
 *
 * The fold depends on the moment in two more ways, and the template says until when neither
 * changes its output: an event dated later than the moment is not part of the document yet,
 * and a payment obligation turns `achterstallig` once the end of its vervaldatum has passed.
 * The template is valid from the moment it was made until the first such boundary; outside
 * that span, or for another issuer (name, OIN, contact options, document version), the
 * request folds afresh, so a template can only ever be the same document a fold would give.
 * A test holds the two to byte equality over random events and moments.
 */
import { createHash } from 'node:crypto';
import fastJsonStringify from 'fast-json-stringify';
import { loadContract } from '../contract/contract.js';
import { routeSchemaOf } from '../contract/routes.js';
import { endOfDayAmsterdam, formatRfc3339Amsterdam, parseRfc3339Ms } from '../domain/time.js';
import { FcidInconsistencyError } from '../fcid/errors.js';
import { DOCUMENT_VERSIONS } from './document-types.js';
import { financieleVerplichtingenDocument, type FcidInvoer, type FcidUitgever, type FinancieleVerplichtingenDocument } from './financiele-verplichtingen.js';

/**
 * Bumped when the template's layout changes: templates of another format are not used (the
 * request folds, and makes the template anew). 2: the slots' offsets count bytes of the
 * text's UTF-8 encoding (1 counted UTF-16 code units).
 */
const FORMAAT = '2';

/** As stored in the read model: `kop` (format;issuer;valid from;valid until;slot offsets) and the text without its slots. */
export interface FcidSjabloon {
  kop: string;
  tekst: string;
}

/**
 * A template as a request reads it: the text as its UTF-8 bytes, the bytes the document is
 * signed and sent as. Filling bytes in never decodes the text into a JavaScript string: one
 * character outside ASCII (the é of één, the â of Súdwest-Fryslân) makes V8 hold a string of
 * ten thousand characters in two bytes each, and decoding, joining and encoding it again
 * cost about twice what copying the bytes does.
 */
export interface GelezenFcidSjabloon {
  kop: string;
  tekst: Uint8Array;
}

/** A template as made, with the end of its span apart (ms; null: it holds for good), which the read model indexes. */
export interface GemaaktFcidSjabloon extends FcidSjabloon {
  tot: number | null;
}

let serialiseer: ((document: unknown) => string) | undefined;

/**
 * The serialiser of the operation's 200 answer, compiled from the contract's schema exactly
 * as Fastify compiles the route's (routeSchemaOf, fast-json-stringify without options), so
 * a filled template has the bytes the route would send.
 */
function contractSerialiser(): (document: unknown) => string {
  if (!serialiseer) {
    const contract = loadContract('organisatie');
    const operation = contract.document.paths['/financiele-verplichtingen']?.get;
    const schema = operation && (routeSchemaOf(contract, operation)?.response as Record<string, object> | undefined)?.['200'];
    if (!schema) throw new Error('Contract: no 200 answer for GET /financiele-verplichtingen');
    serialiseer = fastJsonStringify(schema) as (document: unknown) => string;
  }
  return serialiseer;
}

/**
 * Who the template was made for: the issuer as the document shows it and the document
 * version. A template of an organisation since renamed, or of an older document version, is
 * not used.
 */
export function uitgeverVingerafdruk(uitgever: FcidUitgever): string {
  const { oin, naam, contactopties } = uitgever;
  return createHash('sha256')
    .update(JSON.stringify([FORMAAT, DOCUMENT_VERSIONS['financiele-verplichtingen'], oin, naam, contactopties]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The first moment after `vanaf` at which the fold's output changes other than in its
 * timestamps: an event's moment (it becomes part of the document then), or the millisecond
 * after the end of a vervaldatum (its obligation may turn achterstallig). Conservative: every
 * event counts, also corrected and withdrawn ones. Infinity when nothing lies ahead.
 */
function volgendeGrens(gebeurtenissen: FcidInvoer['gebeurtenissen'], vanaf: number): number {
  let grens = Number.POSITIVE_INFINITY;
  for (const gebeurtenis of gebeurtenissen) {
    const moment = parseRfc3339Ms(gebeurtenis.datumtijd_gebeurtenis);
    if (moment > vanaf && moment < grens) grens = moment;
    if ('vervaldatum' in gebeurtenis && typeof gebeurtenis.vervaldatum === 'string') {
      const laatste = endOfDayAmsterdam(gebeurtenis.vervaldatum).getTime();
      if (laatste >= vanaf && laatste + 1 < grens) grens = laatste + 1;
    }
  }
  return grens;
}

/** The document with `tijd` in every field the moment fills. */
function metTijd(document: FinancieleVerplichtingenDocument, tijd: string): FinancieleVerplichtingenDocument {
  return {
    ...document,
    aangemaakt_op: tijd,
    gegevens: {
      ...document.gegevens,
      saldo_datumtijd: tijd,
      financiele_zaken: document.gegevens.financiele_zaken.map((zaak) => ({ ...zaak, saldo_datumtijd: tijd })),
    },
  };
}

/**
 * Makes the template of a citizen's FCID document at `op`, or null when their events cannot
 * be folded (the request then folds, and answers what that gives). The slots are found by
 * serialising the document twice, with a different one-letter moment each time: the only
 * places the two differ.
 */
export function maakFcidSjabloon(uitgever: FcidUitgever, bsn: string, gegevens: FcidInvoer, op: Date): GemaaktFcidSjabloon | null {
  let document: FinancieleVerplichtingenDocument;
  try {
    document = financieleVerplichtingenDocument(uitgever, bsn, op, op, gegevens);
  } catch (error) {
    if (error instanceof FcidInconsistencyError) return null;
    throw error;
  }
  const serialise = contractSerialiser();
  const a = serialise(metTijd(document, 'a'));
  const b = serialise(metTijd(document, 'b'));
  const posities: number[] = [];
  let tekst = '';
  let bytes = 0;
  let van = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    const deel = a.slice(van, i);
    tekst += deel;
    bytes += Buffer.byteLength(deel, 'utf8');
    posities.push(bytes);
    van = i + 1;
  }
  tekst += a.slice(van);
  // One slot for aangemaakt_op, one for the saldo's moment, one per zaak: anything else means
  // the serialisations differ in a way this module does not know, and no template is better.
  if (a.length !== b.length || posities.length !== 2 + document.gegevens.financiele_zaken.length) {
    throw new Error(`FCID template: ${posities.length} slots where ${2 + document.gegevens.financiele_zaken.length} were expected`);
  }
  const vanaf = op.getTime();
  const grens = volgendeGrens(gegevens.gebeurtenissen, vanaf);
  const tot = Number.isFinite(grens) ? grens : null;
  return { kop: [FORMAAT, uitgeverVingerafdruk(uitgever), vanaf, tot ?? '', posities.join(',')].join(';'), tekst, tot };
}

/**
 * The document's bytes at `nu` from its template, or undefined when the template does not
 * hold then (another format or issuer, or `nu` outside the span it was made for), or when its
 * slots do not fit its text (a damaged row: the request folds instead).
 */
export function vulFcidSjabloon(sjabloon: GelezenFcidSjabloon, vingerafdruk: string, nu: Date): Buffer | undefined {
  const [formaat, afdruk, vanaf, tot, posities] = sjabloon.kop.split(';');
  if (formaat !== FORMAAT || afdruk !== vingerafdruk || posities === undefined) return undefined;
  const ms = nu.getTime();
  if (!(ms >= Number(vanaf)) || (tot !== '' && !(ms < Number(tot)))) return undefined;
  const { tekst } = sjabloon;
  const sleuven = posities.split(',').map(Number);
  // Every byte of the answer is written below, from the text or the moment: the buffer is
  // not zeroed first, so slots out of order or past the text's end must not get that far.
  let vorige = 0;
  for (const sleuf of sleuven) {
    if (!Number.isInteger(sleuf) || sleuf < vorige || sleuf > tekst.length) return undefined;
    vorige = sleuf;
  }
  // RFC 3339 with its offset: ASCII, so as many bytes as characters.
  const tijd = formatRfc3339Amsterdam(nu);
  const uit = Buffer.allocUnsafe(tekst.length + sleuven.length * tijd.length);
  let geschreven = 0;
  let van = 0;
  for (const sleuf of sleuven) {
    uit.set(tekst.subarray(van, sleuf), geschreven);
    geschreven += sleuf - van;
    geschreven += uit.write(tijd, geschreven, 'latin1');
    van = sleuf;
  }
  uit.set(tekst.subarray(van), geschreven);
  return uit;
}
