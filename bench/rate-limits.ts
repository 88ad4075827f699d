/**
 * Benchmarks send thousands of requests a second from one address for a few citizens: far
 * over the production limits. They run with limits this high, so the limiter still does its
 * work on every request (its cost is in the figures) but never refuses.
 */
export const BENCH_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_IP_PER_MINUUT: '10000000',
  RATE_LIMIT_BURGER_PER_MINUUT: '10000000',
  RATE_LIMIT_APP_PER_MINUUT: '10000000',
  RATE_LIMIT_AFNEMER_PER_MINUUT: '10000000',
};
