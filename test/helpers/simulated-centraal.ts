/**
 * A simulated Centraal server side on 127.0.0.1, written from docs/centraal.md, for the SDK's
 * tests and the benchmark: a scheme operator, an app manager and any number of organisations
 * (one node:http server each) that serve REAL certified documents from one seeded database,
 * signed with each organisation's own key and encrypted to the app key. Every organisation
 * can be told to misbehave (down, slow, tampered ciphertext, another citizen's document…).
 */
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { stelselVersie } from '../../src/protocol/stelseldocument.js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  CompactEncrypt,
  CompactSign,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
} from 'jose';
import { type OpenedDatabase } from '../../src/data/database.js';
import { openDatabase } from '../../src/data/open.js';
import { readFinancieleZaken } from '../../src/data/financiele-zaken.js';
import { findOrganisation } from '../../src/data/organisations.js';
import { loadRijbewijs, loadVaartuigen, loadVoertuigen } from '../../src/data/rdw.js';
import { documentEnvelope } from '../../src/documenten/envelope.js';
import { foldFinancieleVerplichtingen } from '../../src/fcid/index.js';
import type { Documenttype, Stelseldocument, StelselOrganisatie, StelselSleutel } from '../../src/sdk/protocol.js';
import { signDocument } from '../../src/protocol/sign-document.js';
import { generateSigningKey, type SigningKey } from '../../src/keys/signing-key.js';

export const PILOTS = [
  { oin: '00000099000000000001', naam: 'Gemeente Tilburg (demo)', diensten: ['financiele-verplichtingen'] },
  { oin: '00000099000000000002', naam: 'Gemeente Tholen (demo)', diensten: ['financiele-verplichtingen'] },
  { oin: '00000099000000000003', naam: 'Gemeente Boxtel (demo)', diensten: ['financiele-verplichtingen'] },
  { oin: '00000099000000000004', naam: 'Gemeente Sint-Michielsgestel (demo)', diensten: ['financiele-verplichtingen'] },
  { oin: '00000099000000000005', naam: 'CAK (demo)', diensten: ['financiele-verplichtingen'] },
  { oin: '00000099000000000006', naam: 'RDW (demo)', diensten: ['voertuigen', 'rijbewijs', 'vaartuigen'] },
] as const satisfies ReadonlyArray<{ oin: string; naam: string; diensten: Documenttype[] }>;

export interface Misbehaviour {
  /** Refuse connections (the server is closed). */
  down?: boolean;
  /** Wait this long before answering the document request. */
  delayMs?: number;
  /** Flip a byte in the JWE ciphertext. */
  tamperCiphertext?: boolean;
  /** Serve the document of this BSN instead of the session's citizen. */
  documentOfBsn?: string;
  /** Sign documents with a key the scheme does not list. */
  signWithUnlistedKey?: boolean;
}

export interface SimulatedOrganisation {
  oin: string;
  naam: string;
  /** Whose data in the seeded database it serves (a collector serves another's claims). */
  bronOin: string;
  diensten: Documenttype[];
  key: SigningKey;
  url: string;
  misbehave: Misbehaviour;
  /** The `sleutels` entry the scheme lists for this organisation; edit and republish to revoke. */
  sleutel: StelselSleutel;
  server: Server;
  requests: { sessies: number; documenten: number };
}

export interface OrganisationSpec {
  oin: string;
  naam: string;
  bronOin?: string;
  diensten: readonly Documenttype[];
  code?: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function problem(res: ServerResponse, status: number, detail: string): void {
  send(res, status, { type: 'about:blank', title: status === 401 ? 'Niet geauthenticeerd' : 'Geen toegang', status, detail }, 'application/problem+json');
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) problem(res, 500, String(error));
    });
  });
  // As the real servers (src/http/app.ts). The client (undici) keeps a connection only for the
  // announced timeout less its own margin of a second or more, so 1 s here meant a new
  // connection for every request: 3 per organisation per overview.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Keys imported once per simulated Centraal: at national scale the one app key reaches
 * hundreds of organisations in this one process, and importing a JWK costs as much as the
 * signature check. Each key is still checked on every request; only the import is shared.
 */
function keyCache() {
  const imported = new Map<string, ReturnType<typeof importJWK>>();
  const thumbprints = new Map<string, Promise<string>>();
  const id = (jwk: JWK) => `${jwk.kty} ${jwk.crv} ${jwk.x} ${jwk.y} ${jwk.d !== undefined}`;
  const remember = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    if (map.size > 1000) map.clear();
    let value = map.get(key);
    if (!value) map.set(key, (value = make()));
    return value;
  };
  return {
    importKey: (jwk: JWK, alg: string) => remember(imported, `${alg} ${id(jwk)}`, () => importJWK(jwk, alg)),
    thumbprint: (jwk: JWK) => remember(thumbprints, id(jwk), () => calculateJwkThumbprint(jwk)),
  };
}
type KeyCache = ReturnType<typeof keyCache>;

/** RFC 9449 proof check as an organisation / app manager does it. Returns the proof key's thumbprint. */
async function checkDpop(keys: KeyCache, proof: string | undefined, method: string, url: string, seen: Set<string>, accessToken?: string): Promise<{ jkt: string; jwk: JWK }> {
  if (!proof) throw new Error('DPoP-bewijs ontbreekt');
  const header = decodeProtectedHeader(proof);
  if (header.typ !== 'dpop+jwt' || !header.jwk) throw new Error('geen DPoP-bewijs');
  const jwk = header.jwk as JWK;
  const { payload } = await jwtVerify(proof, await keys.importKey(jwk, 'ES256'), { typ: 'dpop+jwt', algorithms: ['ES256'] });
  if (payload.htm !== method || payload.htu !== url) throw new Error('DPoP-bewijs voor een andere aanvraag');
  if (typeof payload.iat !== 'number' || Math.abs(payload.iat - Date.now() / 1000) > 60) throw new Error('DPoP-bewijs te oud');
  if (typeof payload.jti !== 'string' || seen.has(payload.jti)) throw new Error('DPoP-bewijs herhaald');
  seen.add(payload.jti);
  if (accessToken !== undefined && payload.ath !== createHash('sha256').update(accessToken).digest('base64url')) throw new Error('ath klopt niet');
  return { jkt: await keys.thumbprint(jwk), jwk };
}

export interface SimulatedCentraal {
  stelselUrl: string;
  appBeheerderUrl: string;
  operatorPublicJwk: JWK;
  organisaties: SimulatedOrganisation[];
  byOin(oin: string): SimulatedOrganisation;
  /** Signs and serves a new scheme document (optionally with other times or contents). */
  publish(options?: { uitgegevenOp?: Date; verlooptOp?: Date; mutate?: (doc: Stelseldocument) => void }): Promise<string>;
  /** The JWS currently served (e.g. to replay it later). */
  current(): string;
  /** Serve this JWS instead (a replayed or forged scheme document). */
  serve(jws: string): void;
  database: OpenedDatabase;
  close(): Promise<void>;
}

export interface SimulatedCentraalOptions {
  organisaties?: readonly OrganisationSpec[];
  /** Share an already opened, seeded database (the benchmark opens one for many runs). */
  database?: OpenedDatabase;
}

export async function openSeededDatabase(): Promise<{ database: OpenedDatabase; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bk-centraal-'));
  return { database: await openDatabase({ dataDir: dir, seed: true }), dir };
}

export async function startSimulatedCentraal(options: SimulatedCentraalOptions = {}): Promise<SimulatedCentraal> {
  const specs: readonly OrganisationSpec[] = options.organisaties ?? PILOTS;
  let ownDir: string | undefined;
  let database = options.database;
  if (!database) {
    const opened = await openSeededDatabase();
    database = opened.database;
    ownDir = opened.dir;
  }
  const db = database;

  const operatorKey = await generateSigningKey('ES256');
  const appBeheerderKey = await generateSigningKey('ES256');
  const servers: Server[] = [];
  const keys = keyCache();
  const registrations = new Map<string, { bsn: string; jkt: string }>();
  const accessTokens = new Map<string, string>();
  const seenAtAppBeheerder = new Set<string>();
  const appBeheerderId = 'demo-app-beheerder';
  let currentJws = '';
  let lastDocument: Stelseldocument | undefined;

  // ---- scheme operator ----------------------------------------------------------------
  const operator = await listen(async (req, res) => {
    if (req.method === 'GET' && req.url === '/v1/stelseldocument') return send(res, 200, currentJws, 'application/jose');
    return problem(res, 404, 'niet gevonden');
  });
  servers.push(operator.server);

  // ---- app manager ----------------------------------------------------------------------
  const appBeheerder = await listen(async (req, res) => {
    const url = `${appBeheerderUrl}${req.url?.replace(/^\/v1/, '') ?? ''}`;
    if (req.method === 'POST' && req.url === '/v1/_ontwikkel-login') {
      const { bsn } = JSON.parse(await readBody(req)) as { bsn: string };
      const token = randomUUID();
      accessTokens.set(token, bsn);
      return send(res, 200, { access_token: token, token_type: 'Bearer' });
    }
    if (req.method === 'POST' && req.url === '/v1/app-registraties') {
      const bsn = accessTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!bsn) return problem(res, 401, 'toegangstoken ongeldig');
      const body = JSON.parse(await readBody(req)) as { publieke_sleutel: JWK };
      let proof;
      try {
        proof = await checkDpop(keys, req.headers.dpop as string | undefined, 'POST', url, seenAtAppBeheerder);
      } catch (error) {
        return problem(res, 401, (error as Error).message);
      }
      if (proof.jkt !== (await keys.thumbprint(body.publieke_sleutel))) return problem(res, 401, 'jwk is niet de publieke_sleutel');
      const registratie_id = randomUUID();
      registrations.set(registratie_id, { bsn, jkt: proof.jkt });
      const exp = Math.floor(Date.now() / 1000) + 900;
      const app_credential = await new SignJWT({ bsn, cnf: { jkt: proof.jkt } })
        .setProtectedHeader({ alg: 'ES256', kid: appBeheerderKey.kid, typ: 'bk-app-credential+jwt' })
        .setIssuer(appBeheerderId)
        .setSubject(registratie_id)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(appBeheerderKey.privateKey)
        .then(withCanonicalSignature);
      return send(res, 201, { registratie_id, app_credential, verloopt_op: new Date(exp * 1000).toISOString() });
    }
    return problem(res, 404, 'niet gevonden');
  });
  servers.push(appBeheerder.server);
  const appBeheerderUrl = `${appBeheerder.url}/v1`;

  // ---- organisations ----------------------------------------------------------------------
  // The contact options of the organisations whose data is served: read once, as no test
  // changes them, instead of once per document for each of hundreds of simulated organisations.
  const contactopties = new Map<string, ReturnType<typeof readContactopties>>();
  const readContactopties = async (oin: string) => (await findOrganisation(db, oin))?.contactopties ?? [];
  const contactoptiesVan = (oin: string) => {
    let found = contactopties.get(oin);
    if (!found) contactopties.set(oin, (found = readContactopties(oin)));
    return found;
  };

  async function documentFor(org: SimulatedOrganisation, documenttype: Documenttype, bsn: string): Promise<unknown> {
    const now = new Date();
    const issuer = { oin: org.oin, naam: org.naam };
    const envelope = documentEnvelope(documenttype, issuer, bsn, now);
    if (documenttype === 'financiele-verplichtingen') {
      const contactopties = await contactoptiesVan(org.bronOin);
      // The read model, in one prepared read, as a real organisation serves it (src/data/financiele-zaken.ts).
      const { zaken, gebeurtenissen } = await readFinancieleZaken(db, org.bronOin, bsn);
      return { ...envelope, gegevens: foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties, peilmoment: now }) };
    }
    if (documenttype === 'voertuigen') return { ...envelope, gegevens: { voertuigen: await loadVoertuigen(db, org.bronOin, bsn) } };
    if (documenttype === 'rijbewijs') return { ...envelope, gegevens: await loadRijbewijs(db, org.bronOin, bsn) };
    return { ...envelope, gegevens: { vaartuigen: await loadVaartuigen(db, org.bronOin, bsn) } };
  }

  async function startOrganisation(spec: OrganisationSpec): Promise<SimulatedOrganisation> {
    const key = await generateSigningKey('ES256');
    const unlisted = await generateSigningKey('ES256');
    const seen = new Set<string>();
    const org = {
      oin: spec.oin,
      naam: spec.naam,
      bronOin: spec.bronOin ?? spec.oin,
      diensten: [...spec.diensten],
      key,
      misbehave: {},
      sleutel: { ...(key.publicJwk as StelselSleutel), geldig_vanaf: new Date(Date.now() - 86_400_000).toISOString() },
      requests: { sessies: 0, documenten: 0 },
    } as Omit<SimulatedOrganisation, 'server' | 'url'> as SimulatedOrganisation;
    const { server, url } = await listen(async (req, res) => {
      const fullUrl = `${org.url}${req.url ?? ''}`;
      if (req.method === 'GET' && req.url === '/v1/organisatie') {
        return send(res, 200, {
          oin: org.oin,
          naam: org.naam,
          contractversie: '1.0.0',
          contactopties: [],
          documenten: org.diensten.map((d) => ({ documenttype: d, documentversie: '1.0.0', omschrijving: d, url: `${org.url}/v1/${d}`, mediatypen: ['application/jose'] })),
          ondertekening: { algoritmen: ['ES256'], sleutels_url: `${org.url}/v1/sleutels` },
          sessies_url: `${org.url}/v1/sessies`,
        });
      }
      if (req.method === 'POST' && req.url === '/v1/sessies') {
        org.requests.sessies++;
        const { app_credential } = JSON.parse(await readBody(req)) as { app_credential: string };
        let proof;
        try {
          proof = await checkDpop(keys, req.headers.dpop as string | undefined, 'POST', fullUrl, seen);
        } catch (error) {
          return problem(res, 401, (error as Error).message);
        }
        const beheerder = lastDocument?.app_beheerders.find((a) => a.id === appBeheerderId);
        const sleutel = beheerder?.sleutels[0];
        if (!sleutel) return problem(res, 403, 'onbekende app-beheerder');
        let claims;
        try {
          ({ payload: claims } = await jwtVerify(app_credential, await keys.importKey(sleutel as JWK, 'ES256'), { issuer: appBeheerderId, typ: 'bk-app-credential+jwt' }));
        } catch (error) {
          return problem(res, 401, `app-credential ongeldig: ${(error as Error).message}`);
        }
        const cnf = claims.cnf as { jkt?: string } | undefined;
        if (cnf?.jkt !== proof.jkt) return problem(res, 401, 'credential voor een andere app-sleutel');
        const exp = Math.floor(Date.now() / 1000) + 900;
        const sessie_token = await new SignJWT({ bsn: claims.bsn, cnf: { jkt: proof.jkt } })
          .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'bk-sessie+jwt' })
          .setIssuer(org.oin)
          .setIssuedAt()
          .setExpirationTime(exp)
          .sign(key.privateKey)
          .then(withCanonicalSignature);
        return send(res, 201, { sessie_token, token_type: 'DPoP', verloopt_op: new Date(exp * 1000).toISOString() });
      }
      const documenttype = req.url?.replace(/^\/v1\//, '') as Documenttype;
      if (req.method === 'GET' && org.diensten.includes(documenttype)) {
        org.requests.documenten++;
        const token = (req.headers.authorization ?? '').replace(/^DPoP /, '');
        let claims;
        let proof;
        try {
          ({ payload: claims } = await jwtVerify(token, await keys.importKey(key.publicJwk, 'ES256'), { issuer: org.oin, typ: 'bk-sessie+jwt' }));
          proof = await checkDpop(keys, req.headers.dpop as string | undefined, 'GET', fullUrl, seen, token);
        } catch (error) {
          return problem(res, 401, (error as Error).message);
        }
        if ((claims.cnf as { jkt?: string }).jkt !== proof.jkt) return problem(res, 401, 'sessie van een andere app-sleutel');
        if (org.misbehave.delayMs) {
          // A slow server answers late; once its client has given up, it answers nothing. The
          // timer goes with the client, so it cannot keep the test process alive after the test.
          const gone = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), org.misbehave.delayMs);
            res.once('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          if (gone) return;
        }
        const bsn = org.misbehave.documentOfBsn ?? String(claims.bsn);
        const body = Buffer.from(JSON.stringify(await documentFor(org, documenttype, bsn)), 'utf8');
        const { compactJws } = await signDocument(body, org.misbehave.signWithUnlistedKey ? unlisted : key, org.oin, new Date());
        let jwe = await new CompactEncrypt(Buffer.from(compactJws, 'utf8'))
          .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'bk-document+jws' })
          .encrypt(await keys.importKey(proof.jwk, 'ECDH-ES+A256KW'));
        if (org.misbehave.tamperCiphertext) {
          const parts = jwe.split('.');
          const ct = Buffer.from(parts[3]!, 'base64url');
          ct[0] = ct[0]! ^ 0xff;
          parts[3] = ct.toString('base64url');
          jwe = parts.join('.');
        }
        return send(res, 200, jwe, 'application/jose');
      }
      return problem(res, 404, 'niet gevonden');
    });
    servers.push(server);
    org.server = server;
    org.url = url;
    return org;
  }

  const organisaties: SimulatedOrganisation[] = [];
  for (const spec of specs) organisaties.push(await startOrganisation(spec));
  const codes = new Map(specs.map((s) => [s.oin, s.code]));

  const publish: SimulatedCentraal['publish'] = async (publishOptions = {}) => {
    const issued = publishOptions.uitgegevenOp ?? new Date();
    const document: Stelseldocument = {
      uitgever: { oin: '00000099000000000099', naam: 'Stelselbeheerder (simulatie)' },
      omgeving: 'ontwikkeling',
      uitgegeven_op: issued.toISOString(),
      verloopt_op: (publishOptions.verlooptOp ?? new Date(issued.getTime() + 86_400_000)).toISOString(),
      versie: '',
      organisaties: organisaties.map(
        (o): StelselOrganisatie => ({
          oin: o.oin,
          naam: o.naam,
          ontdekkings_url: `${o.url}/v1/organisatie`,
          diensten: o.diensten,
          sleutels: [o.sleutel],
          ...(codes.get(o.oin) ? { code: codes.get(o.oin)! } : {}),
        }),
      ),
      app_beheerders: [
        {
          id: appBeheerderId,
          naam: 'App-beheerder (simulatie)',
          url: appBeheerderUrl,
          sleutels: [{ ...(appBeheerderKey.publicJwk as StelselSleutel), geldig_vanaf: new Date(Date.now() - 86_400_000).toISOString() }],
        },
      ],
      afnemers: [],
      doelen: [],
    };
    publishOptions.mutate?.(document);
    document.versie = await stelselVersie(document);
    lastDocument = document;
    currentJws = await new CompactSign(Buffer.from(JSON.stringify(document), 'utf8'))
      .setProtectedHeader({ alg: 'ES256', kid: operatorKey.kid, typ: 'bk-stelseldocument+jws' })
      .sign(operatorKey.privateKey)
      .then(withCanonicalSignature);
    return currentJws;
  };
  await publish();

  return {
    stelselUrl: `${operator.url}/v1`,
    appBeheerderUrl,
    operatorPublicJwk: operatorKey.publicJwk,
    organisaties,
    byOin: (oin) => organisaties.find((o) => o.oin === oin)!,
    publish,
    current: () => currentJws,
    serve: (jws) => {
      currentJws = jws;
    },
    database: db,
    async close() {
      await Promise.all(servers.map(closeNow));
      if (!options.database) await db.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Makes an organisation unreachable: its port refuses connections from now on. */
export async function takeDown(org: SimulatedOrganisation): Promise<void> {
  org.misbehave.down = true;
  await closeNow(org.server);
}

/** Stops a server and ends its open connections: close() alone waits for them to end. */
function closeNow(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
