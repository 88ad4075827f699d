import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { resolve } from 'node:path';

/**
 * The service's settings, read from environment variables and validated once at start-up:
 * a bad setting stops the process with a message that names it, instead of failing later.
 */
const Environment = Type.Union([Type.Literal('development'), Type.Literal('production')]);
const Role = Type.Union([Type.Literal('organisatie'), Type.Literal('app-beheerder'), Type.Literal('stelselbeheerder')]);
const SigningAlgorithm = Type.Union([Type.Literal('ES256'), Type.Literal('PS256'), Type.Literal('EdDSA')]);

export const ConfigSchema = Type.Object(
  {
    BK_ENVIRONMENT: Type.Optional(Environment),
    BK_ROLE: Type.Optional(Role),
    PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    HOST: Type.Optional(Type.String({ minLength: 1 })),
    DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
    DATABASE_URL: Type.Optional(Type.String({ pattern: '^(file:|postgres(ql)?://)' })),
    ORGANISATION_OIN: Type.Optional(Type.String({ pattern: '^[0-9]{20}$' })),
    PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^?#]+/v[0-9]+$' })),
    SIGNING_ALGORITHM: Type.Optional(SigningAlgorithm),
    SIGNING_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
    AUTH_ISSUER: Type.Optional(Type.String({ minLength: 1 })),
    AUTH_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
    AUTH_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
    AUTH_JWKS_FILE: Type.Optional(Type.String({ minLength: 1 })),
    AUTH_BSN_CLAIM: Type.Optional(Type.String({ minLength: 1 })),
    /** Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-* headers count. */
    TRUST_PROXY: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?(,[0-9A-Fa-f:.]+(/[0-9]{1,3})?)*$' })),
    CORS_ORIGINS: Type.Optional(Type.String({ pattern: '^(https?://[^,\\s]+)(,https?://[^,\\s]+)*$' })),
    LOG_LEVEL: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
    SEED_DEMO_DATA: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    STELSEL_URL: Type.Optional(Type.String({ pattern: '^https?://[^?#]+$' })),
    STELSEL_SLEUTEL: Type.Optional(Type.String({ minLength: 1 })),
    STELSEL_VERVERS_SECONDEN: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    STELSEL_AFNEMERSTATUS_SECONDEN: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
    STELSEL_OIN: Type.Optional(Type.String({ pattern: '^[0-9]{20}$' })),
    STELSEL_NAAM: Type.Optional(Type.String({ minLength: 1 })),
    STELSEL_GELDIGHEID_SECONDEN: Type.Optional(Type.Integer({ minimum: 60, maximum: 86400 })),
    APP_BEHEERDER_ID: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
    APP_BEHEERDER_NAAM: Type.Optional(Type.String({ minLength: 1 })),
    APP_CREDENTIAL_GELDIGHEID_SECONDEN: Type.Optional(Type.Integer({ minimum: 10, maximum: 900 })),
    SESSIE_GELDIGHEID_SECONDEN: Type.Optional(Type.Integer({ minimum: 10, maximum: 900 })),
    SESSIE_STATUS_SECONDEN: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    HTTP_HEADERS_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000 })),
    HTTP_REQUEST_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
    HTTP_IDLE_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
    HTTP_MAX_CONNECTIONS: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    DB_CONNECT_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
    DB_STATEMENT_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000 })),
    DB_POOL_MAX: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    SHUTDOWN_GRACE_MS: Type.Optional(Type.Integer({ minimum: 0, maximum: 300_000 })),
    FCID_SJABLOON_VERNIEUWING_SECONDEN: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
    OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
    OIDC_SCOPE: Type.Optional(Type.String({ pattern: '(^| )openid( |$)' })),
    WEB_SESSIE_SLEUTEL: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })),
    WEB_SESSIE_SECONDEN: Type.Optional(Type.Integer({ minimum: 60, maximum: 28800 })),
    PDF_CERTIFICAAT_FILE: Type.Optional(Type.String({ minLength: 1 })),
    PDF_SLEUTEL_FILE: Type.Optional(Type.String({ minLength: 1 })),
    RATE_LIMIT_IP_PER_MINUUT: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    RATE_LIMIT_BURGER_PER_MINUUT: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    RATE_LIMIT_APP_PER_MINUUT: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    RATE_LIMIT_AFNEMER_PER_MINUUT: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    RATE_LIMIT_SLEUTEL: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })),
    REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    REDIS_PREFIX: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,100}$' })),
    METRICS_TOKEN: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._~+/=-]{32,}$' })),
  },
  { additionalProperties: true },
);

export type RawConfig = Static<typeof ConfigSchema>;

export type Role = Static<typeof Role>;

export interface Config {
  environment: 'development' | 'production';
  /** Which part of the scheme this instance plays (docs/centraal.md). */
  role: Role;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  organisationOin: string;
  publicBaseUrl: string;
  signing: { algorithm: 'ES256' | 'PS256' | 'EdDSA'; keyFile?: string };
  auth: { issuer: string; audience: string; jwksUrl?: string; jwksFile?: string; bsnClaim: string; developmentProvider: boolean };
  corsOrigins: string[];
  /** Reverse proxies trusted for X-Forwarded-For/-Proto (empty: none; the socket decides). */
  trustProxy: string[];
  logLevel: string;
  seedDemoData: boolean;
  /** Organisation: where the scheme document is and the pinned operator key (sessions). */
  /** `afnemerstatusSeconden`: the oldest scheme document Plus acts on (an afnemer's suspension reaches the bronhouder within it). */
  stelsel: { url?: string; sleutelFile?: string; verversSeconden: number; afnemerstatusSeconden: number };
  /** Scheme operator: who publishes the scheme document, and for how long it is valid. */
  stelselbeheerder: { oin: string; naam: string; geldigheidSeconden: number };
  /** App manager: its id (`iss` of app credentials), name and credential lifetime. */
  appBeheerder: { id: string; naam: string; credentialGeldigheidSeconden: number };
  sessieGeldigheidSeconden: number;
  /** How long an `actief` registration status is trusted in an open session (the revocation bound). */
  sessieStatusSeconden: number;
  /**
   * Organisation: how often to make anew, in bulk, the FCID documents made ahead whose span has
   * passed (src/roles/organisatie/sjabloon-vernieuwer.ts); 0 leaves it to each citizen's next request.
   */
  sjabloonVernieuwingSeconden: number;
  /**
   * Bounds on every resource a client or a stalled dependency can hold (README, "Security
   * and operations"): nothing waits forever.
   */
  limits: {
    /** All request headers must have arrived within this time. */
    headersTimeoutMs: number;
    /** The whole request, body included, must have arrived within this time (a dripping body is cut off). */
    requestTimeoutMs: number;
    /** A connection without traffic is closed after this time. */
    idleTimeoutMs: number;
    maxConnections: number;
    /** Opening a database connection, and any single statement, may take at most this long. */
    dbConnectTimeoutMs: number;
    dbStatementTimeoutMs: number;
    dbPoolMax: number;
    /** On SIGTERM, in-flight requests get this long to finish before the process exits anyway. */
    shutdownGraceMs: number;
  };
  /**
   * The citizen's web page (organisation): log-in through the identity provider (`AUTH_ISSUER`)
   * with OpenID Connect when a client id is set, the key that encrypts session cookies
   * (random per process when absent), and how long a page session lasts.
   */
  web: { oidc?: { clientId: string; clientSecret?: string; scope: string }; sessieSleutel?: string; sessieSeconden: number };
  /** The X.509 certificate (PEM chain) and RSA key that sign PDFs; development makes its own when absent. */
  pdf: { certificaatFile?: string; sleutelFile?: string };
  /**
   * Rate limits (README, "Security and operations"): requests per minute per client IP, per
   * citizen, per app key (Centraal) and per afnemer (Plus); 0 turns one off. Counted in
   * memory, or in Redis (shared by all replicas) when `redisUrl` is set, under `redisPrefix`.
   * `sleutel` keys the HMAC that turns a citizen into a counter key (random per start when absent).
   */
  rateLimits: {
    perMinuut: { ip: number; burger: number; app: number; afnemer: number };
    redisUrl?: string;
    redisPrefix: string;
    sleutel?: string;
  };
  /** `/metrics`: open, or only with this bearer token. */
  metrics: { token?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The development identity provider's fixed issuer and default audience. */
export const DEVELOPMENT_ISSUER = 'urn:blauwe-knop:ontwikkel-idp';
export const DEFAULT_AUDIENCE = 'blauwe-knop';
/**
 * Each role that accepts citizen tokens has its own audience, so a token meant for the app
 * manager is not also valid at every organisation (and the other way round).
 */
export function defaultAudienceOf(role: Role): string {
  return role === 'organisatie' ? DEFAULT_AUDIENCE : `${DEFAULT_AUDIENCE}:${role}`;
}
/** Gemeente Tilburg (demo): an instance is a municipality unless configured otherwise. */
export const DEFAULT_ORGANISATION_OIN = '00000099000000000001';
/** The demo scheme operator and app manager. */
export const DEFAULT_STELSEL_OIN = '00000099000000000099';
export const DEFAULT_APP_BEHEERDER_ID = 'demo-app-beheerder';

const NUMERIC_SETTINGS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, schema]) => (schema as { type?: string }).type === 'integer')
    .map(([name]) => name),
);

/** What a setting must be, in words: the allowed values of a choice, the form of a string, the range of a number. */
function explain(schema: { anyOf?: { const?: unknown }[]; pattern?: string; minimum?: number; maximum?: number }, fallback: string): string {
  const choices = schema.anyOf?.map((option) => option.const);
  if (choices && choices.every((choice) => typeof choice === 'string')) return `must be one of ${choices.join(', ')}`;
  if (schema.pattern) return `must match ${schema.pattern}`;
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `must be a whole number from ${schema.minimum} to ${schema.maximum}`;
  return fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(ConfigSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC_SETTINGS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const problems = [...Value.Errors(ConfigSchema, raw)].map((e) => {
    const name = e.path.replace(/^\//, '');
    return `${name}: ${explain(e.schema as Parameters<typeof explain>[0], e.message)} (got ${JSON.stringify(raw[name])})`;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const c = raw as RawConfig;

  const environment = c.BK_ENVIRONMENT ?? 'development';
  const port = c.PORT ?? 8080;
  const developmentProvider = environment === 'development' && !c.AUTH_ISSUER;
  if (environment === 'production') {
    if (!c.SIGNING_KEY_FILE) problems.push('SIGNING_KEY_FILE: required in production (the organisation\'s private signing key, PEM or JWK)');
    const authenticatesCitizens = (c.BK_ROLE ?? 'organisatie') !== 'stelselbeheerder';
    if (authenticatesCitizens && !c.AUTH_ISSUER) problems.push('AUTH_ISSUER: required in production (the identity provider\'s issuer)');
    if (authenticatesCitizens && !c.AUTH_JWKS_URL && !c.AUTH_JWKS_FILE) problems.push('AUTH_JWKS_URL or AUTH_JWKS_FILE: required in production (the identity provider\'s keys)');
    if (!c.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL: required in production (the https URL clients use, ending in /v1)');
    if (!c.ORGANISATION_OIN && (c.BK_ROLE ?? 'organisatie') === 'organisatie') problems.push('ORGANISATION_OIN: required in production (which organisation this instance is)');
    // Keys, the scheme document and the URL clients pin must not travel over plain HTTP.
    for (const name of ['PUBLIC_BASE_URL', 'AUTH_JWKS_URL', 'STELSEL_URL'] as const) {
      if (c[name]?.startsWith('http://')) problems.push(`${name}: must use https in production (got ${JSON.stringify(c[name])})`);
    }
  }
  if (c.STELSEL_URL && !c.STELSEL_SLEUTEL) problems.push('STELSEL_SLEUTEL: required when STELSEL_URL is set (the pinned public key of the scheme operator, a JWK file)');
  if (c.AUTH_ISSUER && !c.AUTH_JWKS_URL && !c.AUTH_JWKS_FILE) {
    problems.push('AUTH_JWKS_URL or AUTH_JWKS_FILE: required when AUTH_ISSUER is set');
  }
  if (Boolean(c.PDF_CERTIFICAAT_FILE) !== Boolean(c.PDF_SLEUTEL_FILE)) problems.push('PDF_CERTIFICAAT_FILE and PDF_SLEUTEL_FILE: set both or neither (the certificate that signs PDFs and its key)');
  // Without one shared key every replica derives other counter keys for the same citizen, and
  // the shared budget in Redis silently becomes one budget per replica.
  if (c.REDIS_URL && environment === 'production' && !c.RATE_LIMIT_SLEUTEL) problems.push('RATE_LIMIT_SLEUTEL: required in production when REDIS_URL is set (the same 32 bytes, base64url, on every replica)');
  if (c.OIDC_CLIENT_ID && !c.AUTH_ISSUER) problems.push('AUTH_ISSUER: required when OIDC_CLIENT_ID is set (the identity provider the web page logs in with)');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment,
    port,
    host: c.HOST ?? '0.0.0.0',
    dataDir: resolve(c.DATA_DIR ?? './data'),
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    organisationOin: c.ORGANISATION_OIN ?? DEFAULT_ORGANISATION_OIN,
    publicBaseUrl: c.PUBLIC_BASE_URL ?? `http://localhost:${port}/v1`,
    signing: { algorithm: c.SIGNING_ALGORITHM ?? 'ES256', ...(c.SIGNING_KEY_FILE ? { keyFile: c.SIGNING_KEY_FILE } : {}) },
    auth: {
      issuer: c.AUTH_ISSUER ?? DEVELOPMENT_ISSUER,
      audience: c.AUTH_AUDIENCE ?? defaultAudienceOf(c.BK_ROLE ?? 'organisatie'),
      ...(c.AUTH_JWKS_URL ? { jwksUrl: c.AUTH_JWKS_URL } : {}),
      ...(c.AUTH_JWKS_FILE ? { jwksFile: c.AUTH_JWKS_FILE } : {}),
      bsnClaim: c.AUTH_BSN_CLAIM ?? 'bsn',
      developmentProvider,
    },
    corsOrigins: c.CORS_ORIGINS ? c.CORS_ORIGINS.split(',') : [],
    trustProxy: c.TRUST_PROXY ? c.TRUST_PROXY.split(',') : [],
    logLevel: c.LOG_LEVEL ?? 'info',
    // Demo data (organisations, citizens, their records) is what an organisation serves; the
    // scheme operator and the app manager start empty.
    seedDemoData: c.SEED_DEMO_DATA ? c.SEED_DEMO_DATA === 'true' : environment === 'development' && (c.BK_ROLE ?? 'organisatie') === 'organisatie',
    role: c.BK_ROLE ?? 'organisatie',
    stelsel: { ...(c.STELSEL_URL ? { url: c.STELSEL_URL } : {}), ...(c.STELSEL_SLEUTEL ? { sleutelFile: c.STELSEL_SLEUTEL } : {}), verversSeconden: c.STELSEL_VERVERS_SECONDEN ?? 10,
      afnemerstatusSeconden: c.STELSEL_AFNEMERSTATUS_SECONDEN ?? 10,
    },
    stelselbeheerder: {
      oin: c.STELSEL_OIN ?? DEFAULT_STELSEL_OIN,
      naam: c.STELSEL_NAAM ?? 'Stelselbeheerder (demo)',
      geldigheidSeconden: c.STELSEL_GELDIGHEID_SECONDEN ?? 86400,
    },
    appBeheerder: {
      id: c.APP_BEHEERDER_ID ?? DEFAULT_APP_BEHEERDER_ID,
      naam: c.APP_BEHEERDER_NAAM ?? 'App-beheerder (demo)',
      credentialGeldigheidSeconden: c.APP_CREDENTIAL_GELDIGHEID_SECONDEN ?? 900,
    },
    sessieGeldigheidSeconden: c.SESSIE_GELDIGHEID_SECONDEN ?? 900,
    sessieStatusSeconden: c.SESSIE_STATUS_SECONDEN ?? 5,
    sjabloonVernieuwingSeconden: c.FCID_SJABLOON_VERNIEUWING_SECONDEN ?? 60,
    limits: {
      headersTimeoutMs: c.HTTP_HEADERS_TIMEOUT_MS ?? 10_000,
      requestTimeoutMs: c.HTTP_REQUEST_TIMEOUT_MS ?? 30_000,
      idleTimeoutMs: c.HTTP_IDLE_TIMEOUT_MS ?? 60_000,
      maxConnections: c.HTTP_MAX_CONNECTIONS ?? 2_000,
      dbConnectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS ?? 5_000,
      dbStatementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS ?? 10_000,
      dbPoolMax: c.DB_POOL_MAX ?? 10,
      shutdownGraceMs: c.SHUTDOWN_GRACE_MS ?? 25_000,
    },
    web: {
      ...(c.OIDC_CLIENT_ID
        ? { oidc: { clientId: c.OIDC_CLIENT_ID, ...(c.OIDC_CLIENT_SECRET ? { clientSecret: c.OIDC_CLIENT_SECRET } : {}), scope: c.OIDC_SCOPE ?? 'openid' } }
        : {}),
      ...(c.WEB_SESSIE_SLEUTEL ? { sessieSleutel: c.WEB_SESSIE_SLEUTEL } : {}),
      sessieSeconden: c.WEB_SESSIE_SECONDEN ?? 900,
    },
    pdf: { ...(c.PDF_CERTIFICAAT_FILE ? { certificaatFile: c.PDF_CERTIFICAAT_FILE } : {}), ...(c.PDF_SLEUTEL_FILE ? { sleutelFile: c.PDF_SLEUTEL_FILE } : {}) },
    rateLimits: {
      perMinuut: {
        ip: c.RATE_LIMIT_IP_PER_MINUUT ?? 1200,
        burger: c.RATE_LIMIT_BURGER_PER_MINUUT ?? 120,
        app: c.RATE_LIMIT_APP_PER_MINUUT ?? 300,
        afnemer: c.RATE_LIMIT_AFNEMER_PER_MINUUT ?? 600,
      },
      ...(c.REDIS_URL ? { redisUrl: c.REDIS_URL } : {}),
      redisPrefix: c.REDIS_PREFIX ?? 'blauwe-knop:',
      ...(c.RATE_LIMIT_SLEUTEL ? { sleutel: c.RATE_LIMIT_SLEUTEL } : {}),
    },
    metrics: { ...(c.METRICS_TOKEN ? { token: c.METRICS_TOKEN } : {}) },
  };
}
