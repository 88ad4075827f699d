import { contractOperations } from '../../contract/operations.js';
import { contentDigestMatches } from '../../protocol/content-digest.js';
import { DocumentVerificationError, type DocumentErrorCode } from '../../protocol/errors.js';
import { verifyCompactDocument, verifyPayloadSignature, type VerifiedDocument } from '../../protocol/verify-document.js';
import { NO_DISCOVERY, type AdvertisedDocument, type CheckRun, type ConformanceContext } from '../context.js';
import { mediaTypeOf, NetworkError, type Exchange } from '../http.js';
import { citizenBsnOf } from '../tokens.js';
import type { CheckDefinition } from '../types.js';

export const documentChecks: CheckDefinition[] = [
  {
    id: 'document-schema',
    group: 'documenten',
    title: 'Elk geadverteerd document geeft met het token 200, application/json en een body die voldoet aan het schema van het contract, over de inwoner van het token (elk bsn in het document is dat van het token)',
    rule: '/core/doc-openapi',
    severity: 'error',
  },
  {
    id: 'document-signature',
    group: 'documenten',
    title: 'De Payload-Signature van elk document klopt met een gepubliceerde, actieve sleutel (niet ingetrokken vóór ondertekening; iss is de OIN van de organisatie)',
    rule: '/core/modules/signing',
    severity: 'error',
  },
  {
    id: 'document-content-digest',
    group: 'documenten',
    title: 'De Content-Digest (RFC 9530, sha-256) van elk document klopt met de body',
    rule: 'bk:document-signature-headers',
    severity: 'error',
  },
  {
    id: 'document-jose',
    group: 'documenten',
    title: 'Met Accept: application/jose levert elk document een compacte JWS die klopt en waarvan de payload hetzelfde document is als de JSON-body',
    rule: 'bk:document-signature-headers',
    severity: 'error',
  },
  {
    id: 'document-not-offered',
    group: 'documenten',
    title: 'Een document uit het contract dat de organisatie niet aanbiedt, geeft 404',
    rule: '/core/http-response-code',
    severity: 'error',
  },
];

/** Declared headers other checks own: one fault, one failing check. */
const OWNED_ELSEWHERE = ['api-version', 'payload-signature', 'content-digest'];

interface FetchedDocument {
  document: AdvertisedDocument;
  json: Exchange | NetworkError;
  jose: Exchange | NetworkError;
}

const NO_TOKEN = 'Geen token opgegeven (--token of --token-command): documenten kunnen niet worden opgehaald.';

function label(document: AdvertisedDocument): string {
  return `document ${document.documenttype}`;
}

/** The `detail` of a problem+json answer, to explain a refusal in the report. */
function problemDetail(exchange: Exchange): string {
  try {
    const body = JSON.parse(exchange.text) as { detail?: unknown };
    return typeof body.detail === 'string' ? ` ("${body.detail}")` : '';
  } catch {
    return '';
  }
}

const VERIFICATION_REASONS: Record<DocumentErrorCode, string> = {
  ERR_DOCUMENT_MALFORMED: 'is geen geldige JWS',
  ERR_DOCUMENT_TYPE: 'heeft niet typ "bk-document+jws"',
  ERR_DOCUMENT_ALGORITHM: 'is ondertekend met een algoritme dat niet is toegestaan',
  ERR_DOCUMENT_UNKNOWN_KEY: 'is ondertekend met een sleutel die /sleutels niet publiceert',
  ERR_DOCUMENT_REVOKED_KEY: 'is ondertekend met een sleutel die toen al was ingetrokken',
  ERR_DOCUMENT_SIGNATURE: 'klopt niet bij de inhoud (is de body na ondertekening veranderd?)',
};

function verificationFinding(what: string, error: unknown): string {
  if (error instanceof DocumentVerificationError) return `${what} ${VERIFICATION_REASONS[error.code]}: ${error.message}.`;
  return `${what} kon niet worden gecontroleerd: ${(error as Error).message}.`;
}

/** Findings about the signer: an active key, the organisation's OIN, a signing time. */
function checkSigner(ctx: ConformanceContext, run: CheckRun, what: string, verified: VerifiedDocument): void {
  if (verified.key.status !== 'actief') {
    run.fail(`${what} is ondertekend met sleutel ${String(verified.key.kid)} met status "${String(verified.key.status)}"; een nieuw document hoort met een actieve sleutel te worden ondertekend.`);
  }
  const oin = ctx.discovery?.oin;
  if (typeof oin === 'string' && verified.header.iss !== oin) {
    run.fail(`${what}: de beschermde header noemt iss ${JSON.stringify(verified.header.iss)}, niet de OIN ${oin} uit /organisatie.`);
  }
  if (typeof verified.header.sigT !== 'string') run.fail(`${what}: de beschermde header mist sigT (het ondertekenmoment).`);
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/i;
const REQUEST_TIME_MARGIN_MS = 5_000;

/**
 * A document with the moments that depend on when it was asked for replaced by a marker:
 * `aangemaakt_op` and every timestamp within a few seconds of it (such as the saldo moment
 * of "now"). Two requests for the same document then compare equal when only their time differs.
 */
export function withoutRequestTime(document: unknown): unknown {
  const created = typeof (document as { aangemaakt_op?: unknown })?.aangemaakt_op === 'string' ? Date.parse((document as { aangemaakt_op: string }).aangemaakt_op) : NaN;
  const walk = (value: unknown, key?: string): unknown => {
    if (key === 'aangemaakt_op') return '<aangemaakt_op>';
    if (typeof value === 'string' && Number.isFinite(created) && DATE_TIME.test(value) && Math.abs(Date.parse(value) - created) <= REQUEST_TIME_MARGIN_MS) {
      return '<tijdstip van de aanvraag>';
    }
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk(document);
}

/** Every `bsn` in a document with its JSON path: the subject (`onderwerp.bsn`) and any other. */
export function bsnFields(value: unknown, path = '$'): { path: string; bsn: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => bsnFields(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    key === 'bsn' && typeof child === 'string' ? [{ path: `${path}.${key}`, bsn: child }] : bsnFields(child, `${path}.${key}`),
  );
}

/** A BSN as a report may show it: the first three digits. */
const maskBsn = (bsn: string) => `${bsn.slice(0, 3)}******`;

/**
 * Findings for a document about someone else than the token's citizen: a citizen never sees
 * another citizen's data, however well-formed the document is.
 */
export function otherCitizenFindings(what: string, document: unknown, tokenBsn: string): string[] {
  return bsnFields(document)
    .filter((field) => field.bsn !== tokenBsn)
    .map((field) => `${what} gaat over een andere inwoner: ${field.path} is ${maskBsn(field.bsn)}, het token is van ${maskBsn(tokenBsn)}.`);
}

/** The JSON path of the first difference between two values, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (lengte ${a.length} tegen ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const difference = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return path;
}

export async function runDocumentChecks(ctx: ConformanceContext): Promise<void> {
  if (!ctx.token) {
    for (const check of documentChecks) await ctx.skip(check.id, NO_TOKEN);
    return;
  }
  if (!ctx.discovery) {
    for (const check of documentChecks) await ctx.skip(check.id, NO_DISCOVERY);
    return;
  }
  const fetched: FetchedDocument[] = [];
  for (const document of ctx.documents) {
    const json = await ctx.tryGet(document.url, { purpose: `${label(document)} (JSON)`, headers: { ...ctx.bearer(), accept: 'application/json' } });
    const jose = await ctx.tryGet(document.url, { purpose: `${label(document)} (JOSE)`, headers: { ...ctx.bearer(), accept: 'application/jose' } });
    fetched.push({ document, json, jose });
  }
  const none = 'De organisatie biedt volgens /organisatie geen documenten aan.';
  /** The JSON answers that are documents (200); the others are reported by document-schema. */
  const delivered = fetched.filter((f): f is FetchedDocument & { json: Exchange } => !(f.json instanceof NetworkError) && f.json.status === 200);
  const notDelivered = 'Geen enkel document gaf 200 (zie document-schema).';

  const tokenBsn = citizenBsnOf(ctx.token, ctx.options.bsnClaim);
  await ctx.check('document-schema', (run) => {
    if (fetched.length === 0) return run.skip(none);
    for (const { document, json } of fetched) {
      const what = label(document);
      if (!document.openapi) {
        run.fail(`${what}: het referentiecontract kent documenttype "${document.documenttype}" niet.`);
        continue;
      }
      if (json instanceof NetworkError) {
        run.fail(`${what}: ${json.message}`);
        continue;
      }
      if (json.status !== 200) {
        run.fail(`${what}: status ${json.status} in plaats van 200${problemDetail(json)}.`);
        continue;
      }
      if (mediaTypeOf(json) !== 'application/json') {
        run.fail(`${what}: Content-Type ${json.headers['content-type'] ?? '(geen)'} in plaats van application/json.`);
        continue;
      }
      const observed = { method: json.method, url: json.url, statusCode: json.status, headers: json.headers, body: json.text };
      for (const violation of ctx.validator.responseViolations(document.openapi, observed, { ignoreHeaders: OWNED_ELSEWHERE })) {
        run.fail(`${what} voldoet niet aan het contract: ${violation}`);
      }
      if (tokenBsn === undefined) continue;
      try {
        for (const finding of otherCitizenFindings(what, JSON.parse(json.text), tokenBsn)) run.fail(finding);
      } catch {
        // Not JSON: responseViolations reported it.
      }
    }
    if (tokenBsn === undefined) {
      run.note(`Het token is geen JWT met een BSN in claim "${ctx.options.bsnClaim}": niet gecontroleerd of elk document over de inwoner van het token gaat (geef --bsn-claim).`);
    }
    run.pass(`${fetched.length} ${fetched.length === 1 ? 'document voldoet' : 'documenten voldoen'} aan het contract.`);
  });

  await ctx.check('document-signature', async (run) => {
    if (fetched.length === 0) return run.skip(none);
    if (delivered.length === 0) return run.skip(notDelivered);
    if (!ctx.keySet) return run.skip('De sleutelset kon niet worden gelezen (zie keys).');
    for (const { document, json } of delivered) {
      const what = `${label(document)}: de Payload-Signature`;
      const signature = json.headers['payload-signature'];
      if (!signature) {
        run.fail(`${label(document)} heeft geen Payload-Signature-header.`);
        continue;
      }
      try {
        checkSigner(ctx, run, what, await verifyPayloadSignature(json.body, signature, ctx.keySet));
      } catch (error) {
        run.fail(verificationFinding(what, error));
      }
    }
    run.pass(`De handtekening van ${delivered.length} ${delivered.length === 1 ? 'document klopt' : 'documenten klopt'} met de gepubliceerde sleutels.`);
  });

  await ctx.check('document-content-digest', async (run) => {
    if (fetched.length === 0) return run.skip(none);
    if (delivered.length === 0) return run.skip(notDelivered);
    for (const { document, json, jose } of fetched) {
      for (const [exchange, form] of [
        [json, 'JSON'],
        [jose, 'JOSE'],
      ] as const) {
        if (exchange instanceof NetworkError || exchange.status !== 200) continue;
        const header = exchange.headers['content-digest'];
        if (!header) run.fail(`${label(document)} (${form}) heeft geen Content-Digest-header.`);
        else if (!(await contentDigestMatches(exchange.body, header))) run.fail(`${label(document)} (${form}): de Content-Digest (sha-256) klopt niet bij de body.`);
      }
    }
    run.pass('De Content-Digest klopt bij elke body.');
  });

  await ctx.check('document-jose', async (run) => {
    if (fetched.length === 0) return run.skip(none);
    if (delivered.length === 0) return run.skip(notDelivered);
    if (!ctx.keySet) return run.skip('De sleutelset kon niet worden gelezen (zie keys).');
    for (const { document, json, jose } of fetched) {
      const what = `${label(document)} (application/jose)`;
      if (json instanceof NetworkError || json.status !== 200) continue;
      if (jose instanceof NetworkError) {
        run.fail(`${what}: ${jose.message}`);
        continue;
      }
      if (jose.status !== 200) {
        run.fail(`${what}: status ${jose.status} in plaats van 200${problemDetail(jose)}; het contract eist de application/jose-vorm.`);
        continue;
      }
      if (mediaTypeOf(jose) !== 'application/jose') {
        run.fail(`${what}: Content-Type ${jose.headers['content-type'] ?? '(geen)'} in plaats van application/jose.`);
        continue;
      }
      let verified: VerifiedDocument;
      try {
        verified = await verifyCompactDocument(jose.text.trim(), ctx.keySet);
      } catch (error) {
        run.fail(verificationFinding(`${what}: de JWS`, error));
        continue;
      }
      checkSigner(ctx, run, `${what}: de JWS`, verified);
      if (Buffer.from(verified.payload).equals(Buffer.from(json.body))) continue;
      let payload: unknown;
      let body: unknown;
      try {
        payload = JSON.parse(Buffer.from(verified.payload).toString('utf8'));
        body = JSON.parse(json.text);
      } catch {
        run.fail(`${what}: de payload van de JWS is geen JSON-document.`);
        continue;
      }
      const difference = firstDifference(withoutRequestTime(payload), withoutRequestTime(body));
      if (difference) run.fail(`${what}: de payload van de JWS is niet hetzelfde document als de JSON-body (eerste verschil bij ${difference}).`);
      else run.note(`${what}: de payload verschilt alleen in tijdstippen van de aanvraag (aangemaakt_op) van de JSON-body.`);
    }
    run.pass('Elke JWS klopt en bevat hetzelfde document als de JSON-body.');
  });

  await ctx.check('document-not-offered', async (run) => {
    const offered = new Set(ctx.documents.map((d) => d.documenttype));
    // The citizen's document operations (not an afnemer's copy under Blauwe Knop Plus).
    const others = contractOperations(ctx.contract).filter(
      (op) => op.certified && op.securitySchemes.includes('burgerToken') && op.documenttype && !offered.has(op.documenttype),
    );
    if (others.length === 0) return run.skip('De organisatie biedt alle documenten uit het contract aan.');
    for (const op of others) {
      const exchange = await ctx.http.get(ctx.url(op.path), { purpose: `niet aangeboden document ${String(op.documenttype)}`, headers: { ...ctx.bearer(), accept: 'application/json' } });
      if (exchange.status !== 404) run.fail(`${op.path} (niet aangeboden) geeft status ${exchange.status} in plaats van 404.`);
    }
    run.pass(`De ${others.length} niet aangeboden documenten geven 404: ${others.map((op) => op.documenttype).join(', ')}.`);
  });
}
