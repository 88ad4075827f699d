/**
 * The load-and-fault test (issue 11, "Add"): `npm run soak`. Not part of the tap suite and
 * not in CI: it runs for minutes and measures a whole process, which a test file should not.
 *
 * It starts the organisation service as a real child process on PostgreSQL, sends a fixed
 * number of mixed requests (documents as JSON, JWS and PDF, discovery, keys, readiness, and
 * the refusals: bad tokens, bad input, unknown paths), takes the database away in the
 * middle, classifies every answer as expected or not, and samples the child's RSS. It exits
 * non-zero on any unexpected answer, on no recovery, or when the RSS at the end is more than
 * 20% above the level after warm-up.
 *
 * The outage is made by a TCP proxy between the service and PostgreSQL (the one the outage
 * test uses, test/helpers/tcp-proxy.ts) that cuts every connection and refuses new ones for
 * SOAK_STORING_SECONDEN. For the service that is what a database restart looks like (every
 * connection gone, none possible for a while), and it leaves the shared PostgreSQL server,
 * which other tests on this machine use at the same time, alone. SOAK_STORING=herstart
 * restarts the real server instead (pg_ctlcluster; every user of it loses its connections
 * for a few seconds).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { DEFAULT_ORGANISATION_OIN } from '../src/config.js';
import { parsePostgresqlUrl } from '../src/data/database.js';
import { openDatabase } from '../src/data/open.js';
import { DEMO_CITIZENS } from '../src/data/seed/citizens.js';
import { OIN } from '../src/data/seed/index.js';
import { scaleBsn, seedScale } from '../src/data/seed/scale.js';
import { dropSchema } from '../test/helpers/database.js';
import { freePort } from '../test/helpers/processes.js';
import { startTcpProxy, type TcpProxy } from '../test/helpers/tcp-proxy.js';
import { runMain } from './population.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';

const HULP = `npm run soak — belasting- en storingstest van de organisatiedienst (niet in CI)

Start de dienst (src/server.ts) als eigen proces op PostgreSQL, met een eigen schema
bk_soak_<pid> dat na afloop weer wordt verwijderd, en met de rate limits ver boven de belasting
(bench/rate-limits.ts). Stuurt SOAK_REQUESTS gemengde verzoeken: documenten (JSON,
application/jose en een deel PDF) voor de demo-inwoners en een synthetische populatie,
/v1/organisatie, /v1/sleutels, /health/ready, en verzoeken die geweigerd moeten worden
(ongeldig token 401, ongeldige invoer 400, onbekend pad 404). Halverwege valt de database weg.

Elk antwoord wordt ingedeeld: verwacht (de verwachte status met API-Version, fouten als
problem+json, en 503 met Retry-After tijdens de storing) of onverwacht (elke andere status,
een fout zonder problem+json, geen API-Version, een verbroken verbinding met de dienst (die
blijft ook tijdens de storing gewoon draaien), geen antwoord binnen SOAK_TIMEOUT_MS). Een BSN in
het log van de dienst telt ook als fout. Het RSS-geheugen van de dienst wordt elke seconde gemeten.

Eindigt met code 1 bij een onverwacht antwoord, als de dienst niet herstelt, of als het RSS aan
het eind meer dan 20% boven het niveau na de opwarmfase (de eerste 20% van de verzoeken) ligt;
beide niveaus zijn de mediaan van de metingen over 10 s.

Instellingen (omgevingsvariabelen):
  SOAK_REQUESTS           aantal verzoeken (100000)
  SOAK_CONCURRENCY        verzoeken tegelijk (20)
  SOAK_BURGERS            synthetische inwoners naast de demo-inwoners (2000)
  SOAK_TOKENS             verschillende geldige tokens (2000)
  SOAK_STORING            proxy (standaard): een TCP-proxy tussen dienst en PostgreSQL verbreekt
                          alle verbindingen en weigert nieuwe; de gedeelde server merkt niets.
                          herstart: herstart de echte PostgreSQL-server met pg_ctlcluster (als
                          root, een lokaal cluster onder /etc/postgresql); ALLE gebruikers van
                          die server verliezen hun verbindingen een paar seconden
  SOAK_STORING_SECONDEN   duur van de storing bij proxy (10)
  SOAK_TIMEOUT_MS         langer wachten op een antwoord geldt als hangen (15000)
  SOAK_SEED               zaad voor de willekeurige mix (1)
  DATABASE_URL            PostgreSQL (postgresql://postgres@127.0.0.1:5432/test)
`;

function geheel(naam: string, standaard: number): number {
  const waarde = process.env[naam];
  if (waarde === undefined || waarde === '') return standaard;
  const getal = Number(waarde);
  if (!Number.isInteger(getal) || getal <= 0) {
    process.stderr.write(`${naam} moet een positief geheel getal zijn (kreeg ${JSON.stringify(waarde)})\n`);
    process.exit(2);
  }
  return getal;
}

const instellingen = {
  verzoeken: geheel('SOAK_REQUESTS', 100_000),
  tegelijk: geheel('SOAK_CONCURRENCY', 20),
  burgers: geheel('SOAK_BURGERS', 2_000),
  tokens: geheel('SOAK_TOKENS', 2_000),
  storing: process.env.SOAK_STORING ?? 'proxy',
  storingSeconden: geheel('SOAK_STORING_SECONDEN', 10),
  timeoutMs: geheel('SOAK_TIMEOUT_MS', 15_000),
  seed: geheel('SOAK_SEED', 1),
  databaseUrl: process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://postgres@127.0.0.1:5432/test',
};
/** How much more than the warm-up level the RSS may be at the end. */
const RSS_MARGE = 1.2;
/** The RSS levels compared are medians over this long (see below). */
const RSS_VENSTER_MS = 10_000;
/** A 503 this long after readiness came back still counts as part of the outage (pool connections that died with it are found out on use). */
const HERSTEL_MARGE_MS = 2_000;
/** Readiness must come back within this long after the database did. */
const HERSTEL_UITERLIJK_MS = 60_000;

// ---------------------------------------------------------------------------------------
// The mix: what is asked, and what answer each kind must get.

type Soort =
  | 'document-json'
  | 'document-jose'
  | 'document-pdf'
  | 'organisatie'
  | 'sleutels'
  | 'gereed'
  | 'token-ongeldig'
  | 'invoer-ongeldig'
  | 'pad-onbekend';

interface Verwachting {
  status: number;
  /** The Content-Type must start with this. */
  type: string;
}

const MIX: readonly (readonly [Soort, number, Verwachting])[] = [
  ['document-json', 40, { status: 200, type: 'application/json' }],
  ['document-jose', 15, { status: 200, type: 'application/jose' }],
  ['document-pdf', 2, { status: 200, type: 'application/pdf' }],
  ['organisatie', 8, { status: 200, type: 'application/json' }],
  ['sleutels', 8, { status: 200, type: 'application/json' }],
  ['gereed', 4, { status: 200, type: 'application/health+json' }],
  ['token-ongeldig', 10, { status: 401, type: 'application/problem+json' }],
  ['invoer-ongeldig', 8, { status: 400, type: 'application/problem+json' }],
  ['pad-onbekend', 5, { status: 404, type: 'application/problem+json' }],
];
const VERWACHT = new Map(MIX.map(([soort, , verwachting]) => [soort, verwachting]));

/** A small seeded generator (mulberry32), so two runs with the same SOAK_SEED send the same mix. */
function willekeurig(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Verzoek {
  soort: Soort;
  pad: string;
  headers: Record<string, string>;
}

function maakVerzoeken(tokens: string[], fouteTokens: string[], seed: number): (i: number) => Verzoek {
  const kans = willekeurig(seed);
  const totaal = MIX.reduce((som, [, gewicht]) => som + gewicht, 0);
  const kies = <T>(lijst: readonly T[]): T => lijst[Math.floor(kans() * lijst.length)]!;
  const peildata = ['2024-01-01', '2025-06-30', '2026-01-01'];
  const fouteInvoer = ['peildatum=gisteren', 'peildatum=0000-01-01', 'peildatum=2024-02-30', 'peildatum=2024-01-01&peildatum=2024-01-02', 'peildatum=1800-01-01'];
  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${kies(tokens)}` });
  return (i): Verzoek => {
    let worp = kans() * totaal;
    let soort: Soort = MIX[0]![0];
    for (const [s, gewicht] of MIX) {
      if ((worp -= gewicht) < 0) {
        soort = s;
        break;
      }
    }
    switch (soort) {
      case 'document-json':
        return { soort, pad: `/v1/financiele-verplichtingen${kans() < 0.25 ? `?peildatum=${kies(peildata)}` : ''}`, headers: { ...bearer(), accept: 'application/json' } };
      case 'document-jose':
        return { soort, pad: '/v1/financiele-verplichtingen', headers: { ...bearer(), accept: 'application/jose' } };
      case 'document-pdf':
        return { soort, pad: '/v1/financiele-verplichtingen', headers: { ...bearer(), accept: 'application/pdf' } };
      case 'organisatie':
        return { soort, pad: '/v1/organisatie', headers: {} };
      case 'sleutels':
        return { soort, pad: '/v1/sleutels', headers: {} };
      case 'gereed':
        return { soort, pad: '/health/ready', headers: {} };
      case 'token-ongeldig':
        return { soort, pad: '/v1/financiele-verplichtingen', headers: { authorization: `Bearer ${kies(fouteTokens)}` } };
      case 'invoer-ongeldig':
        return { soort, pad: `/v1/financiele-verplichtingen?${kies(fouteInvoer)}`, headers: bearer() };
      case 'pad-onbekend':
        return { soort, pad: `/v1/bestaat-niet/${i}`, headers: bearer() };
    }
  };
}

// ---------------------------------------------------------------------------------------
// Sending, and what is kept of each answer (classified after the run, once the outage
// window and the recovery moment are known).

interface Antwoord {
  soort: Soort;
  start: number;
  eind: number;
  status: number;
  type: string;
  apiVersion: boolean;
  retryAfter: boolean;
  /** 'verbinding' (connection error) or 'timeout' (no answer in time); '' for an answer. */
  fout: '' | 'verbinding' | 'timeout';
  foutCode: string;
}

function stuur(agent: http.Agent, poort: number, verzoek: Verzoek, timeoutMs: number): Promise<Antwoord> {
  const start = performance.now();
  return new Promise((resolve) => {
    let klaar = false;
    const einde = (antwoord: Omit<Antwoord, 'soort' | 'start' | 'eind'>) => {
      if (klaar) return;
      klaar = true;
      clearTimeout(timer);
      resolve({ soort: verzoek.soort, start, eind: performance.now(), ...antwoord });
    };
    const request = http.request({ host: '127.0.0.1', port: poort, path: verzoek.pad, headers: verzoek.headers, agent }, (response) => {
      response.on('data', () => undefined);
      response.on('error', (error: NodeJS.ErrnoException) => einde({ status: 0, type: '', apiVersion: false, retryAfter: false, fout: 'verbinding', foutCode: error.code ?? error.message }));
      response.on('end', () =>
        einde({
          status: response.statusCode ?? 0,
          type: String(response.headers['content-type'] ?? ''),
          apiVersion: Boolean(response.headers['api-version']),
          retryAfter: /^\d+$/.test(String(response.headers['retry-after'] ?? '')),
          fout: '',
          foutCode: '',
        }),
      );
    });
    const timer = setTimeout(() => {
      einde({ status: 0, type: '', apiVersion: false, retryAfter: false, fout: 'timeout', foutCode: `geen antwoord binnen ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => einde({ status: 0, type: '', apiVersion: false, retryAfter: false, fout: 'verbinding', foutCode: error.code ?? error.message }));
    request.end();
  });
}

// ---------------------------------------------------------------------------------------
// The service, its database and its memory.

function rssVan(pid: number): number {
  const regel = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return regel ? Number(regel[1]) * 1024 : 0;
}

interface Dienst {
  poort: number;
  child: ChildProcess;
  logregels: Map<string, number>;
  logFouten: string[];
  bsnInLog: number;
  stop(): Promise<void>;
}

async function startDienst(dataDir: string, databaseUrl: string, bsns: Set<string>): Promise<Dienst> {
  const poort = await freePort();
  // The service as production runs it, its own process (own event loop, own RSS); through
  // tsx so it is always the current source, without a build step.
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'server.ts')], {
    env: {
      ...process.env,
      ...BENCH_RATE_LIMITS,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      ORGANISATION_OIN: DEFAULT_ORGANISATION_OIN,
      PORT: String(poort),
      HOST: '127.0.0.1',
      // The production default: a quieter level once hid a failure that only logging an
      // outage's cause triggered. Every line is counted per level and searched for BSNs.
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const dienst: Dienst = {
    poort,
    child,
    logregels: new Map(),
    logFouten: [],
    bsnInLog: 0,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  const niveaus: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  const lees = (regel: string) => {
    for (const getal of regel.match(/\b\d{9}\b/g) ?? []) if (bsns.has(getal)) dienst.bsnInLog++;
    let niveau = 'tekst';
    let bericht = regel;
    try {
      const json = JSON.parse(regel) as { level?: number; msg?: string; err?: { message?: string } };
      niveau = niveaus[json.level ?? 0] ?? String(json.level);
      bericht = `${json.msg ?? ''}${json.err?.message ? `: ${json.err.message}` : ''}`;
    } catch {
      // Not a pino line (a stack trace on stderr, say): counted as text.
    }
    dienst.logregels.set(niveau, (dienst.logregels.get(niveau) ?? 0) + 1);
    if ((niveau === 'error' || niveau === 'fatal' || niveau === 'tekst') && dienst.logFouten.length < 5) dienst.logFouten.push(bericht.slice(0, 200));
  };
  createInterface({ input: child.stdout! }).on('line', lees);
  createInterface({ input: child.stderr! }).on('line', lees);
  const agent = new http.Agent({ keepAlive: false });
  const tot = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`de dienst stopte bij het starten (code ${child.exitCode}): ${dienst.logFouten.join(' | ')}`);
    const antwoord = await stuur(agent, poort, { soort: 'gereed', pad: '/health/ready', headers: {} }, 2_000);
    if (antwoord.status === 200) break;
    if (Date.now() > tot) throw new Error('de dienst was na 60 s nog niet gereed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return dienst;
}

/** Takes the database away for the service, and brings it back; resolves when it is back. */
async function storing(proxy: TcpProxy): Promise<void> {
  if (instellingen.storing === 'herstart') {
    const versie = readdirSync('/etc/postgresql')[0]!;
    await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', versie, 'main', 'restart']);
    return;
  }
  proxy.mode('down');
  await new Promise((resolve) => setTimeout(resolve, instellingen.storingSeconden * 1000));
  proxy.mode('forward');
}

// ---------------------------------------------------------------------------------------

function percentiel(gesorteerd: Float64Array, p: number): number {
  if (gesorteerd.length === 0) return 0;
  return gesorteerd[Math.min(gesorteerd.length - 1, Math.floor((p / 100) * gesorteerd.length))]!;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HULP);
    return;
  }
  if (instellingen.storing !== 'proxy' && instellingen.storing !== 'herstart') {
    process.stderr.write(`SOAK_STORING moet proxy of herstart zijn (kreeg ${JSON.stringify(instellingen.storing)})\n`);
    process.exit(2);
  }
  const doel = new URL(instellingen.databaseUrl);
  const schema = `bk_soak_${process.pid}`;
  const direct = new URL(instellingen.databaseUrl);
  direct.searchParams.set('schema', schema);
  const proxy = await startTcpProxy(Number(doel.port || 5432), doel.hostname);
  const viaProxy = new URL(direct);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bk-soak-'));
  let dienst: Dienst | undefined;
  const opruimen = async () => {
    await dienst?.stop();
    await proxy.close();
    await dropSchema(direct.toString(), schema).catch((error: unknown) => process.stderr.write(`schema ${schema} niet verwijderd: ${String(error)}\n`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void opruimen().then(() => process.exit(130)));

  try {
    process.stdout.write(`Database: schema ${schema} op ${doel.host}; ${instellingen.burgers} synthetische inwoners zaaien…\n`);
    const db = await openDatabase({ dataDir, seed: true, databaseUrl: direct.toString() });
    try {
      await seedScale(db, { oin: DEFAULT_ORGANISATION_OIN, citizens: instellingen.burgers, batchSize: 1_000, rdwOin: OIN.rdw });
    } finally {
      await db.close();
    }
    const bsns = [...DEMO_CITIZENS.map((c) => c.bsn), ...Array.from({ length: instellingen.burgers }, (_, i) => scaleBsn(i))];
    dienst = await startDienst(dataDir, viaProxy.toString(), new Set(bsns));
    const pid = dienst.child.pid!;

    const tokens: string[] = [];
    for (let i = 0; i < instellingen.tokens; i++) tokens.push(await issueDevelopmentToken({ dataDir, bsn: bsns[i % bsns.length]! }));
    const echt = tokens[0]!;
    const fouteTokens = [
      'geen-jwt',
      `${echt.slice(0, -4)}AAAA`, // signature altered
      await issueDevelopmentToken({ dataDir, bsn: bsns[0]!, claims: { exp: Math.floor(Date.now() / 1000) - 60 } }), // expired
      await issueDevelopmentToken({ dataDir, bsn: bsns[1]!, audience: 'een-andere-dienst' }), // another audience
      await issueDevelopmentToken({ dataDir, bsn: bsns[2]!, claims: { exp: Math.floor(Date.now() / 1000) + 30 * 24 * 3600 } }), // valid far too long
    ];
    const volgende = maakVerzoeken(tokens, fouteTokens, instellingen.seed);

    const n = instellingen.verzoeken;
    // Warm-up: until the bounded caches (tokens, documents) hold what this load puts in them
    // and V8 has grown its heap to the load; in the runs here that took about a fifth.
    const opwarmen = Math.floor(n / 5);
    const antwoorden: Antwoord[] = new Array(n);
    const rss: { t: number; klaar: number; bytes: number }[] = [];
    let verstuurd = 0;
    let klaar = 0;
    const begin = performance.now();
    const meet = () => rss.push({ t: performance.now() - begin, klaar, bytes: rssVan(pid) });
    meet();
    const meter = setInterval(meet, 1_000);

    let storingStart = 0;
    let storingEind = 0;
    let gereedWeer: number | undefined;
    let storingKlaar: Promise<void> | undefined;
    const bewakingAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const startStoring = () => {
      storingStart = performance.now();
      process.stdout.write(`Storing (${instellingen.storing}) na ${verstuurd} verzoeken, op ${sec(storingStart - begin)}\n`);
      storingKlaar = storing(proxy).then(async () => {
        storingEind = performance.now();
        // Recovery: the first readiness answer 200 asked after the database was back.
        while (performance.now() - storingEind < HERSTEL_UITERLIJK_MS) {
          const probe = await stuur(bewakingAgent, dienst!.poort, { soort: 'gereed', pad: '/health/ready', headers: {} }, instellingen.timeoutMs);
          if (probe.status === 200) {
            gereedWeer = probe.eind;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        process.stdout.write(`Database terug op ${sec(storingEind - begin)}, dienst gereed ${gereedWeer === undefined ? 'NIET' : `na ${sec(gereedWeer - storingEind)}`}\n`);
      });
    };

    const agent = new http.Agent({ keepAlive: true, maxSockets: instellingen.tegelijk });
    const werker = async () => {
      while (verstuurd < n) {
        const i = verstuurd++;
        if (i === Math.floor(n / 2)) startStoring();
        antwoorden[i] = await stuur(agent, dienst!.poort, volgende(i), instellingen.timeoutMs);
        klaar++;
        if (klaar % Math.max(1, Math.floor(n / 20)) === 0) process.stdout.write(`  ${klaar}/${n} (${sec(performance.now() - begin)})\n`);
      }
    };
    process.stdout.write(`${n} verzoeken, ${instellingen.tegelijk} tegelijk, ${tokens.length} tokens voor ${bsns.length} inwoners…\n`);
    await Promise.all(Array.from({ length: instellingen.tegelijk }, werker));
    const duur = performance.now() - begin;
    rss.push({ t: performance.now() - begin, klaar, bytes: rssVan(pid) });
    clearInterval(meter);
    await storingKlaar;
    bewakingAgent.destroy();
    agent.destroy();

    // Classify. The outage window runs from the cut until shortly after readiness returned;
    // a request that overlaps it may get a 503 with Retry-After instead of its usual answer.
    const vensterEind = (gereedWeer ?? Number.POSITIVE_INFINITY) + HERSTEL_MARGE_MS;
    const inStoring = (a: Antwoord) => storingStart > 0 && a.eind >= storingStart && a.start <= vensterEind;
    const perSoort = new Map<string, Map<string, number>>();
    const onverwacht = new Map<string, number>();
    const voorbeelden: string[] = [];
    let verwachtTijdensStoring = 0;
    let eersteDocumentNaStoring: number | undefined;
    for (const a of antwoorden) {
      const status = a.fout || String(a.status);
      const tellers = perSoort.get(a.soort) ?? new Map<string, number>();
      tellers.set(status, (tellers.get(status) ?? 0) + 1);
      perSoort.set(a.soort, tellers);
      if (a.soort === 'document-json' && a.status === 200 && a.start >= storingEind && storingEind > 0) {
        eersteDocumentNaStoring = Math.min(eersteDocumentNaStoring ?? Number.POSITIVE_INFINITY, a.eind);
      }
      const verwacht = VERWACHT.get(a.soort)!;
      let reden: string | undefined;
      if (a.fout === 'timeout') reden = 'geen antwoord (hangt)';
      // The service itself stays up through a database outage, so a broken connection to it is
      // never expected, during the outage either.
      else if (a.fout === 'verbinding') reden = `verbindingsfout ${a.foutCode}`;
      else if (!a.apiVersion) reden = 'geen API-Version';
      else if (a.status >= 400 && !a.type.startsWith('application/problem+json')) reden = `${a.status} zonder problem+json`;
      else if (a.status === 503 && inStoring(a)) {
        if (a.retryAfter) verwachtTijdensStoring++;
        else reden = '503 zonder Retry-After';
      } else if (a.status !== verwacht.status) reden = `${a.status} in plaats van ${verwacht.status}`;
      else if (!a.type.startsWith(verwacht.type)) reden = `Content-Type ${a.type} in plaats van ${verwacht.type}`;
      if (reden) {
        const sleutel = `${a.soort}: ${reden}`;
        onverwacht.set(sleutel, (onverwacht.get(sleutel) ?? 0) + 1);
        if (voorbeelden.length < 10) voorbeelden.push(`${sleutel} (op ${sec(a.start - begin)}, storing ${sec(storingStart - begin)}–${sec(storingEind - begin)})`);
      }
    }
    const aantalOnverwacht = [...onverwacht.values()].reduce((a, b) => a + b, 0);

    const latenties = Float64Array.from(antwoorden.map((a) => a.eind - a.start)).sort();
    const latentieVan = (soort: Soort) => Float64Array.from(antwoorden.filter((a) => a.soort === soort).map((a) => a.eind - a.start)).sort();

    const uit: string[] = [];
    uit.push('');
    uit.push(`Verzoeken: ${n} in ${sec(duur)} (${(n / (duur / 1000)).toFixed(0)} per seconde), ${instellingen.tegelijk} tegelijk`);
    uit.push(`Latentie: p50 ${percentiel(latenties, 50).toFixed(1)} ms, p99 ${percentiel(latenties, 99).toFixed(1)} ms, max ${latenties[latenties.length - 1]!.toFixed(0)} ms`);
    uit.push('');
    uit.push('soort              aantal  p50 ms  p99 ms  antwoorden');
    for (const [soort] of MIX) {
      const l = latentieVan(soort);
      const tellers = [...(perSoort.get(soort) ?? new Map<string, number>()).entries()].sort().map(([s, c]) => `${s}: ${c}`).join(', ');
      uit.push(`${soort.padEnd(17)} ${String(l.length).padStart(7)} ${percentiel(l, 50).toFixed(1).padStart(7)} ${percentiel(l, 99).toFixed(1).padStart(7)}  ${tellers}`);
    }
    uit.push('');
    const herstel = gereedWeer === undefined ? `GEEN binnen ${sec(HERSTEL_UITERLIJK_MS)}` : sec(gereedWeer - storingEind);
    uit.push(
      `Storing (${instellingen.storing}): ${sec(storingStart - begin)} tot ${sec(storingEind - begin)} (${sec(storingEind - storingStart)}); ` +
        `herstel (gereed na terugkeer database): ${herstel}; eerste document na de storing: ${eersteDocumentNaStoring === undefined ? 'geen' : `na ${sec(eersteDocumentNaStoring - storingEind)}`}`,
    );
    uit.push(`Tijdens de storing verwacht: ${verwachtTijdensStoring} × 503 met Retry-After`);
    uit.push(`Onverwacht: ${aantalOnverwacht}`);
    for (const [sleutel, aantal] of [...onverwacht.entries()].sort((a, b) => b[1] - a[1])) uit.push(`  ${String(aantal).padStart(6)}  ${sleutel}`);
    for (const voorbeeld of voorbeelden) uit.push(`  bv. ${voorbeeld}`);
    uit.push('');

    // One sample lands anywhere in a garbage-collection cycle (here they swing by 100 MiB), so
    // each level is the median of the samples over RSS_VENSTER_MS: the first after warm-up,
    // and the last of the run.
    const naOpwarmen = rss.filter((s) => s.klaar >= opwarmen);
    const eersteNaOpwarmen = naOpwarmen[0] ?? rss[rss.length - 1]!;
    const mediaan = (lijst: typeof rss) => {
      const gesorteerd = lijst.map((s) => s.bytes).sort((a, b) => a - b);
      return gesorteerd[Math.floor(gesorteerd.length / 2)]!;
    };
    const startRss = mediaan(naOpwarmen.filter((s) => s.t <= eersteNaOpwarmen.t + RSS_VENSTER_MS));
    const laatste = rss[rss.length - 1]!;
    const rssEind = mediaan(rss.filter((s) => s.t >= laatste.t - RSS_VENSTER_MS));
    const piek = Math.max(...naOpwarmen.map((s) => s.bytes));
    const rssOk = rssEind <= startRss * RSS_MARGE;
    uit.push(`RSS van de dienst (${rss.length} metingen, elke seconde):`);
    const stap = Math.max(1, Math.floor(rss.length / 12));
    for (let i = 0; i < rss.length; i += stap) uit.push(`  ${sec(rss[i]!.t).padStart(8)}  ${String(rss[i]!.klaar).padStart(7)} klaar  ${mib(rss[i]!.bytes)}`);
    uit.push(
      `  mediaan over ${sec(RSS_VENSTER_MS)}: na opwarmen (${opwarmen} verzoeken) ${mib(startRss)}, piek ${mib(piek)} (×${(piek / startRss).toFixed(2)}), eind ${mib(rssEind)} ` +
        `(×${(rssEind / startRss).toFixed(2)}; grens ×${RSS_MARGE.toFixed(2)}): ${rssOk ? 'binnen de grens' : 'TE HOOG'}`,
    );
    uit.push('');
    uit.push(`Log van de dienst: ${[...dienst.logregels.entries()].map(([niveau, aantal]) => `${niveau} ${aantal}`).join(', ') || 'leeg'}; BSN in het log: ${dienst.bsnInLog}`);
    for (const fout of dienst.logFouten) uit.push(`  ${fout}`);
    const geslaagd = aantalOnverwacht === 0 && rssOk && gereedWeer !== undefined && dienst.bsnInLog === 0;
    uit.push('');
    uit.push(geslaagd ? 'GESLAAGD' : 'MISLUKT');
    process.stdout.write(`${uit.join('\n')}\n`);
    process.exitCode = geslaagd ? 0 : 1;
  } finally {
    await opruimen();
  }
}

runMain(main);
