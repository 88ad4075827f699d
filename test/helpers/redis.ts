import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Test } from 'tap';

export interface TestRedis {
  url: string;
  redis: Redis;
  /** A key prefix of this test's own: runs in parallel or after a crash never share keys. Its keys go at teardown. */
  prefix: string;
}

/**
 * Redis at REDIS_URL or 127.0.0.1:6379 (.ci/run starts it) for one test: required in CI (the
 * test fails without it), skipped elsewhere when absent (undefined, with a comment).
 */
export async function testRedis(t: Test, prefixName: string): Promise<TestRedis | undefined> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    if (process.env.CI) t.fail(`Redis is not reachable at ${url}; .ci/run starts it`);
    else t.comment(`skipped: Redis is not reachable at ${url}`);
    return undefined;
  }
  const prefix = `${prefixName}-${randomBytes(6).toString('hex')}:`;
  t.teardown(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
  return { url, redis, prefix };
}
