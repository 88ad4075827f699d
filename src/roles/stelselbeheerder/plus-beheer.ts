/**
 * The scheme operator's part of Blauwe Knop Plus: checking afnemers and purposes before
 * they enter the scheme document. The consent screen shows names and purposes only from
 * the signed document, so what is refused here can never reach a citizen.
 */
import { EVENT_TYPE_PREFIX, GEBEURTENISTYPEN } from '../../protocol/security-event.js';
import type { StelselDoel } from '../../protocol/stelseldocument.js';

export const AFNEMER_ID = /^urn:nl:blauwe-knop:afnemer:[a-z0-9-]{1,64}$/;
export const DOEL_ID = /^[a-z0-9-]{1,64}$/;
/** A purpose may last at most a year (issue 8; the CDR and Blue Button do the same). */
export const MAXIMALE_DUUR_DAGEN = 365;
const SCOPES = ['rijbewijs', 'voertuigen', 'vaartuigen', 'financiele-verplichtingen'];

/** `rijbewijs-geraadpleegd` or the full URN → the URN; undefined when unknown. */
export function gebeurtenistypeUri(name: string): string | undefined {
  const uri = name.startsWith(EVENT_TYPE_PREFIX) ? name : `${EVENT_TYPE_PREFIX}${name}`;
  return (Object.values(GEBEURTENISTYPEN) as string[]).includes(uri) ? uri : undefined;
}

/** Every problem with an afnemer's delivery endpoint; https only in production. */
export function afleverEndpointProblems(endpoint: string, production: boolean): string[] {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return ['--endpoint is geen URL'];
  }
  if (url.protocol === 'https:') return [];
  if (url.protocol === 'http:' && !production) return [];
  return [production ? '--endpoint moet in productie https zijn' : '--endpoint moet http of https zijn'];
}

export function afnemerProblems(input: { id: string; endpoint: string; doelen: string[] }, bekendeDoelen: string[], production: boolean): string[] {
  const problems: string[] = [];
  if (!AFNEMER_ID.test(input.id)) problems.push('--id moet urn:nl:blauwe-knop:afnemer:<naam> zijn (kleine letters, cijfers, -)');
  problems.push(...afleverEndpointProblems(input.endpoint, production));
  for (const doel of input.doelen) if (!bekendeDoelen.includes(doel)) problems.push(`doel ${doel} staat niet in het stelsel (eerst add-doel)`);
  return problems;
}

export function doelProblems(doel: Omit<StelselDoel, 'versie'>, bekendeOins: string[]): string[] {
  const problems: string[] = [];
  if (!DOEL_ID.test(doel.id)) problems.push('--id mag alleen kleine letters, cijfers en - bevatten');
  if (!doel.omschrijving.trim()) problems.push('--description ontbreekt');
  if (!bekendeOins.includes(doel.bronhouder)) problems.push(`bronhouder ${doel.bronhouder} staat niet in het stelsel`);
  if (doel.gebeurtenistypen.length === 0 && doel.scopes.length === 0) problems.push('een doel heeft --event-types of --scopes nodig');
  for (const type of doel.gebeurtenistypen) if (!gebeurtenistypeUri(type)) problems.push(`onbekend gebeurtenistype ${type}`);
  for (const scope of doel.scopes) if (!SCOPES.includes(scope)) problems.push(`onbekende scope ${scope} (${SCOPES.join(', ')})`);
  if (!Number.isInteger(doel.maximale_duur_dagen) || doel.maximale_duur_dagen < 1 || doel.maximale_duur_dagen > MAXIMALE_DUUR_DAGEN) {
    problems.push(`--max-days moet 1 tot en met ${MAXIMALE_DUUR_DAGEN} zijn`);
  }
  if (!Number.isInteger(doel.bewaartermijn_dagen) || doel.bewaartermijn_dagen < 0) problems.push('--retention-days moet 0 of meer zijn');
  return problems;
}
