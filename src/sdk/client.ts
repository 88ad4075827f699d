import type { JWK } from 'jose';
import { ontwikkelLogin, registreerApp, verifyAppCredential } from './app-beheerder.js';
import { generateAppKey, type AppKey } from './app-key.js';
import { createBundle, type Bundel } from './bundle.js';
import { AppBeheerderError, OrganisationError } from './errors.js';
import { fetchOrganisation, type OpgehaaldDocument } from './organisatie.js';
import { foldOverzicht, type OrganisatieResultaat, type OrganisatieStatus, type Overzicht } from './overview.js';
import type { AppRegistratie, StelselAppBeheerder, StelselOrganisatie } from './protocol.js';
import { fetchStelseldocument, stelselForFold, verifyStelseldocument, type VerifiedStelseldocument } from './stelsel.js';
import { memoryStelselStore, type StelselStore } from './stelsel-store.js';

export type Voortgang =
  | { soort: 'stelsel'; uitgegeven_op: string; organisaties: number }
  | { soort: 'geregistreerd'; app_beheerder: string }
  | { soort: 'organisatie-start'; oin: string; naam: string }
  | { soort: 'organisatie-klaar'; oin: string; naam: string; status: OrganisatieStatus; duur_ms: number; reden?: string };

export interface OverzichtOptions {
  /** The operator's API base (`…/v1`) or the full `…/stelseldocument` URL. */
  stelselUrl: string;
  /** The pinned operator public key. */
  operatorKey: JWK;
  /** Where the last accepted scheme document's time is kept (default: memory). */
  store?: StelselStore;
  /** A citizen access token (DigiD/OIDC), or a demo BSN for the app manager's development login. */
  login: { accessToken: string } | { ontwikkelBsn: string };
  /** Which app manager (its `id` in the scheme); default the first listed. */
  appBeheerderId?: string;
  /** Per organisation (session plus documents), in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Default: a fresh ES256 key pair, generated here on the device. */
  appKey?: AppKey;
  now?: () => Date;
  onProgress?: (voortgang: Voortgang) => void;
}

export interface OverzichtResultaat {
  overzicht: Overzicht;
  bundel: Bundel;
  stelsel: VerifiedStelseldocument;
  registratie: AppRegistratie;
  resultaten: OrganisatieResultaat[];
  documenten: OpgehaaldDocument[];
  tijden: {
    /** From fetching the scheme document to the folded overview. */
    totaal_ms: number;
    /** Fetching and verifying the scheme document. */
    stelsel_ms: number;
    /** Log-in, the app key, registering it and checking the credential. */
    registratie_ms: number;
    /** The parallel phase: every organisation, start to last answer. */
    organisaties_ms: number;
    /** Folding the overview and making the bundle. */
    vouwen_ms: number;
    /** The slowest single organisation in that phase. */
    traagste_organisatie_ms: number;
  };
}

function pickAppBeheerder(stelsel: VerifiedStelseldocument, id?: string): StelselAppBeheerder {
  const list = stelsel.document.app_beheerders;
  const found = id ? list.find((a) => a.id === id) : list[0];
  if (!found) throw new AppBeheerderError('ERR_APP_MANAGER_UNKNOWN', id ? `App-beheerder ${id} staat niet in het stelseldocument.` : 'Het stelseldocument noemt geen app-beheerder.');
  return found;
}

/** One organisation, bounded by its own timeout; never throws: the outcome is its status. */
async function fetchWithTimeout(
  organisatie: StelselOrganisatie,
  ctx: { appKey: AppKey; appCredential: string; bsn: string; timeoutMs: number; now: () => Date },
): Promise<OrganisatieResultaat & { opgehaald: OpgehaaldDocument[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('time-out')), ctx.timeoutMs);
  const started = performance.now();
  const base = { oin: organisatie.oin, naam: organisatie.naam };
  try {
    const opgehaald = await fetchOrganisation(organisatie, { ...ctx, signal: controller.signal });
    return { ...base, status: 'ok', duur_ms: performance.now() - started, documenten: opgehaald.map((d) => d.document), opgehaald };
  } catch (error) {
    const duur_ms = performance.now() - started;
    if (controller.signal.aborted) {
      return { ...base, status: 'time-out', reden: `Geen antwoord binnen ${ctx.timeoutMs} ms.`, duur_ms, documenten: [], opgehaald: [] };
    }
    const reden = error instanceof OrganisationError ? error.message : `Onverwachte fout: ${(error as Error).message}`;
    return { ...base, status: 'mislukt', reden, duur_ms, documenten: [], opgehaald: [] };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The whole Centraal flow on the device: verify the scheme document, register the app key
 * with an app manager, then every organisation in parallel (each its own session and
 * timeout), verify every document against the scheme, fold them into one overview.
 */
export async function haalOverzicht(options: OverzichtOptions): Promise<OverzichtResultaat> {
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  // The app's key pair does not depend on the scheme or the login: made while they travel.
  // (Its failure, if any, is reported where it is awaited; the no-op catch only keeps an early
  // scheme error from leaving it unhandled.)
  const appKeyMade = options.appKey ? Promise.resolve(options.appKey) : generateAppKey();
  appKeyMade.catch(() => undefined);

  const stelsel = await verifyStelseldocument(await fetchStelseldocument(options.stelselUrl), options.operatorKey, {
    at: now(),
    store: options.store ?? memoryStelselStore(),
  });
  const stelselKlaar = performance.now();
  progress({ soort: 'stelsel', uitgegeven_op: stelsel.document.uitgegeven_op, organisaties: stelsel.document.organisaties.length });

  const appBeheerder = pickAppBeheerder(stelsel, options.appBeheerderId);
  const accessToken = 'accessToken' in options.login ? options.login.accessToken : await ontwikkelLogin(appBeheerder.url, options.login.ontwikkelBsn);
  const appKey = await appKeyMade;
  const registratie = await registreerApp(appBeheerder.url, accessToken, appKey);
  progress({ soort: 'geregistreerd', app_beheerder: appBeheerder.naam });
  const { bsn } = await verifyAppCredential(registratie.app_credential, appBeheerder, appKey, now());

  const fanOutStarted = performance.now();
  const ctx = { appKey, appCredential: registratie.app_credential, bsn, timeoutMs: options.timeoutMs ?? 10_000, now };
  const resultaten = await Promise.all(
    stelsel.document.organisaties.map(async (organisatie) => {
      progress({ soort: 'organisatie-start', oin: organisatie.oin, naam: organisatie.naam });
      const result = await fetchWithTimeout(organisatie, ctx);
      progress({ soort: 'organisatie-klaar', oin: result.oin, naam: result.naam, status: result.status, duur_ms: result.duur_ms, ...(result.reden ? { reden: result.reden } : {}) });
      return result;
    }),
  );
  const organisaties_ms = performance.now() - fanOutStarted;

  const vouwenStarted = performance.now();
  const opgesteld_op = now().toISOString();
  const overzicht = foldOverzicht({
    bsn,
    opgesteld_op,
    stelsel: stelselForFold(stelsel),
    resultaten,
  });
  const bundel = createBundle({
    opgehaald_op: opgesteld_op,
    stelseldocument: stelsel.jws,
    resultaten: resultaten.map((r) => ({ ...r, jws: r.opgehaald.map((d) => ({ documenttype: d.documenttype, jws: d.jws })) })),
    overzicht,
  });
  const klaar = performance.now();
  return {
    overzicht,
    bundel,
    stelsel,
    registratie,
    resultaten: resultaten.map(({ opgehaald: _o, ...r }) => r),
    documenten: resultaten.flatMap((r) => r.opgehaald),
    tijden: {
      totaal_ms: klaar - started,
      stelsel_ms: stelselKlaar - started,
      registratie_ms: fanOutStarted - stelselKlaar,
      organisaties_ms,
      vouwen_ms: klaar - vouwenStarted,
      traagste_organisatie_ms: Math.max(0, ...resultaten.map((r) => r.duur_ms)),
    },
  };
}
