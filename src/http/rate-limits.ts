import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { BoundedLru } from '../cache/bounded-lru.js';
import type { ServiceMetrics } from './metrics.js';
import { localRequestCounters, redisRequestCounters, type Count, type RequestCounters } from './request-counters.js';

/**
 * Rate limits (issue 11, "Add"), in fixed windows of a minute (request-counters.ts): per
 * client IP on every request (an overall bound, and the only one for unauthenticated
 * requests), per citizen once the token is verified, per app key (Centraal: the DPoP key
 * thumbprint, at the app manager and in sessions) and per afnemer (Plus). A refusal is the
 * error below, which src/http/error-status.ts answers as a 429 problem with Retry-After.
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
  /**
   * Counts one request of `subject` against the budget of `soort`; throws (or rejects with)
   * RateLimitError when it is spent. In memory it answers at once; with Redis it returns a
   * promise.
   */
  check(soort: Limietsoort, subject: string): void | Promise<void>;
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
    // ioredis is loaded only here: most services count in memory, and importing it alone cost
    // 0.17 CPU-s at every start (3 December 2026). It ships CommonJS, so require is synchronous.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    redis = new RedisClient(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, connectTimeout: 2_000 });
    // The URL may carry a password: log the error's code only.
    redis.on('error', (error: NodeJS.ErrnoException) => logger.warn({ err: { code: error.code ?? error.name } }, 'rate limits: Redis unreachable; requests pass unlimited'));
    app.addHook('onClose', async () => redis?.disconnect());
  }
  const counters: RequestCounters = redis ? redisRequestCounters(redis, `${redisPrefix}${serviceOf(config)}:`, WINDOW_MS) : localRequestCounters(WINDOW_MS, LOCAL_COUNTERS);
  // The HMAC per request showed at 4% of a cached document; the subjects seen lately (the
  // same ones the token cache holds) keep their counter key.
  const keys = new BoundedLru<string, string>({ maxEntries: LOCAL_COUNTERS });
  const verdict = (soort: Limietsoort, count: Count): void => {
    if (count.count <= perMinuut[soort]) return;
    metrics.refusedByRateLimit(soort);
    throw new RateLimitError(soort, Math.max(1, Math.ceil(count.remainingMs / 1000)));
  };
  const rateLimits: RateLimits = {
    check(soort, subject) {
      if (perMinuut[soort] === 0) return;
      const name = `${soort}\u0000${subject}`;
      let key = keys.get(name);
      if (key === undefined) {
        key = counterKey(secret, soort, subject);
        keys.set(name, key);
      }
      const count = counters.add(key);
      if (!(count instanceof Promise)) return verdict(soort, count);
      // Fail open: when Redis is unavailable or slow the service keeps answering (the IP
      // limits of the proxy in front still hold); the outage is logged above.
      return count.then(
        (counted) => verdict(soort, counted),
        () => undefined,
      );
    },
  };
  app.decorate('rateLimits', rateLimits);

  // Every request counts against its IP first (X-Forwarded-For only from TRUST_PROXY).
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/health/')) return;
    await rateLimits.check('ip', clientBudgetOf(request.ip));
  });
  // Then, once the authentication hooks (onRequest) know who it is, against that identity.
  app.addHook('preParsing', async (request) => {
    if (request.afnemer) await rateLimits.check('afnemer', request.afnemer.id);
    if (request.session) await rateLimits.check('app', request.session.jkt);
    if (request.citizen) await rateLimits.check('burger', request.citizen.bsn);
  });
}

/**
 * Whose budget a client address counts against: an IPv4 address itself, and for IPv6 the
 * /64 it lies in, since a client usually has a whole /64 to pick addresses from (an
 * IPv4-mapped address counts as its IPv4 address). The WHATWG URL parser writes every
 * spelling of an IPv6 address the same way, which then only needs its first four groups.
 */
export function clientBudgetOf(ip: string): string {
  if (!ip.includes(':')) return ip;
  let canonical: string;
  try {
    canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip; // Not an address the parser knows (a zone id, say): counted as given.
  }
  const [head = '', tail] = canonical.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  if (groups.slice(0, 5).every((group) => group === '0') && groups[5] === 'ffff') {
    const [high, low] = [Number.parseInt(groups[6]!, 16), Number.parseInt(groups[7]!, 16)];
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}
