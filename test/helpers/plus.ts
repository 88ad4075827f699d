/**
 * Blauwe Knop Plus test set-up: a scheme operator, RDW (organisation role, listening) that
 * reads the operator's scheme, the demo purpose, an afnemer with its own key and a push
 * receiver on 127.0.0.1 whose answers each test scripts. The organisation's own delivery
 * worker is stopped: tests run delivery rounds themselves, so nothing depends on timing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { findToestemming, gebeurtenissenVanToestemming } from '../../src/data/plus.js';
import { createClientAssertion } from '../../src/protocol/client-assertion.js';
import { verifySecurityEvent, type VerifiedSecurityEvent } from '../../src/protocol/security-event.js';
import type { PublishedKey } from '../../src/protocol/verify-document.js';
import { Bezorger, type BezorgOpties } from '../../src/roles/organisatie/plus/bezorging.js';
import type { OrganisatieContext } from '../../src/roles/organisatie/context.js';
import type { PlusDienst } from '../../src/roles/organisatie/plus/dienst.js';
import { runStelsel } from '../../src/roles/stelselbeheerder/commando.js';
import { dpopProof, generateAppKey, json, startRoleService, startStelselbeheerder, type AppKey, type RoleService } from './centraal.js';
import { bearer, RDW } from './service.js';

export const MELDER = 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder';
export const DOEL = 'rijbewijs-raadplegingen-melden';
/** Has a driving licence at RDW in the demo data (documentnummer below). */
export const BURGER = '999990111';
export const ANDERE_BURGER = '999993653';

export interface Ontvanger {
  url: string;
  ontvangen: { set: string; contentType: string | undefined }[];
  /** What the next pushes get: a status code, optionally a body; 'hang' never answers (a timeout). */
  antwoorden: ({ status: number; body?: string; headers?: Record<string, string> } | 'hang')[];
  /** When `antwoorden` is empty. */
  standaard: { status: number; body?: string; headers?: Record<string, string> };
}

export async function startOntvanger(t: Pick<Test, 'teardown'>): Promise<Ontvanger> {
  const ontvanger: Ontvanger = { url: '', ontvangen: [], antwoorden: [], standaard: { status: 202 } };
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      ontvanger.ontvangen.push({ set: body, contentType: req.headers['content-type'] });
      const antwoord = ontvanger.antwoorden.shift() ?? ontvanger.standaard;
      if (antwoord === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(antwoord.status, { 'content-type': 'application/json', ...(antwoord.headers ?? {}) });
      res.end(antwoord.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  ontvanger.url = `http://127.0.0.1:${address.port}/gebeurtenissen`;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return ontvanger;
}

export interface PlusOpzet {
  operator: Awaited<ReturnType<typeof startStelselbeheerder>>;
  rdw: RoleService & { ctx: OrganisatieContext };
  dienst: PlusDienst;
  ontvanger: Ontvanger;
  afnemerKey: AppKey & { kid: string };
  stelsel(args: string[]): Promise<void>;
  /** A delivery worker on RDW's outbox with test options (not started: call `ronde()`). */
  bezorger(opties?: BezorgOpties): Bezorger;
  tokenVoor(bsn: string): Promise<string>;
  verleen(bsn: string, body?: Record<string, unknown>): Promise<{ toestemming: Record<string, unknown> & { toestemming_id: string; status: string }; ontvangstbewijs: string }>;
  /** `POST /plus/token` with this assertion and a fresh DPoP proof by `key`. */
  tokenAanvraag(assertion: string, key?: AppKey): ReturnType<RoleService['request']>;
  assertion(key?: AppKey & { kid: string }, id?: string): Promise<string>;
  afnemerToken(key?: AppKey & { kid: string }, id?: string): Promise<string>;
  /** Sends an afnemer request with a fresh DPoP proof. */
  alsAfnemer(token: string, method: 'GET' | 'POST', path: string, payload?: unknown, key?: AppKey): ReturnType<RoleService['request']>;
  raadpleging(opties?: { vertrouwelijk?: boolean; categorie?: 'politie' | 'gemeente' }): Promise<{ gebeurtenissen: number }>;
  verifieer(set: string): Promise<VerifiedSecurityEvent>;
  publicKeys(): Promise<{ keys: PublishedKey[] }>;
}

/** Documentnummer of BURGER's licence in the demo data. */
export const DOCUMENTNUMMER = '5234567890';

export async function startPlus(t: Test, options: { env?: Record<string, string>; now?: () => Date } = {}): Promise<PlusOpzet> {
  const clock = options.now ? { now: options.now } : {};
  const now = options.now ?? (() => new Date());
  const iat = () => Math.floor(now().getTime() / 1000);
  const operator = await startStelselbeheerder(t, clock);
  const rdw = (await startRoleService(t, 'organisatie', {
    ...clock,
    listen: true,
    env: { ORGANISATION_OIN: RDW, STELSEL_URL: operator.baseUrl, STELSEL_SLEUTEL: operator.sleutelPath, STELSEL_VERVERS_SECONDEN: '0', ...options.env },
  })) as RoleService & { ctx: OrganisatieContext };
  const plus = rdw.ctx.plus!;
  await plus.bezorger.stop();
  const ontvanger = await startOntvanger(t);
  const stelsel = async (args: string[]) => {
    await runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: operator.ctx.now, out: () => undefined });
  };
  const appKey = await generateAppKey();
  const afnemerKey = { ...appKey, kid: appKey.jkt };
  const keyFile = join(rdw.dataDir, 'afnemer.jwk');
  writeFileSync(keyFile, JSON.stringify({ ...afnemerKey.publicJwk, kid: afnemerKey.kid, alg: 'ES256', use: 'sig' }));
  await stelsel(['add-organisation', '--discovery-url', `${rdw.baseUrl}/organisatie`]);
  await stelsel([
    'add-doel', '--id', DOEL, '--description', 'U krijgt een melding als uw rijbewijs wordt geraadpleegd.', '--bronhouder', RDW,
    '--event-types', 'rijbewijs-geraadpleegd', '--scopes', 'rijbewijs', '--max-days', '365', '--retention-days', '30',
  ]);
  await stelsel(['add-afnemer', '--id', MELDER, '--name', 'Rijbewijsmelder (test)', '--endpoint', ontvanger.url, '--purposes', DOEL, '--keys-file', keyFile]);

  const tokenUrl = `${rdw.baseUrl}/plus/token`;
  const opzet: PlusOpzet = {
    operator,
    rdw,
    dienst: plus.dienst,
    ontvanger,
    afnemerKey,
    stelsel,
    bezorger: (opties = {}) => new Bezorger(plus.dienst, { retryScheduleMs: [10, 10, 10], pushTimeoutMs: 500, random: () => 0.5, ...opties }),
    tokenVoor: (bsn) => rdw.tokenFor(bsn),
    async verleen(bsn, body = { afnemer: MELDER, doel: DOEL }) {
      const res = await rdw.request({ method: 'POST', url: '/v1/toestemmingen', headers: bearer(await rdw.tokenFor(bsn)), payload: body });
      if (res.statusCode !== 201) throw new Error(`verlenen: ${res.statusCode} ${res.body}`);
      return json(res) as never;
    },
    async tokenAanvraag(assertion, key = afnemerKey) {
      return rdw.request({
        method: 'POST',
        url: '/v1/plus/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await dpopProof(key, { method: 'POST', url: tokenUrl, iat: iat() }) },
        payload: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
      });
    },
    async assertion(key = afnemerKey, id = MELDER) {
      return createClientAssertion({ kid: key.kid, algorithm: 'ES256', privateKey: key.privateKey }, { clientId: id, audience: tokenUrl, now: now() });
    },
    async afnemerToken(key = afnemerKey, id = MELDER) {
      const res = await opzet.tokenAanvraag(await opzet.assertion(key, id), key);
      if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
      return (json(res) as { access_token: string }).access_token;
    },
    async alsAfnemer(token, method, path, payload, key = afnemerKey) {
      return rdw.request({
        method,
        url: `/v1${path}`,
        headers: { authorization: `DPoP ${token}`, dpop: await dpopProof(key, { method, url: `${rdw.baseUrl}${path}`, accessToken: token, iat: iat() }) },
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      });
    },
    raadpleging: (opties = {}) =>
      plus.dienst.registreerRaadpleging({
        documentnummer: DOCUMENTNUMMER,
        categorie: opties.categorie ?? 'politie',
        resultaat: 'gevonden',
        wie: 'Politie',
        waarom: 'Verkeerscontrole',
        vertrouwelijk: opties.vertrouwelijk ?? false,
      }),
    async verifieer(set) {
      return verifySecurityEvent(set, { keys: (await rdw.ctx.keyring.published()).keys, issuer: `urn:nld:oin:${RDW}`, audience: MELDER });
    },
    publicKeys: () => rdw.ctx.keyring.published() as Promise<{ keys: PublishedKey[] }>,
  };
  return opzet;
}

export async function outbox(plus: PlusOpzet, toestemmingId: string) {
  const t = (await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemmingId))!;
  return gebeurtenissenVanToestemming(plus.rdw.ctx.db, t.id);
}

export async function citizen(plus: PlusOpzet, bsn = BURGER) {
  return bearer(await plus.tokenVoor(bsn));
}
