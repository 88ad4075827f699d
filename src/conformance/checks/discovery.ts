import { contractOperations } from '../../contract/operations.js';
import { isValidBsn } from '../../protocol/bsn.js';
import type { PublishedKey } from '../../protocol/verify-document.js';
import { NO_DISCOVERY, type AdvertisedDocument, type CheckRun, type ConformanceContext } from '../context.js';
import { isLoopbackHost, NetworkError, type Exchange } from '../http.js';
import type { CheckDefinition } from '../types.js';
import { PROBE_ORIGIN } from './contract.js';

export const discoveryChecks: CheckDefinition[] = [
  {
    id: 'discovery',
    group: 'ontdekking',
    title: '/organisatie (het ontdekkingsdocument) geeft 200 en voldoet aan het contract, met contractversie gelijk aan het referentiecontract',
    rule: '/core/doc-openapi',
    severity: 'error',
  },
  {
    id: 'keys',
    group: 'ontdekking',
    title: '/sleutels geeft 200, voldoet aan het contract (JWK Set met status per sleutel) en heeft minstens één actieve sleutel',
    rule: '/core/modules/signing',
    severity: 'error',
  },
  {
    id: 'discovery-no-bsn',
    group: 'ontdekking',
    title: 'Geen geadverteerde URL bevat een BSN (9 cijfers die de elfproef halen) of een parameter met "bsn" in de naam',
    rule: 'bk:no-bsn-in-uri',
    severity: 'error',
  },
  {
    id: 'discovery-https',
    group: 'ontdekking',
    title: 'De basis-URL en elke geadverteerde URL gebruiken https (http alleen op localhost/127.0.0.1/::1, of met --insecure-http)',
    rule: '/core/transport/tls',
    severity: 'error',
  },
];

/** Declared headers another check owns (API-Version is reported by `api-version-header`). */
const IGNORED_HEADERS = ['api-version'];

function observed(exchange: Exchange) {
  return { method: exchange.method, url: exchange.url, statusCode: exchange.status, headers: exchange.headers, body: exchange.text };
}

function parseJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks one public resource against its contract operation; returns the parsed body when it is JSON. */
function checkPublicResource(ctx: ConformanceContext, run: CheckRun, exchange: Exchange | NetworkError, operationId: string, label: string): unknown {
  if (exchange instanceof NetworkError) {
    run.fail(exchange.message);
    return undefined;
  }
  if (exchange.status !== 200) run.fail(`${label} geeft status ${exchange.status} in plaats van 200.`);
  const operation = contractOperations(ctx.contract).find((op) => op.operationId === operationId)!;
  const openapi = ctx.validator.findOperation(operation.method, operation.path);
  if (exchange.status === 200) {
    for (const violation of ctx.validator.responseViolations(openapi, observed(exchange), { ignoreHeaders: IGNORED_HEADERS })) {
      run.fail(`${label} wijkt af van het contract: ${violation}`);
    }
  }
  return parseJson(exchange);
}

/** Standalone runs of 9 digits that pass the 11-check: what a BSN looks like in a URL. */
export function bsnLikeNumbers(text: string): string[] {
  return [...text.matchAll(/(?<!\d)\d{9}(?!\d)/g)].map((m) => m[0]).filter((digits) => isValidBsn(digits));
}

/** Why a URL may carry a BSN: a 9-digit 11-check number, or a path segment or parameter named after it. */
export function bsnInUrlFindings(url: string): string[] {
  const findings: string[] = [];
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // keep the raw URL
  }
  const masked = bsnLikeNumbers(decoded).reduce((text, digits) => text.split(digits).join(`${digits.slice(0, 3)}******`), decoded);
  for (const digits of bsnLikeNumbers(decoded)) findings.push(`${masked} bevat ${digits.slice(0, 3)}******, een getal van 9 cijfers dat de elfproef haalt (een BSN?)`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    return findings;
  }
  for (const name of parsed.searchParams.keys()) {
    if (/bsn|burgerservicenummer/i.test(name)) findings.push(`${masked} heeft de queryparameter "${name}"`);
  }
  if (/bsn|burgerservicenummer/i.test(parsed.pathname)) findings.push(`${masked} noemt het BSN in het pad`);
  return findings;
}

function advertisedUrls(discovery: Record<string, unknown> | undefined): { what: string; url: string }[] {
  if (!discovery) return [];
  const urls: { what: string; url: string }[] = [];
  const documenten = Array.isArray(discovery.documenten) ? discovery.documenten : [];
  for (const doc of documenten) {
    if (isRecord(doc) && typeof doc.url === 'string') urls.push({ what: `document ${String(doc.documenttype)}`, url: doc.url });
  }
  const ondertekening = discovery.ondertekening;
  if (isRecord(ondertekening) && typeof ondertekening.sleutels_url === 'string') urls.push({ what: 'sleutels_url', url: ondertekening.sleutels_url });
  return urls;
}

function advertisedDocuments(ctx: ConformanceContext, discovery: Record<string, unknown>): AdvertisedDocument[] {
  const operations = contractOperations(ctx.contract).filter((op) => op.certified);
  const documenten = Array.isArray(discovery.documenten) ? discovery.documenten : [];
  const result: AdvertisedDocument[] = [];
  for (const doc of documenten) {
    if (!isRecord(doc) || typeof doc.url !== 'string' || typeof doc.documenttype !== 'string') continue;
    try {
      new URL(doc.url);
    } catch {
      continue;
    }
    const operation = operations.find((op) => op.documenttype === doc.documenttype);
    const openapi = operation ? ctx.validator.findOperation(operation.method, operation.path) : undefined;
    result.push({
      documenttype: doc.documenttype,
      url: doc.url,
      mediatypen: Array.isArray(doc.mediatypen) ? doc.mediatypen.filter((m): m is string => typeof m === 'string') : [],
      ...(operation ? { operation } : {}),
      ...(openapi ? { openapi } : {}),
    });
  }
  return result;
}

export async function runDiscoveryChecks(ctx: ConformanceContext): Promise<void> {
  const publicHeaders = { accept: 'application/json', origin: PROBE_ORIGIN };
  const organisatie = await ctx.tryGet(ctx.url('/organisatie'), { purpose: 'ontdekking', headers: publicHeaders });
  const sleutels = await ctx.tryGet(ctx.url('/sleutels'), { purpose: 'sleutels', headers: publicHeaders });

  await ctx.check('discovery', (run) => {
    const body = checkPublicResource(ctx, run, organisatie, 'ophalenOrganisatie', '/organisatie');
    // Only a 200 is a discovery document: the problem of a 503 advertises nothing.
    if (organisatie instanceof NetworkError || organisatie.status !== 200) return;
    if (!isRecord(body)) {
      if (!(organisatie instanceof NetworkError) && organisatie.status === 200) run.fail('/organisatie is geen JSON-object.');
      return;
    }
    ctx.discovery = body;
    ctx.documents = advertisedDocuments(ctx, body);
    if (body.contractversie !== undefined && body.contractversie !== ctx.contract.version) {
      run.fail(`/organisatie noemt contractversie ${JSON.stringify(body.contractversie)}; het referentiecontract is ${ctx.contract.version}.`);
    }
    const types = ctx.documents.map((d) => d.documenttype);
    run.pass(`Het ontdekkingsdocument voldoet; aangeboden documenten: ${types.length > 0 ? types.join(', ') : '(geen)'}.`);
  });

  await ctx.check('keys', (run) => {
    const body = checkPublicResource(ctx, run, sleutels, 'ophalenSleutels', '/sleutels');
    if (sleutels instanceof NetworkError || sleutels.status !== 200) return;
    if (!isRecord(body) || !Array.isArray(body.keys)) {
      if (!(sleutels instanceof NetworkError) && sleutels.status === 200) run.fail('/sleutels is geen JWK Set (geen lijst "keys").');
      return;
    }
    const keys = body.keys.filter(isRecord) as PublishedKey[];
    ctx.keySet = { keys };
    const active = keys.filter((k) => k.status === 'actief');
    if (active.length === 0) run.fail('/sleutels heeft geen sleutel met status "actief": nieuwe documenten kunnen niet gecontroleerd worden.');
    const sleutelsUrl = isRecord(ctx.discovery?.ondertekening) ? ctx.discovery.ondertekening.sleutels_url : undefined;
    if (typeof sleutelsUrl === 'string' && sleutelsUrl !== ctx.url('/sleutels')) {
      run.note(`Let op: /organisatie wijst naar sleutels_url ${sleutelsUrl}; de checker gebruikt ${ctx.url('/sleutels')}.`);
    }
    run.pass(`De sleutelset voldoet: ${keys.length} ${keys.length === 1 ? 'sleutel' : 'sleutels'}, waarvan ${active.length} actief.`);
  });

  await ctx.check('discovery-no-bsn', (run) => {
    if (!ctx.discovery) return run.skip(NO_DISCOVERY);
    const urls = advertisedUrls(ctx.discovery);
    if (urls.length === 0) return run.skip("Overgeslagen: het ontdekkingsdocument adverteert geen enkele URL (zie discovery), dus er is niets om te controleren.");
    for (const { url } of urls) for (const finding of bsnInUrlFindings(url)) run.fail(finding);
    run.pass(`Geen van de ${urls.length} geadverteerde URL's bevat een BSN.`);
  });

  await ctx.check('discovery-https', (run) => {
    const urls = [{ what: 'basis-URL', url: ctx.baseUrl }, ...advertisedUrls(ctx.discovery)];
    let local = 0;
    for (const { what, url } of urls) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        run.fail(`${what}: ${url} is geen geldige URL.`);
        continue;
      }
      if (parsed.protocol === 'https:') continue;
      if (parsed.protocol !== 'http:') {
        run.fail(`${what}: ${url} gebruikt ${parsed.protocol} in plaats van https.`);
      } else if (isLoopbackHost(parsed.hostname)) {
        local++;
      } else if (ctx.options.insecureHttp) {
        run.note(`${what}: ${url} gebruikt http (toegestaan met --insecure-http).`);
      } else {
        run.fail(`${what}: ${url} gebruikt http in plaats van https (gebruik --insecure-http alleen voor een testomgeving zonder TLS).`);
      }
    }
    if (local > 0) run.note(`${local} URL('s) op localhost gebruiken http; dat mag alleen lokaal.`);
    // The base URL alone is no evidence about the advertised URLs: a finding on it still fails.
    if (!ctx.discovery) return run.skip(`${NO_DISCOVERY} Alleen de basis-URL is gecontroleerd (in orde).`);
    run.pass(local > 0 ? `Alle URL's gebruiken https, behalve ${local} op localhost.` : "Alle URL's gebruiken https.");
  });
}

