import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { AppKey } from './app-key.js';
import { createDpopProof } from './dpop.js';
import { AppBeheerderError } from './errors.js';
import { joinUrl, problemDetail } from './http.js';
import type { AppRegistratie, AppRegistratieAanvraag, OntwikkelLoginAanvraag, StelselAppBeheerder, Toegangstoken } from './protocol.js';

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new AppBeheerderError(`De app-beheerder is niet bereikbaar op ${url} (${cause}).`);
  }
}

/**
 * Development only: the app manager's development login (`POST /v1/_ontwikkel-login`) gives an
 * access token for a demo BSN, standing in for DigiD.
 */
export async function ontwikkelLogin(appBeheerderUrl: string, bsn: string, signal?: AbortSignal): Promise<string> {
  const res = await send(joinUrl(appBeheerderUrl, '_ontwikkel-login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ bsn } satisfies OntwikkelLoginAanvraag),
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw new AppBeheerderError(`Inloggen bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  const body = (await res.json()) as Partial<Toegangstoken>;
  if (typeof body.access_token !== 'string') throw new AppBeheerderError('De app-beheerder gaf geen access_token.');
  return body.access_token;
}

/** Registers this app instance (its public key, proven by a DPoP proof) for the logged-in citizen. */
export async function registreerApp(appBeheerderUrl: string, accessToken: string, appKey: AppKey, signal?: AbortSignal): Promise<AppRegistratie> {
  const url = joinUrl(appBeheerderUrl, 'app-registraties');
  const res = await send(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      dpop: await createDpopProof(appKey, { method: 'POST', url }),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ publieke_sleutel: appKey.publicJwk as AppRegistratieAanvraag['publieke_sleutel'] } satisfies AppRegistratieAanvraag),
    ...(signal ? { signal } : {}),
  });
  if (res.status !== 201 && res.status !== 200) throw new AppBeheerderError(`Registratie bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  const body = (await res.json()) as Partial<AppRegistratie>;
  if (typeof body.registratie_id !== 'string' || typeof body.app_credential !== 'string') {
    throw new AppBeheerderError('De app-beheerder gaf geen registratie_id of app_credential.');
  }
  return body as AppRegistratie;
}

export const APP_CREDENTIAL_TYPE = 'bk-app-credential+jwt';

/**
 * Checks the credential the app manager issued before the app relies on it: signed with a key
 * the scheme lists for that app manager, `iss` its id, bound to this app's key (`cnf.jkt`),
 * not expired; returns the citizen's BSN it vouches for.
 */
export async function verifyAppCredential(credential: string, appBeheerder: StelselAppBeheerder, appKey: AppKey): Promise<{ bsn: string; exp: number }> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(credential).kid;
  } catch {
    throw new AppBeheerderError('De app-credential is geen JWT.');
  }
  const sleutel = appBeheerder.sleutels.find((k) => k.kid === kid);
  if (!sleutel) throw new AppBeheerderError(`De app-credential is ondertekend met een sleutel die het stelsel niet voor ${appBeheerder.naam} noemt.`);
  if (sleutel.ingetrokken_op && Date.parse(sleutel.ingetrokken_op) <= Date.now()) throw new AppBeheerderError('De sleutel van de app-beheerder is in het stelsel ingetrokken.');
  const { geldig_vanaf: _v, geldig_tot: _t, ingetrokken_op: _i, ...jwk } = sleutel;
  try {
    const { payload } = await jwtVerify(credential, await importJWK(jwk as JWK, 'ES256'), { issuer: appBeheerder.id, typ: APP_CREDENTIAL_TYPE, algorithms: ['ES256'] });
    const cnf = payload.cnf as { jkt?: unknown } | undefined;
    if (cnf?.jkt !== appKey.thumbprint) throw new AppBeheerderError('De app-credential is niet aan de sleutel van deze app gebonden.');
    if (typeof payload.bsn !== 'string' || typeof payload.exp !== 'number') throw new AppBeheerderError('De app-credential mist bsn of exp.');
    return { bsn: payload.bsn, exp: payload.exp };
  } catch (error) {
    if (error instanceof AppBeheerderError) throw error;
    throw new AppBeheerderError(`De app-credential klopt niet (${(error as Error).message}).`);
  }
}

/** A fresh credential for an active registration (same citizen token, a proof with the same app key). */
export async function vernieuwCredential(appBeheerderUrl: string, accessToken: string, registratieId: string, appKey: AppKey): Promise<AppRegistratie> {
  const url = joinUrl(appBeheerderUrl, `app-registraties/${encodeURIComponent(registratieId)}/_vernieuwen`);
  const res = await send(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, dpop: await createDpopProof(appKey, { method: 'POST', url }), accept: 'application/json' },
  });
  if (res.status !== 200) throw new AppBeheerderError(`Vernieuwen bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  return (await res.json()) as AppRegistratie;
}

/** Revokes this app's registration (e.g. when the citizen removes the app or loses the device). */
export async function trekRegistratieIn(appBeheerderUrl: string, accessToken: string, registratieId: string): Promise<void> {
  const res = await send(joinUrl(appBeheerderUrl, `app-registraties/${encodeURIComponent(registratieId)}`), {
    method: 'DELETE',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (res.status !== 204) throw new AppBeheerderError(`Intrekken bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
}
