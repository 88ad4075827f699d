import { verifyAppCredential as verifyWithProtocol } from '../protocol/app-credential.js';
import { createDpopProof } from '../protocol/dpop.js';
import { AppCredentialError } from '../protocol/errors.js';
import type { AppKey } from './app-key.js';
import { AppBeheerderError } from './errors.js';
import { joinUrl, problemDetail } from './http.js';
import type { AppRegistratie, AppRegistratieAanvraag, OntwikkelLoginAanvraag, StelselAppBeheerder, Toegangstoken } from './protocol.js';

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new AppBeheerderError('ERR_APP_MANAGER_UNREACHABLE', `De app-beheerder is niet bereikbaar op ${url} (${cause}).`);
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
  if (!res.ok) throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', `Inloggen bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  const body = (await res.json()) as Partial<Toegangstoken>;
  if (typeof body.access_token !== 'string') throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', 'De app-beheerder gaf geen access_token.');
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
  if (res.status !== 201 && res.status !== 200) throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', `Registratie bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  const body = (await res.json()) as Partial<AppRegistratie>;
  if (typeof body.registratie_id !== 'string' || typeof body.app_credential !== 'string') {
    throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', 'De app-beheerder gaf geen registratie_id of app_credential.');
  }
  return body as AppRegistratie;
}

/**
 * Checks the credential the app manager issued before the app relies on it (the wire rules
 * of src/protocol/app-credential.ts: a key the scheme lists for that app manager, `iss` its
 * id, bound to this app's key, not expired); returns the citizen's BSN it vouches for.
 */
export async function verifyAppCredential(credential: string, appBeheerder: StelselAppBeheerder, appKey: AppKey, now = new Date()): Promise<{ bsn: string; exp: number }> {
  try {
    const { bsn, exp } = await verifyWithProtocol(credential, appBeheerder, { now, jkt: appKey.thumbprint });
    return { bsn, exp };
  } catch (error) {
    if (error instanceof AppCredentialError) throw new AppBeheerderError(error.code, error.message, undefined, { cause: error });
    throw error;
  }
}

/** A fresh credential for an active registration (same citizen token, a proof with the same app key). */
export async function vernieuwCredential(appBeheerderUrl: string, accessToken: string, registratieId: string, appKey: AppKey): Promise<AppRegistratie> {
  const url = joinUrl(appBeheerderUrl, `app-registraties/${encodeURIComponent(registratieId)}/_vernieuwen`);
  const res = await send(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, dpop: await createDpopProof(appKey, { method: 'POST', url }), accept: 'application/json' },
  });
  if (res.status !== 200) throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', `Vernieuwen bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
  return (await res.json()) as AppRegistratie;
}

/** Revokes this app's registration (e.g. when the citizen removes the app or loses the device). */
export async function trekRegistratieIn(appBeheerderUrl: string, accessToken: string, registratieId: string): Promise<void> {
  const res = await send(joinUrl(appBeheerderUrl, `app-registraties/${encodeURIComponent(registratieId)}`), {
    method: 'DELETE',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (res.status !== 204) throw new AppBeheerderError('ERR_APP_MANAGER_HTTP', `Intrekken bij de app-beheerder mislukte (${await problemDetail(res)}).`, res.status);
}
