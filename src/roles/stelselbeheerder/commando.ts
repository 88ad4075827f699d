/**
 * The scheme operator's command (`npm run stelsel -- <subcommand>`), as a function so tests
 * run it against a test database. Every change re-signs (publishes) the scheme document, so
 * a running operator serves it at once.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import type { Database } from '../../data/database.js';
import {
  removeStelselAppBeheerder,
  removeStelselOrganisatie,
  setStelselAfnemerStatus,
  stelselInhoud,
  trekStelselSleutelIn,
  updateStelselSleutel,
  upsertStelselAfnemer,
  upsertStelselAppBeheerder,
  upsertStelselDoel,
  upsertStelselOrganisatie,
  type EigenaarSoort,
} from '../../data/stelsel.js';
import { intrekkingsredenValues } from '../../generated/stelselbeheerder.js';
import type { SigningKeyring } from '../../keys/keyring.js';
import type { Intrekkingsreden } from '../../protocol/intrekking.js';
import { importeerSleutels, sleutelsUitBestand, sleutelsVanUrl, type GevondenSleutel } from './beheer.js';
import { afnemerProblems, doelProblems, gebeurtenistypeUri } from './plus-beheer.js';
import { publiceerStelseldocument } from './publicatie.js';

export const STELSEL_USAGE = `Gebruik: npm run stelsel -- <opdracht> [opties]
  add-organisation    --discovery-url <url> [--oin <oin>] [--name <naam>] [--services a,b]
                      [--keys-url <url> | --keys-file <bestand> | --no-keys]
                      Zonder --oin/--name/--services/--keys-url komen die uit het
                      ontdekkingsdocument van de organisatie (en haar /sleutels).
  remove-organisation --oin <oin>
  add-app-manager     --id <id> --name <naam> --url <basis-URL …/v1> [--keys-url <url> | --keys-file <bestand>]
                      Zonder sleutelbron komen de sleutels van <url>/sleutels.
  remove-app-manager  --id <id>
  add-key             --owner <oin|id> (--keys-url <url> | --keys-file <bestand>)
  rotate-key          --owner <oin|id> --kid <oude kid> (--keys-url <url> | --keys-file <bestand>)
                      De oude sleutel krijgt geldig_tot = nu; de nieuwe sleutels komen erbij.
  revoke-key          --kid <kid> --reden <reden> [--owner <oin|id>]      ingetrokken_op = nu
                      buiten-gebruik: wat de sleutel eerder ondertekende, blijft geldig;
                      gecompromitteerd: niets wat hij ondertekende wordt nog vertrouwd
  add-doel            --id <doel> --description <tekst> --bronhouder <oin> [--event-types a,b]
                      [--scopes rijbewijs,…] --max-days <≤365> --retention-days <n>
                      Blauwe Knop Plus: een doel; een wijziging verhoogt de versie.
  add-afnemer         --id urn:nl:blauwe-knop:afnemer:<naam> --name <naam> --endpoint <push-URL>
                      --purposes a,b (--keys-url <url> | --keys-file <bestand>)
  suspend-afnemer     --id <afnemer>    de toestemmingen bij iedere bronhouder worden opgeschort
  resume-afnemer      --id <afnemer>
  publish             onderteken het stelseldocument nu opnieuw
  show                toon de inhoud van het stelseldocument (JSON)
  public-key          toon de publieke sleutel van de stelselbeheerder (JWK), vast te pinnen als STELSEL_SLEUTEL
Iedere wijziging publiceert een nieuw ondertekend stelseldocument.`;

export class UsageError extends Error {}

export interface StelselDeps {
  config: Config;
  db: Database;
  keyring: SigningKeyring;
  now: () => Date;
  out: (line: string) => void;
  fetcher?: typeof fetch;
}

const OPTIONS = {
  oin: { type: 'string' },
  name: { type: 'string' },
  'discovery-url': { type: 'string' },
  services: { type: 'string' },
  'keys-url': { type: 'string' },
  'keys-file': { type: 'string' },
  'no-keys': { type: 'boolean' },
  id: { type: 'string' },
  url: { type: 'string' },
  owner: { type: 'string' },
  kid: { type: 'string' },
  description: { type: 'string' },
  bronhouder: { type: 'string' },
  'event-types': { type: 'string' },
  scopes: { type: 'string' },
  'max-days': { type: 'string' },
  'retention-days': { type: 'string' },
  endpoint: { type: 'string' },
  purposes: { type: 'string' },
  reden: { type: 'string' },
} as const;

/** `--kid -abc` → `--kid=-abc`: a kid (a base64url thumbprint) may start with a dash. */
function joinOptionValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const option = (OPTIONS as Record<string, { type: string }>)[name];
    if (option?.type === 'string' && i + 1 < args.length) {
      joined.push(`${arg}=${args[i + 1]!}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export async function runStelsel(args: string[], deps: StelselDeps): Promise<void> {
  const { positionals, values } = parseArgs({ args: joinOptionValues(args), options: OPTIONS, allowPositionals: true, strict: true });
  const command = positionals[0];
  const fetcher = deps.fetcher ?? fetch;
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value === '') throw new UsageError(`${command} heeft --${name} nodig`);
    return value;
  };
  const keysFrom = async (fallbackUrl?: string): Promise<GevondenSleutel[]> => {
    if (values['keys-file']) return sleutelsUitBestand(values['keys-file']);
    if (values['keys-url']) return sleutelsVanUrl(values['keys-url'], fetcher);
    if (fallbackUrl && !values['no-keys']) return sleutelsVanUrl(fallbackUrl, fetcher);
    return [];
  };
  const ownerKind = async (owner: string): Promise<EigenaarSoort> => {
    const inhoud = await stelselInhoud(deps.db);
    if (inhoud.organisaties.some((o) => o.oin === owner)) return 'organisatie';
    if (inhoud.app_beheerders.some((b) => b.id === owner)) return 'app-beheerder';
    if (inhoud.afnemers.some((a) => a.id === owner)) return 'afnemer';
    throw new UsageError(`Geen organisatie, app-beheerder of afnemer ${owner} in het stelsel`);
  };
  const publish = async () => {
    const publicatie = await publiceerStelseldocument({ db: deps.db, config: deps.config, key: () => deps.keyring.active, now: deps.now });
    deps.out(`Gepubliceerd: ${publicatie.versie}, geldig tot ${publicatie.verlooptOp.toISOString()}.`);
  };
  const now = deps.now();

  switch (command) {
    case 'add-organisation': {
      const discoveryUrl = need('discovery-url');
      let discovery: { oin?: string; naam?: string; documenten?: { documenttype: string }[]; ondertekening?: { sleutels_url?: string } } = {};
      if (!values.oin || !values.name || !values.services || (!values['keys-url'] && !values['keys-file'] && !values['no-keys'])) {
        const response = await fetcher(discoveryUrl, { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`${discoveryUrl} antwoordde ${response.status}`);
        discovery = (await response.json()) as typeof discovery;
      }
      const oin = values.oin ?? discovery.oin;
      const naam = values.name ?? discovery.naam;
      if (!oin || !/^[0-9]{20}$/.test(oin)) throw new UsageError('add-organisation heeft een --oin van 20 cijfers nodig (of een ontdekkingsdocument met een OIN)');
      if (!naam) throw new UsageError('add-organisation heeft --name nodig');
      const diensten = values.services ? values.services.split(',') : (discovery.documenten ?? []).map((d) => d.documenttype);
      await upsertStelselOrganisatie(deps.db, { oin, naam, ontdekkingsUrl: discoveryUrl, diensten }, now);
      const kids = await importeerSleutels(deps.db, 'organisatie', oin, await keysFrom(discovery.ondertekening?.sleutels_url), now);
      deps.out(`Organisatie ${oin} (${naam}) met ${kids.length} sleutel(s)${kids.length ? `: ${kids.join(', ')}` : ''}.`);
      return publish();
    }
    case 'remove-organisation': {
      const oin = need('oin');
      if (!(await removeStelselOrganisatie(deps.db, oin))) throw new UsageError(`Geen organisatie ${oin} in het stelsel`);
      deps.out(`Organisatie ${oin} verwijderd.`);
      return publish();
    }
    case 'add-app-manager': {
      const id = need('id');
      const url = need('url').replace(/\/$/, '');
      await upsertStelselAppBeheerder(deps.db, { id, naam: need('name'), url }, now);
      const kids = await importeerSleutels(deps.db, 'app-beheerder', id, await keysFrom(`${url}/sleutels`), now);
      deps.out(`App-beheerder ${id} met ${kids.length} sleutel(s)${kids.length ? `: ${kids.join(', ')}` : ''}.`);
      return publish();
    }
    case 'remove-app-manager': {
      const id = need('id');
      if (!(await removeStelselAppBeheerder(deps.db, id))) throw new UsageError(`Geen app-beheerder ${id} in het stelsel`);
      deps.out(`App-beheerder ${id} verwijderd.`);
      return publish();
    }
    case 'add-key':
    case 'rotate-key': {
      const owner = need('owner');
      const kind = await ownerKind(owner);
      if (!values['keys-url'] && !values['keys-file']) throw new UsageError(`${command} heeft --keys-url of --keys-file nodig`);
      if (command === 'rotate-key') {
        const kid = need('kid');
        if ((await updateStelselSleutel(deps.db, { kid, eigenaar: owner }, { geldigTot: now })) === 0) throw new UsageError(`${owner} heeft geen sleutel ${kid}`);
      }
      const keys = (await keysFrom()).filter((k) => k.kid !== values.kid);
      const kids = await importeerSleutels(deps.db, kind, owner, keys, now);
      deps.out(`${owner}: ${command === 'rotate-key' ? `${values.kid} uitgefaseerd, ` : ''}toegevoegd: ${kids.join(', ') || 'geen sleutels'}.`);
      return publish();
    }
    case 'revoke-key': {
      const kid = need('kid');
      const reden = need('reden') as Intrekkingsreden;
      if (!intrekkingsredenValues.includes(reden)) throw new UsageError(`revoke-key: --reden is ${intrekkingsredenValues.join(' of ')}`);
      const count = await trekStelselSleutelIn(deps.db, { kid, ...(values.owner ? { eigenaar: values.owner } : {}) }, reden, now);
      if (count === 0) throw new UsageError(`Geen sleutel ${kid} in het stelsel`);
      deps.out(`Sleutel ${kid} ingetrokken (${reden}).`);
      return publish();
    }
    case 'add-doel': {
      const list = (name: 'event-types' | 'scopes') => (values[name] ? values[name].split(',').filter(Boolean) : []);
      const doel = {
        id: need('id'),
        omschrijving: need('description'),
        bronhouder: need('bronhouder'),
        gebeurtenistypen: list('event-types'),
        scopes: list('scopes'),
        maximale_duur_dagen: Number(need('max-days')),
        bewaartermijn_dagen: Number(need('retention-days')),
      };
      const inhoud = await stelselInhoud(deps.db);
      const problems = doelProblems(doel, inhoud.organisaties.map((o) => o.oin));
      if (problems.length > 0) throw new UsageError(`add-doel: ${problems.join('; ')}`);
      const versie = await upsertStelselDoel(deps.db, { ...doel, gebeurtenistypen: doel.gebeurtenistypen.map((t) => gebeurtenistypeUri(t)!) }, now);
      deps.out(`Doel ${doel.id} versie ${versie}.`);
      return publish();
    }
    case 'add-afnemer': {
      const afnemer = { id: need('id'), naam: need('name'), afleverEndpoint: need('endpoint'), doelen: need('purposes').split(',').filter(Boolean) };
      const inhoud = await stelselInhoud(deps.db);
      const problems = afnemerProblems({ ...afnemer, endpoint: afnemer.afleverEndpoint }, inhoud.doelen.map((d) => d.id), deps.config.environment === 'production');
      const keys = await keysFrom();
      if (keys.length === 0 && !inhoud.afnemers.some((a) => a.id === afnemer.id)) problems.push('add-afnemer heeft --keys-url of --keys-file nodig');
      if (problems.length > 0) throw new UsageError(`add-afnemer: ${problems.join('; ')}`);
      await upsertStelselAfnemer(deps.db, afnemer, now);
      const kids = await importeerSleutels(deps.db, 'afnemer', afnemer.id, keys, now);
      deps.out(`Afnemer ${afnemer.id} (${afnemer.naam}) met ${kids.length} nieuwe sleutel(s), doelen ${afnemer.doelen.join(', ')}.`);
      return publish();
    }
    case 'suspend-afnemer':
    case 'resume-afnemer': {
      const id = need('id');
      const status = command === 'suspend-afnemer' ? 'opgeschort' : 'actief';
      if (!(await setStelselAfnemerStatus(deps.db, id, status))) throw new UsageError(`Geen afnemer ${id} in het stelsel`);
      deps.out(`Afnemer ${id} ${status}.`);
      return publish();
    }
    case 'publish':
      return publish();
    case 'show':
      deps.out(JSON.stringify(await stelselInhoud(deps.db), null, 2));
      return;
    case 'public-key':
      deps.out(JSON.stringify(deps.keyring.active.publicJwk, null, 2));
      return;
    default:
      throw new UsageError(STELSEL_USAGE);
  }
}
