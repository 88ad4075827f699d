/**
 * `npm run plus-aflevering -- <opdracht>`: the bronhouder operator's view of push delivery
 * to afnemers. A 410 Gone from an afnemer's endpoint pauses push to it (its events stay
 * pollable); the delivery worker probes and resumes by itself (bezorging.ts), and this is the
 * operator's way to see the pauses and resume one at once. It only changes the database: the
 * running service's worker sees the change in its next round (within a second).
 */
import { parseArgs } from 'node:util';
import { gepauzeerdeAfleveringen, hervatAflevering } from '../../../data/plus.js';
import type { Db } from '../../../data/database.js';

export const AFLEVERING_USAGE = `Gebruik: npm run plus-aflevering -- <opdracht> [opties]
  status                  toon de afnemers waaraan de push-aflevering gepauzeerd is (na 410 Gone),
                          met sinds wanneer en waarom (JSON)
  hervat --afnemer <id>   hervat de push-aflevering aan deze afnemer nu; de draaiende dienst
                          bezorgt de wachtende gebeurtenissen binnen een seconde
Zonder ingreep peilt de dienst zelf: 1 minuut na de pauze, daarna steeds twee keer zo lang
(hoogstens een uur), en eerder als de afnemer gebeurtenissen ophaalt. Een 202 of 400 hervat.`;

export class AfleveringGebruiksfout extends Error {}

export async function runPlusAflevering(args: string[], deps: { db: Db; out: (line: string) => void }): Promise<void> {
  const { positionals, values } = parseArgs({ args, options: { afnemer: { type: 'string' } }, allowPositionals: true, strict: true });
  const [opdracht, ...rest] = positionals;
  if (rest.length > 0) throw new AfleveringGebruiksfout(`Onverwacht argument ${rest[0]}.`);
  if (opdracht === 'status') {
    const gepauzeerd = await gepauzeerdeAfleveringen(deps.db);
    deps.out(JSON.stringify(gepauzeerd.map((p) => ({ afnemer: p.afnemer, gepauzeerd_op: p.gepauzeerdOp.toISOString(), reden: p.reden }))));
    return;
  }
  if (opdracht === 'hervat') {
    if (!values.afnemer) throw new AfleveringGebruiksfout('hervat heeft --afnemer nodig.');
    const was = await hervatAflevering(deps.db, values.afnemer);
    deps.out(was ? `Push-aflevering aan ${values.afnemer} hervat.` : `Push-aflevering aan ${values.afnemer} was niet gepauzeerd; er is niets veranderd.`);
    return;
  }
  throw new AfleveringGebruiksfout(opdracht ? `Onbekende opdracht ${opdracht}.` : 'Geef een opdracht.');
}
