/**
 * The rules of a Blauwe Knop Plus consent (toestemming), without HTTP or a database: what a
 * citizen may grant (only what the signed scheme document permits), which state changes
 * are allowed, and whether a consent lets an afnemer in right now.
 */

export const TOESTEMMING_STATUSSEN = ['actief', 'gepauzeerd', 'opgeschort', 'ingetrokken', 'verlopen'] as const;
export type ToestemmingStatus = (typeof TOESTEMMING_STATUSSEN)[number];

/** Final states: nothing changes a consent after these (a change is a new consent). */
const EINDSTATUSSEN: readonly ToestemmingStatus[] = ['ingetrokken', 'verlopen'];

export type Actie = 'pauzeren' | 'hervatten' | 'intrekken' | 'verlopen' | 'opschorten' | 'heractiveren';

/** What the scheme document says about an afnemer and a purpose (the fields the rules need). */
export interface SchemaAfnemer {
  id: string;
  naam: string;
  status: 'actief' | 'opgeschort';
  doelen: string[];
}
export interface SchemaDoel {
  id: string;
  versie: number;
  bronhouder: string;
  gebeurtenistypen: string[];
  scopes: string[];
  maximale_duur_dagen: number;
}

export interface Verleningsverzoek {
  afnemer: string;
  doel: string;
  /** A subset of the purpose's scopes; all of them when absent. */
  scopes?: string[];
  /** At most the purpose's maximum; the maximum when absent. */
  duur_dagen?: number;
}

export interface Verlening {
  afnemer: SchemaAfnemer;
  doel: SchemaDoel;
  scopes: string[];
  gebeurtenistypen: string[];
  geldigVanaf: Date;
  geldigTot: Date;
}

export interface Probleem {
  /** The request field the problem is about. */
  veld: string;
  code: string;
  detail: string;
}

const DAG_MS = 24 * 60 * 60 * 1000;

/**
 * Checks a grant against the scheme and returns what the consent will hold, or every problem
 * at once. Names and purposes come only from the scheme: the request only points at them.
 */
export function toetsVerlening(
  verzoek: Verleningsverzoek,
  stelsel: { afnemers: SchemaAfnemer[]; doelen: SchemaDoel[] },
  bronhouderOin: string,
  now: Date,
): { verlening: Verlening } | { problemen: Probleem[] } {
  const problemen: Probleem[] = [];
  const afnemer = stelsel.afnemers.find((a) => a.id === verzoek.afnemer);
  const doel = stelsel.doelen.find((d) => d.id === verzoek.doel);
  if (!afnemer) problemen.push({ veld: 'afnemer', code: 'onbekend', detail: 'Deze afnemer staat niet in het stelseldocument.' });
  else if (afnemer.status !== 'actief') problemen.push({ veld: 'afnemer', code: 'opgeschort', detail: 'Deze afnemer is opgeschort in het stelsel.' });
  if (!doel) problemen.push({ veld: 'doel', code: 'onbekend', detail: 'Dit doel staat niet in het stelseldocument.' });
  else {
    if (doel.bronhouder !== bronhouderOin) problemen.push({ veld: 'doel', code: 'andere-bronhouder', detail: 'Dit doel hoort bij een andere bronhouder.' });
    if (afnemer && !afnemer.doelen.includes(doel.id)) problemen.push({ veld: 'doel', code: 'niet-toegestaan', detail: 'Deze afnemer mag geen toestemming vragen voor dit doel.' });
    for (const scope of verzoek.scopes ?? []) {
      if (!doel.scopes.includes(scope)) problemen.push({ veld: 'scopes', code: 'buiten-doel', detail: `Scope ${scope} valt buiten het doel (${doel.scopes.join(', ') || 'geen'}).` });
    }
    if (verzoek.duur_dagen !== undefined && (verzoek.duur_dagen < 1 || verzoek.duur_dagen > doel.maximale_duur_dagen)) {
      problemen.push({ veld: 'duur_dagen', code: 'te-lang', detail: `De duur is 1 tot en met ${doel.maximale_duur_dagen} dagen voor dit doel.` });
    }
  }
  if (problemen.length > 0 || !afnemer || !doel) return { problemen };
  const scopes = verzoek.scopes ? doel.scopes.filter((s) => verzoek.scopes!.includes(s)) : [...doel.scopes];
  const dagen = verzoek.duur_dagen ?? doel.maximale_duur_dagen;
  return {
    verlening: {
      afnemer,
      doel,
      scopes,
      gebeurtenistypen: [...doel.gebeurtenistypen],
      geldigVanaf: now,
      geldigTot: new Date(now.getTime() + dagen * DAG_MS),
    },
  };
}

export type Overgang =
  | { soort: 'nieuw'; status: ToestemmingStatus }
  | { soort: 'ongewijzigd' }
  | { soort: 'geweigerd'; reden: string };

/**
 * The state machine: actief ⇄ gepauzeerd; actief/gepauzeerd ⇄ opgeschort (the afnemer is
 * suspended in the scheme); everything not final → ingetrokken or verlopen. Repeating a
 * change that already holds is `ongewijzigd` (revoking twice is a no-op success).
 */
export function overgang(huidig: ToestemmingStatus, actie: Actie): Overgang {
  const doel: Record<Actie, ToestemmingStatus> = {
    pauzeren: 'gepauzeerd',
    hervatten: 'actief',
    intrekken: 'ingetrokken',
    verlopen: 'verlopen',
    opschorten: 'opgeschort',
    heractiveren: 'actief',
  };
  const nieuw = doel[actie];
  if (huidig === nieuw) return { soort: 'ongewijzigd' };
  if (EINDSTATUSSEN.includes(huidig)) {
    // Revoking an expired consent changes nothing and refuses nothing: the afnemer is out either way.
    if (actie === 'intrekken') return { soort: 'ongewijzigd' };
    return { soort: 'geweigerd', reden: `De toestemming is ${huidig}; maak een nieuwe toestemming.` };
  }
  if (actie === 'pauzeren' && huidig !== 'actief') return { soort: 'geweigerd', reden: `Alleen een actieve toestemming kan worden gepauzeerd (deze is ${huidig}).` };
  if (actie === 'hervatten' && huidig !== 'gepauzeerd') return { soort: 'geweigerd', reden: `Alleen een gepauzeerde toestemming kan worden hervat (deze is ${huidig}).` };
  if (actie === 'heractiveren' && huidig !== 'opgeschort') return { soort: 'ongewijzigd' };
  return { soort: 'nieuw', status: nieuw };
}

/** Why an afnemer is refused on a consent right now, or undefined when it may proceed. */
export function weigeringVoorAfnemer(
  toestemming: { status: ToestemmingStatus; geldigTot: Date },
  afnemerInStelsel: { status: 'actief' | 'opgeschort' } | undefined,
  now: Date,
): string | undefined {
  if (!afnemerInStelsel) return 'De afnemer staat niet in het stelseldocument.';
  if (afnemerInStelsel.status !== 'actief') return 'De afnemer is opgeschort in het stelsel.';
  if (toestemming.status !== 'actief') return `De toestemming is ${toestemming.status}.`;
  if (toestemming.geldigTot.getTime() <= now.getTime()) return 'De toestemming is verlopen.';
  return undefined;
}
