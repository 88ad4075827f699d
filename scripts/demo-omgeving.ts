/**
 * Where `npm run demo` puts everything (ports, data folders, identities), so `npm run plus`
 * and the demo agree without repeating it. DEMO_POORT and DEMO_DATA_DIR move all of it.
 */
import { join, resolve } from 'node:path';
import { RIJBEWIJS_MELDER_ID } from '../src/afnemer/config.js';

/**
 * The environment of every process the demo and `npm run plus` start: this one's, with `extra`
 * on top, but never a DATABASE_URL. Each role keeps its own SQLite database in its own data
 * folder (the embedded default); one URL for all nine would put them in one schema. The demo
 * on PostgreSQL, a schema per role, is `docker compose up` (README, "Docker").
 */
export function demoOmgeving(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _genegeerd, ...omgeving } = process.env;
  return { ...omgeving, ...extra };
}

export const BASE_PORT = Number(process.env.DEMO_POORT ?? 8090);
export const DATA = resolve(process.env.DEMO_DATA_DIR ?? 'data/demo');
export const HOST = '127.0.0.1';
export const url = (port: number) => `http://${HOST}:${port}/v1`;

export const ORGANISATIONS = [
  { name: 'tilburg', oin: '00000099000000000001' },
  { name: 'tholen', oin: '00000099000000000002' },
  { name: 'boxtel', oin: '00000099000000000003' },
  { name: 'sint-michielsgestel', oin: '00000099000000000004' },
  { name: 'cak', oin: '00000099000000000005' },
  { name: 'rdw', oin: '00000099000000000006' },
].map((o, i) => ({ ...o, port: BASE_PORT + 1 + i }));

export const OPERATOR = { name: 'stelselbeheerder', port: BASE_PORT };
export const APP_MANAGER = { name: 'app-beheerder', port: BASE_PORT + 9, id: 'demo-app-beheerder', naam: 'App-beheerder (demo)' };
export const AFNEMER = { name: 'rijbewijs-melder', port: BASE_PORT + 7, id: RIJBEWIJS_MELDER_ID, naam: 'Rijbewijs-melder (demo)' };
/** The pilot's purpose: RDW tells the rijbewijs-melder about every raadpleging of the citizen's licence. */
export const DOEL = {
  id: 'rijbewijs-raadplegingen-melden',
  omschrijving: 'U krijgt bericht wanneer uw rijbewijs wordt geraadpleegd in het rijbewijzenregister.',
  bronhouder: '00000099000000000006',
  gebeurtenistypen: ['rijbewijs-geraadpleegd', 'toestemming-verleend', 'toestemming-ingetrokken', 'toestemming-verlopen', 'toestemming-opgeschort'],
  scopes: ['rijbewijs'],
  maximaleDuurDagen: 365,
  bewaartermijnDagen: 90,
};
/** Where `npm run overzicht` looks for the pinned operator key by default. */
export const PINNED_KEY = join(DATA, 'stelselbeheerder-sleutel.jwk');

