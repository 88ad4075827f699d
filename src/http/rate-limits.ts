import { createHmac, randomBytes } from 'node:crypto';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { BoundedLru } from '../cache/bounded-lru.js';
import type { ServiceMetrics } from './metrics.js';

/**
 * Rate limits (issue 11, "Add"), with @fastify/rate-limit: per client IP on every request
 * (an overall bound, and the only one for unauthenticated requests), per citizen once the
 * token is verified, per app key (Centraal: the DPoP key thumbprint, at the app manager and
 * in sessions) and per afnemer (Plus). A refusal is the error below, which
 * src/http/error-status.ts answers as a 429 problem with Retry-After.
 *
 * Counters live in memory, or in Redis when REDIS_URL is set, so that all replicas share one
 * budget. Health probes are never limited (a 429 would take the instance out of rotation);
 * `/metrics` only by IP.
 */
export type Limietsoort = 'ip' | 'burger' | 'app' | 'afnemer';

const WINDOW_MS = 60_000;
/** Counters kept in memory (least recently used go first): one per client, app or afnemer active within a minute. */
const LOCAL_COUNTERS = 50_000;
/** A Redis that does not answer within this time lets the request through (see below). */
const REDIS_COMMAND_TIMEOUT_MS = 500;

/** A request over its budget; `retryAfterSeconds` is when the window that refused it ends. */
export class RateLimitError extends Error {
  readonly code = 'ERR_RATE_LIMITED';
  constructor(
    readonly soort: Limietsoort,
    readonly retryAfterSeconds: number,
  ) {
    super(`Te veel aanvragen; probeer het over ${retryAfterSeconds} seconden opnieuw.`);
    this.name = 'RateLimitError';
  }
}

export interface RateLimits {
  /** Counts one request of `subject` against the budget of `soort`; throws RateLimitError when it is spent. */
  check(request: FastifyRequest, soort: Limietsoort, subject: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
}

/** Whose budget a role's counters are in Redis: replicas of one service share it, other services (another organisation, the app manager) do not. */
function serviceOf(config: Config): string {
  if (config.role === 'organisatie') return `organisatie:${config.organisationOin}`;
  if (config.role === 'app-beheerder') return `app-beheerder:${config.appBeheerder.id}`;
  return `stelselbeheerder:${config.stelselbeheerder.oin}`;
}

/**
 * The counter key of a subject. A citizen is never stored as their BSN: an HMAC with a key of
 * this deployment (shared by its replicas) stands for them, and a plain hash would not do,
 * since all BSNs can be hashed in minutes. App keys and afnemer ids are not personal, but
 * go through the same HMAC, so every key has one bounded form.
 */
function counterKey(secret: Buffer, soort: Limietsoort, subject: string): string {
  if (soort === 'ip') return `ip:${subject}`;
  return `${soort}:${createHmac('sha256', secret).update(`${soort}\u0000${subject}`).digest('base64url').slice(0, 32)}`;
}

export function registerRateLimits(app: FastifyInstance, config: Config, metrics: ServiceMetrics, logger: Logger): void {
  const { perMinuut, redisUrl, redisPrefix, sleutel } = config.rateLimits;
  const secret = sleutel ? Buffer.from(sleutel, 'base64url') : randomBytes(32);
  let redis: Redis | undefined;
  if (redisUrl) {
    // Bounded: a Redis that is down or slow must not hold requests. Commands fail at once
    // while disconnected (no offline queue) and after a short timeout otherwise.
    redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: 2_000 });
    // The URL may carry a password: log the error's code only.
    redis.on('error', (error: NodeJS.ErrnoException) => logger.warn({ err: { code: error.code ?? error.name } }, 'rate limits: Redis unreachable; requests pass unlimited'));
    app.addHook('onClose', async () => redis?.disconnect());
  }
  // The key of the request being checked: check() sets it just before calling the limiter,
  // which reads it at once (keyGenerator is the first thing it calls).
  const pending = new WeakMap<FastifyRequest, string>();
  void app.register(fastifyRateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    max: (_request, key) => perMinuut[key.slice(0, key.indexOf(':')) as Limietsoort],
    keyGenerator: (request) => pending.get(request)!,
    cache: LOCAL_COUNTERS,
    // Fail open: when Redis is unavailable the service keeps answering (the IP limits of the
    // proxy in front still hold); the outage is logged above.
    skipOnError: true,
    ...(redis ? { redis, nameSpace: `${redisPrefix}${serviceOf(config)}:` } : {}),
  });
  // The plugin decorates createRateLimit when it loads (at ready), so the limiter is made at first use.
  let limiter: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  // The HMAC per request showed at 4% of a cached document; the subjects seen lately (the
  // same ones the token cache holds) keep their counter key.
  const keys = new BoundedLru<string, string>({ maxEntries: LOCAL_COUNTERS });
  const rateLimits: RateLimits = {
    async check(request, soort, subject) {
      if (perMinuut[soort] === 0) return;
      const name = `${soort}\u0000${subject}`;
      let key = keys.get(name);
      if (key === undefined) {
        key = counterKey(secret, soort, subject);
        keys.set(name, key);
      }
      pending.set(request, key);
      limiter ??= app.createRateLimit();
      const result = await limiter(request);
      if (result.isAllowed || !result.isExceeded) return;
      metrics.refusedByRateLimit(soort);
      throw new RateLimitError(soort, Math.max(1, result.ttlInSeconds));
    },
  };
  app.decorate('rateLimits', rateLimits);

  // Every request counts against its IP first (X-Forwarded-For only from TRUST_PROXY).
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/health/')) return;
    // An IPv6 client usually has a whole /64: one budget for it, as the plugin does by default.
    await rateLimits.check(request, 'ip', normalizeIP(request.ip));
  });
  // Then, once the authentication hooks (onRequest) know who it is, against that identity.
  app.addHook('preParsing', async (request) => {
    if (request.afnemer) await rateLimits.check(request, 'afnemer', request.afnemer.id);
    if (request.session) await rateLimits.check(request, 'app', request.session.jkt);
    if (request.citizen) await rateLimits.check(request, 'burger', request.citizen.bsn);
  });
}
