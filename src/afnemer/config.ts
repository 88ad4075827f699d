import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { resolve } from 'node:path';

/**
 * The example afnemer's settings (docs/plus.md, "Voor een afnemer"). It is its own product,
 * not a role of the bronhouder service, so it reads its own variables; the names it shares
 * with the service (PORT, DATA_DIR, STELSEL_URL, …) mean the same thing.
 */
const Schema = Type.Object(
  {
    BK_ENVIRONMENT: Type.Optional(Type.Union([Type.Literal('development'), Type.Literal('production')])),
    PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    HOST: Type.Optional(Type.String({ minLength: 1 })),
    DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
    PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^?#]+/v[0-9]+$' })),
    STELSEL_URL: Type.Optional(Type.String({ pattern: '^https?://[^?#]+$' })),
    STELSEL_SLEUTEL: Type.Optional(Type.String({ minLength: 1 })),
    AFNEMER_ID: Type.Optional(Type.String({ pattern: '^urn:[a-z0-9][a-z0-9-]{0,31}:[^\\s]+$' })),
    AFNEMER_SLEUTEL_FILE: Type.Optional(Type.String({ minLength: 1 })),
    AFNEMER_POLL_SECONDEN: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    LOG_LEVEL: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
  },
  { additionalProperties: true },
);

export const RIJBEWIJS_MELDER_ID = 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder';
export const DEFAULT_DATA_DIR = 'data/demo/rijbewijs-melder';

export interface AfnemerConfig {
  environment: 'development' | 'production';
  /** The afnemer's id in the scheme document: the `aud` of every SET it accepts, `iss`/`sub` of its client assertions. */
  id: string;
  port: number;
  host: string;
  /** The SQLite file with the notifications, the development key and the scheme state. */
  dataDir: string;
  /** Where the bronhouder pushes to: `<publicBaseUrl>/meldingen` is the afnemer's `aflever_endpoint`. */
  publicBaseUrl: string;
  stelsel?: { url: string; sleutelFile: string };
  sleutelFile?: string;
  /** Seconds between polls (RFC 8936) as the fallback for missed pushes; 0 polls only on command. */
  pollSeconden: number;
  logLevel: string;
}

const NUMERIC = new Set(['PORT', 'AFNEMER_POLL_SECONDEN']);

export class AfnemerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ongeldige instellingen van de afnemer:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AfnemerConfigError';
  }
}

export function loadAfnemerConfig(env: NodeJS.ProcessEnv = process.env): AfnemerConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Schema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const problems = [...Value.Errors(Schema, raw)].map((e) => `${e.path.replace(/^\//, '')}: ${e.message}`);
  const c = raw as Static<typeof Schema>;
  const environment = c.BK_ENVIRONMENT ?? 'development';
  if (c.STELSEL_URL && !c.STELSEL_SLEUTEL) problems.push('STELSEL_SLEUTEL: verplicht naast STELSEL_URL (de vastgepinde publieke sleutel van de stelselbeheerder, een JWK-bestand)');
  if (environment === 'production') {
    if (!c.AFNEMER_SLEUTEL_FILE) problems.push('AFNEMER_SLEUTEL_FILE: verplicht in productie (de privésleutel van de afnemer, JWK)');
    if (!c.PUBLIC_BASE_URL?.startsWith('https://')) problems.push('PUBLIC_BASE_URL: verplicht in productie, een https-URL die eindigt op /v1');
    if (!c.STELSEL_URL) problems.push('STELSEL_URL: verplicht in productie');
  }
  if (problems.length > 0) throw new AfnemerConfigError(problems);
  const port = c.PORT ?? 8097;
  return {
    environment,
    id: c.AFNEMER_ID ?? RIJBEWIJS_MELDER_ID,
    port,
    host: c.HOST ?? '0.0.0.0',
    // Development default: the folder `npm run demo` gives the example afnemer, so the CLI finds its notifications.
    dataDir: resolve(c.DATA_DIR ?? DEFAULT_DATA_DIR),
    publicBaseUrl: c.PUBLIC_BASE_URL ?? `http://localhost:${port}/v1`,
    ...(c.STELSEL_URL && c.STELSEL_SLEUTEL ? { stelsel: { url: c.STELSEL_URL, sleutelFile: resolve(c.STELSEL_SLEUTEL) } } : {}),
    ...(c.AFNEMER_SLEUTEL_FILE ? { sleutelFile: resolve(c.AFNEMER_SLEUTEL_FILE) } : {}),
    pollSeconden: c.AFNEMER_POLL_SECONDEN ?? 30,
    logLevel: c.LOG_LEVEL ?? 'info',
  };
}
