import { createDpopProof } from '../protocol/dpop.js';
import { JweError } from '../protocol/errors.js';
import { decryptForApp } from '../protocol/jwe.js';
import type { AppKey } from './app-key.js';
import { OrganisationError } from './errors.js';
import { joinUrl, problemDetail } from './http.js';
import { isDocumenttype, type Documentenvelop, type Documenttype, type Ontdekkingsdocument, type Sessie, type SessieAanvraag, type StelselOrganisatie } from './protocol.js';
import { verifyOrganisationDocument } from './verify-document.js';

/** A verified document as received: the compact JWS (after decryption) and its parsed content. */
export interface OpgehaaldDocument {
  oin: string;
  documenttype: Documenttype;
  jws: string;
  document: Documentenvelop;
}

export interface OrganisationFetchOptions {
  appKey: AppKey;
  appCredential: string;
  bsn: string;
  signal: AbortSignal;
  now: () => Date;
}

/** The organisation's API base (`…/v1`), from the discovery URL the scheme lists: the fallback. */
export function apiBaseOf(organisatie: StelselOrganisatie): string {
  return organisatie.ontdekkings_url.replace(/\/organisatie\/?$/, '');
}

/** Where to open a session and fetch each document. */
export interface OrganisationEndpoints {
  sessies: string;
  documenten: Partial<Record<Documenttype, string>>;
}

/**
 * Reads the organisation's discovery document (at the URL the scheme lists) for its
 * `sessies_url` and document URLs: DPoP binds every proof to the exact URL, so the app takes
 * them from the organisation instead of building them. The discovery document must be about
 * the organisation the scheme names. An organisation without `sessies_url` offers no sessions.
 */
export async function discoverEndpoints(organisatie: StelselOrganisatie, signal: AbortSignal): Promise<OrganisationEndpoints> {
  const res = await send(organisatie.ontdekkings_url, { headers: { accept: 'application/json' } }, signal);
  if (res.status !== 200) throw new OrganisationError('ERR_ORGANISATION_HTTP', `Ontdekkingsdocument niet op te halen (${await problemDetail(res)}).`, res.status);
  const discovery = (await res.json()) as Partial<Ontdekkingsdocument>;
  if (discovery.oin !== organisatie.oin) {
    throw new OrganisationError('ERR_ORGANISATION_ISSUER', `Het ontdekkingsdocument is van ${String(discovery.oin)}, niet van ${organisatie.oin}.`);
  }
  if (typeof discovery.sessies_url !== 'string') throw new OrganisationError('ERR_ORGANISATION_HTTP', 'Deze organisatie biedt geen sessies aan (geen sessies_url).');
  const documenten: OrganisationEndpoints['documenten'] = {};
  for (const d of discovery.documenten ?? []) documenten[d.documenttype] = d.url;
  return { sessies: discovery.sessies_url, documenten };
}

async function send(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new OrganisationError('ERR_ORGANISATION_NETWORK', `Niet bereikbaar (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}).`);
  }
}

/** CreateSession: the app credential plus a DPoP proof with the app key. */
export async function openSessie(organisatie: StelselOrganisatie, options: OrganisationFetchOptions, endpoints?: OrganisationEndpoints): Promise<Sessie> {
  const url = endpoints?.sessies ?? joinUrl(apiBaseOf(organisatie), 'sessies');
  const res = await send(
    url,
    {
      method: 'POST',
      headers: {
        dpop: await createDpopProof(options.appKey, { method: 'POST', url }),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ app_credential: options.appCredential } satisfies SessieAanvraag),
    },
    options.signal,
  );
  if (res.status !== 201 && res.status !== 200) throw new OrganisationError('ERR_ORGANISATION_HTTP', `Sessie geweigerd (${await problemDetail(res)}).`, res.status);
  const sessie = (await res.json()) as Partial<Sessie>;
  if (typeof sessie.sessie_token !== 'string') throw new OrganisationError('ERR_ORGANISATION_HTTP', 'De organisatie gaf geen sessie_token.');
  return sessie as Sessie;
}

/** Decrypts a document answer (src/protocol/jwe.ts): the plaintext is the signed document's compact JWS. */
export async function decryptDocument(jwe: string, appKey: AppKey): Promise<string> {
  try {
    return await decryptForApp(jwe, appKey);
  } catch (error) {
    if (error instanceof JweError) throw new OrganisationError(error.code, error.message, undefined, { cause: error });
    throw error;
  }
}

export async function fetchDocument(
  organisatie: StelselOrganisatie,
  sessie: Sessie,
  documenttype: Documenttype,
  options: OrganisationFetchOptions,
  endpoints?: OrganisationEndpoints,
): Promise<OpgehaaldDocument> {
  const url = endpoints?.documenten[documenttype] ?? joinUrl(apiBaseOf(organisatie), documenttype);
  const res = await send(
    url,
    {
      headers: {
        authorization: `DPoP ${sessie.sessie_token}`,
        dpop: await createDpopProof(options.appKey, { method: 'GET', url, accessToken: sessie.sessie_token }),
        accept: 'application/jose',
      },
    },
    options.signal,
  );
  if (res.status !== 200) throw new OrganisationError('ERR_ORGANISATION_HTTP', `Document ${documenttype} geweigerd (${await problemDetail(res)}).`, res.status);
  const jws = await decryptDocument((await res.text()).trim(), options.appKey);
  const { document } = await verifyOrganisationDocument(jws, organisatie, { bsn: options.bsn, documenttype, now: options.now() });
  return { oin: organisatie.oin, documenttype, jws, document };
}

/** Discovery, one session, then every document the scheme says the organisation serves, verified. */
export async function fetchOrganisation(organisatie: StelselOrganisatie, options: OrganisationFetchOptions): Promise<OpgehaaldDocument[]> {
  const endpoints = await discoverEndpoints(organisatie, options.signal);
  const sessie = await openSessie(organisatie, options, endpoints);
  // A service this app does not know (a newer document type) is skipped, not failed.
  const documenttypen = organisatie.diensten.filter(isDocumenttype);
  return Promise.all(documenttypen.map((documenttype) => fetchDocument(organisatie, sessie, documenttype, options, endpoints)));
}
