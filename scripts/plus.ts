/**
 * `npm run plus -- --bsn 999990111`: the Blauwe Knop Plus pilot end to end against
 * `npm run demo` (same DEMO_POORT and DEMO_DATA_DIR). Every step is checked the way its
 * receiver would check it, and printed:
 *
 *   1. the citizen grants the rijbewijs-melder consent (names and purpose from the signed scheme);
 *   2. the receipt verifies with RDW's keys from the scheme, and says what was agreed;
 *   3. a raadpleging of the citizen's licence is recorded in RDW's register;
 *   4. the afnemer (`npm run -s afnemer -- meldingen --json`) shows the notification, which
 *      verifies against the scheme and names this consent;
 *   5. the citizen revokes (a new receipt, status ingetrokken);
 *   6. a second raadpleging is recorded and not delivered (not pushed, nothing to poll);
 *   7. the citizen's access log lists every step and its hash chain and signed head verify.
 *
 * Exit code 0 only if every step held; 1 at the first that did not; 2 for a usage error.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueDevelopmentToken } from '../src/auth/development-identity-provider.js';
import { StelselBron } from '../src/afnemer/stelsel.js';
import { SetVerificatie, type GeverifieerdeSet } from '../src/afnemer/set-verificatie.js';
import type { Melding } from '../src/afnemer/meldingen-store.js';
import type { components } from '../src/generated/api.js';
import { verifyOntvangstbewijs, type Toestemmingsbewijs } from '../src/protocol/ontvangstbewijs.js';
import { GEBEURTENISTYPEN } from '../src/protocol/security-event.js';
import { verifyVerwerkingenlogboek, type Verwerkingenlogboek } from '../src/protocol/verwerkingenlogboek.js';
import { memoryStelselStore, readPinnedOperatorKey } from '../src/sdk/node.js';
import { apiBaseOf } from '../src/sdk/organisatie.js';
import type { Stelseldocument } from '../src/sdk/protocol.js';
import { compiledEntry } from './compiled.js';
import { AFNEMER, DATA, demoOmgeving, DOEL, OPERATOR, ORGANISATIONS, PINNED_KEY, url } from './demo-omgeving.js';

type ToestemmingMetBewijs = components['schemas']['ToestemmingMetBewijs'];
type RijbewijsDocument = components['schemas']['RijbewijsDocument'];

const USAGE = `Gebruik: npm run plus -- --bsn BSN [--timeout SECONDEN]
  Speelt de pilot van Blauwe Knop Plus na tegen \`npm run demo\` (dezelfde DEMO_POORT en DEMO_DATA_DIR).`;

class StapMislukt extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StapMislukt(message);
}

/** The answer must have this status; otherwise the step fails with the problem's detail (and every listed error). */
async function verwacht(res: Response, status: number, wat: string): Promise<void> {
  if (res.status === status) return;
  const text = await res.text();
  let reden = `${res.status}`;
  try {
    const p = JSON.parse(text) as { detail?: string; errors?: { detail: string }[] };
    reden = [p.detail, ...(p.errors ?? []).map((e) => e.detail)].filter(Boolean).join(' ');
  } catch {
    // not problem+json: the status says it
  }
  throw new StapMislukt(`${wat} (${reden})`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one of this package's entry points (as its npm script does) and returns its stdout. */
function run(entry: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiledEntry(entry), ...args], { env: demoOmgeving(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new StapMislukt(`${entry} ${args.join(' ')} stopte met ${code}: ${stderr.trim()}`))));
  });
}

const AFNEMER_ENV = { DATA_DIR: join(DATA, AFNEMER.name), STELSEL_URL: url(OPERATOR.port), STELSEL_SLEUTEL: PINNED_KEY, LOG_LEVEL: 'silent' };

/** What the afnemer shows (`npm run -s afnemer -- meldingen --json`), each SET verified against the scheme as the afnemer would. */
async function meldingenVanAfnemer(verificatie: SetVerificatie): Promise<(Melding & { geverifieerd: GeverifieerdeSet })[]> {
  const meldingen = JSON.parse(await run('src/afnemer/cli.ts', ['meldingen', '--json'], AFNEMER_ENV)) as Melding[];
  return Promise.all(meldingen.map(async (m) => ({ ...m, geverifieerd: await verificatie.verify(m.set) })));
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { bsn: { type: 'string' }, timeout: { type: 'string' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.bsn || !/^\d{9}$/.test(values.bsn)) {
    process.stderr.write(`--bsn BSN is verplicht (9 cijfers).\n${USAGE}\n`);
    return 2;
  }
  const bsn = values.bsn;
  const timeoutMs = Number(values.timeout ?? 60) * 1000;

  // The scheme, as every party here trusts it: verified with the pinned operator key.
  const stelsel = new StelselBron({ url: url(OPERATOR.port), operatorKey: readPinnedOperatorKey(PINNED_KEY), store: memoryStelselStore(), verversMs: 0 });
  const verificatie = new SetVerificatie(stelsel, AFNEMER.id);
  const document: Stelseldocument = await stelsel.document();
  const doel = (document.doelen ?? []).find((d) => d.id === DOEL.id);
  const afnemer = (document.afnemers ?? []).find((a) => a.id === AFNEMER.id);
  const rdw = document.organisaties.find((o) => o.oin === doel?.bronhouder);
  if (!doel || !afnemer || !rdw) throw new Error(`Het stelseldocument noemt ${AFNEMER.id}, doel ${DOEL.id} of de bronhouder daarvan niet: draait \`npm run demo\`?`);
  const rdwKeys = { keys: rdw.sleutels };
  const base = apiBaseOf(rdw);
  // Development login at RDW (its development identity provider), as `npm run token` does.
  const token = await issueDevelopmentToken({ dataDir: join(DATA, 'rdw'), bsn });
  const citizen = async (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  process.stdout.write(`Blauwe Knop Plus: ${afnemer.naam} en ${rdw.naam} (stelseldocument van ${document.uitgegeven_op}, geverifieerd)\n\n`);
  let toestemmingId = '';
  let gegeven = '';
  let eersteMelding: GeverifieerdeSet | undefined;
  let raadplegingen = 0;

  const gebeurtenissenVoor = async (type: string) =>
    (await meldingenVanAfnemer(verificatie)).filter((m) => m.geverifieerd.toestemmingId === toestemmingId && m.geverifieerd.gebeurtenistype === type);
  const wachtOp = async (type: string, aantal: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await gebeurtenissenVoor(type);
      if (found.length >= aantal) return found;
      check(Date.now() < deadline, `na ${timeoutMs / 1000} s heeft de afnemer geen ${type.split(':').pop()} voor deze toestemming`);
      await sleep(500);
    }
  };
  const verifyBewijs = async (jws: string, status: Toestemmingsbewijs['status']) => {
    const { bewijs } = await verifyOntvangstbewijs(jws, rdwKeys).catch((error: unknown) => {
      throw new StapMislukt(`het ontvangstbewijs verifieert niet met de sleutels van ${rdw.naam} uit het stelsel: ${(error as Error).message}`);
    });
    check(bewijs.toestemming_id === toestemmingId, 'het ontvangstbewijs gaat over een andere toestemming');
    check(bewijs.status === status, `het ontvangstbewijs zegt status ${bewijs.status}, niet ${status}`);
    check(bewijs.afnemer.id === afnemer.id && bewijs.afnemer.naam === afnemer.naam, 'de afnemer in het ontvangstbewijs is niet die uit het stelseldocument');
    check(bewijs.doel.id === doel.id && bewijs.doel.versie === doel.versie && bewijs.doel.omschrijving === doel.omschrijving, 'het doel in het ontvangstbewijs is niet dat uit het stelseldocument');
    check(bewijs.bronhouder.id === rdw.oin, 'de bronhouder in het ontvangstbewijs is niet RDW');
    check(!JSON.stringify(bewijs).includes(bsn), 'het ontvangstbewijs bevat het BSN');
    return bewijs;
  };
  const raadpleeg = async (categorie: string) => {
    const res = await citizen('GET', '/rijbewijs');
    await verwacht(res, 200, 'het rijbewijs van de inwoner is niet op te halen');
    const { rijbewijs } = ((await res.json()) as RijbewijsDocument).gegevens;
    check(rijbewijs, 'de inwoner heeft geen rijbewijs bij RDW: kies een BSN met rijbewijs, zoals 999990111');
    raadplegingen += 1;
    const { gebeurtenissen } = await registreerRaadpleging(rijbewijs.documentnummer, categorie);
    return { gebeurtenissen, tekst: `rijbewijs ${rijbewijs.documentnummer} geraadpleegd door ${categorie} (npm run raadpleging): ${gebeurtenissen} gebeurtenis(sen) voor afnemers` };
  };

  const stappen: [string, () => Promise<string[]>][] = [
    [
      `De inwoner geeft ${afnemer.naam} toestemming`,
      async () => {
        const res = await citizen('POST', '/toestemmingen', { afnemer: afnemer.id, doel: doel.id });
        await verwacht(res, 201, 'verlenen geweigerd');
        const { toestemming, ontvangstbewijs } = (await res.json()) as ToestemmingMetBewijs;
        toestemmingId = toestemming.toestemming_id;
        check(toestemming.status === 'actief', `de toestemming is ${toestemming.status}, niet actief`);
        gegeven = ontvangstbewijs;
        return [`toestemming ${toestemmingId}: "${toestemming.doel.omschrijving}", geldig tot ${toestemming.geldig_tot}`];
      },
    ],
    [
      'Het ontvangstbewijs verifieert',
      async () => {
        const bewijs = await verifyBewijs(gegeven, 'actief');
        return [`ondertekend door ${bewijs.bronhouder.naam}; ${bewijs.afnemer.naam}, doel ${bewijs.doel.id} v${bewijs.doel.versie}, scopes ${bewijs.scopes.join(', ')}; intrekken: ${bewijs.intrekken.url}`];
      },
    ],
    [
      'Een raadpleging van het rijbewijs wordt vastgelegd',
      async () => {
        const { gebeurtenissen, tekst } = await raadpleeg('politie');
        check(gebeurtenissen >= 1, 'de raadpleging leverde geen gebeurtenis op voor de actieve toestemming');
        return [tekst];
      },
    ],
    [
      'De afnemer toont de geverifieerde melding',
      async () => {
        const [melding] = await wachtOp(GEBEURTENISTYPEN.rijbewijsGeraadpleegd, 1);
        eersteMelding = melding!.geverifieerd;
        const { payload, data, volgnummer } = eersteMelding;
        check(!melding!.set.includes(bsn) && !JSON.stringify(payload).includes(bsn), 'de SET bevat het BSN');
        return [
          `ontvangen op ${melding!.ontvangen_op}: ${payload.iss} → ${payload.aud}, jti ${payload.jti}`,
          `raadpleging door ${data.categorie}, resultaat ${data.resultaat}, volgnummer ${volgnummer}, txn ${payload.txn}, onderwerp ${payload.sub_id.id.slice(0, 12)}… (pseudoniem)`,
        ];
      },
    ],
    [
      'De inwoner trekt de toestemming in',
      async () => {
        const res = await citizen('POST', `/toestemmingen/${toestemmingId}/intrekking`);
        await verwacht(res, 200, 'intrekken geweigerd');
        const { toestemming, ontvangstbewijs } = (await res.json()) as ToestemmingMetBewijs;
        check(toestemming.status === 'ingetrokken', `de toestemming is ${toestemming.status}, niet ingetrokken`);
        await verifyBewijs(ontvangstbewijs, 'ingetrokken');
        // The revocation itself reaches the afnemer, signed, on the same channel.
        await wachtOp(GEBEURTENISTYPEN.toestemmingIngetrokken, 1);
        return [`nieuw ontvangstbewijs (ingetrokken) verifieert; de afnemer ontving toestemming-ingetrokken`];
      },
    ],
    [
      'Een tweede raadpleging wordt niet bezorgd',
      async () => {
        // Not the bronhouder's count (the citizen may have other consents): what this afnemer gets for this consent.
        const { tekst } = await raadpleeg('verzekeraar');
        // Give a push time to arrive, then let the afnemer poll for anything still pending.
        await sleep(3000);
        const poll = await run('src/afnemer/cli.ts', ['poll'], AFNEMER_ENV);
        const meldingen = await gebeurtenissenVoor(GEBEURTENISTYPEN.rijbewijsGeraadpleegd);
        check(meldingen.length === 1, `de afnemer heeft ${meldingen.length} raadplegingsmeldingen voor deze toestemming, niet 1`);
        return [tekst, `na 3 s en een poll (${poll.trim().replace(/\n/g, '; ')}) heeft de afnemer nog steeds alleen de eerste melding`];
      },
    ],
    [
      'Het verwerkingenlogboek van de inwoner noemt elke stap en de keten klopt',
      async () => {
        const res = await citizen('GET', '/verwerkingen');
        await verwacht(res, 200, 'het logboek is niet op te halen');
        const logboek = (await res.json()) as Verwerkingenlogboek;
        const hoofd = await verifyVerwerkingenlogboek(logboek, rdwKeys, { bronhouder: rdw.oin }).catch((error: unknown) => {
          throw new StapMislukt(`de keten of het ondertekende hoofd klopt niet: ${(error as Error).message}`);
        });
        const regels = logboek.verwerkingen;
        const van = regels.findIndex((r) => r.toestemming_id === toestemmingId && r.operatie === 'toestemming-verlenen');
        check(van >= 0, 'het logboek noemt het verlenen van de toestemming niet');
        const sinds = regels.slice(van);
        const ontbreekt = [
          ['toestemming verleend', sinds.some((r) => r.toestemming_id === toestemmingId && r.operatie === 'toestemming-verlenen')],
          ['de raadpleging van de melding (txn)', sinds.some((r) => r.trace_id === eersteMelding?.payload.txn)],
          ['de melding afgeleverd', sinds.some((r) => r.toestemming_id === toestemmingId && r.operatie.startsWith('gebeurtenis-afleveren') && r.status === 'geslaagd')],
          ['toestemming ingetrokken', sinds.some((r) => r.toestemming_id === toestemmingId && r.operatie === 'toestemming-intrekken')],
          [`${raadplegingen} raadplegingen`, sinds.filter((r) => r.operatie === 'rijbewijs-raadplegen').length >= raadplegingen],
        ].filter(([, ok]) => !ok).map(([wat]) => wat);
        check(ontbreekt.length === 0, `het logboek noemt niet: ${ontbreekt.join(', ')}`);
        return [
          `${regels.length} regels, hoofd ondertekend op ${hoofd.uitgegeven_op} over ${hoofd.aantal} regels; sinds het verlenen:`,
          ...sinds.map((r) => `  ${r.volgnummer}. ${r.operatie} (${r.andere_partij}) ${r.status}`),
        ];
      },
    ],
  ];

  for (const [index, [titel, stap]] of stappen.entries()) {
    try {
      const regels = await stap();
      process.stdout.write(`${index + 1}. ✓ ${titel}\n${regels.map((r) => `     ${r}\n`).join('')}`);
    } catch (error) {
      process.stdout.write(`${index + 1}. ✗ ${titel}: ${(error as Error).message}\n`);
      if (!(error instanceof StapMislukt)) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
      return 1;
    }
  }
  process.stdout.write('\nAlle zeven stappen kloppen.\n');
  return 0;
}

/** Records a raadpleging of this licence in RDW's register with the bronhouder's own command (`npm run raadpleging`). */
async function registreerRaadpleging(documentnummer: string, categorie: string): Promise<{ gebeurtenissen: number; trace_id?: string }> {
  const rdw = ORGANISATIONS.find((o) => o.name === 'rdw')!;
  const out = await run('src/cli/raadpleging.ts', ['--documentnummer', documentnummer, '--categorie', categorie, '--wie', categorie, '--waarom', 'Demo Blauwe Knop Plus'], {
    BK_ROLE: 'organisatie',
    DATA_DIR: join(DATA, rdw.name),
    ORGANISATION_OIN: rdw.oin,
    PUBLIC_BASE_URL: url(rdw.port),
    STELSEL_URL: url(OPERATOR.port),
    STELSEL_SLEUTEL: PINNED_KEY,
    LOG_LEVEL: 'silent',
  });
  return JSON.parse(out) as { gebeurtenissen: number; trace_id?: string };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
