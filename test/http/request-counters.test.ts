import t from 'tap';
import { clientBudgetOf } from '../../src/http/rate-limits.js';
import { localRequestCounters, redisRequestCounters, type Count } from '../../src/http/request-counters.js';
import { testRedis } from '../helpers/redis.js';

/**
 * The rate limits' counters (src/http/request-counters.ts) on their own: fixed windows, in
 * memory and in Redis, and whose budget a client address counts against. The limits as a
 * client meets them (429, Retry-After, shared across replicas) are in rate-limits.test.ts.
 */

t.test('in memory: a window opens at the first request, counts every one, and ends after windowMs', async (t) => {
  let now = 1_000_000;
  const counters = localRequestCounters(60_000, 100, () => now);
  const add = (key: string) => counters.add(key) as Count;
  t.same(add('a'), { count: 1, remainingMs: 60_000 }, 'the first request opens a window of a minute');
  now += 20_000;
  t.same(add('a'), { count: 2, remainingMs: 40_000 }, 'the next counts on in the same window, which ends when it ends');
  t.same(add('b'), { count: 1, remainingMs: 60_000 }, 'another key has a window of its own');
  now += 39_999;
  t.same(add('a'), { count: 3, remainingMs: 1 }, 'one millisecond before its end the window still counts');
  now += 1;
  t.same(add('a'), { count: 1, remainingMs: 60_000 }, 'at its end a new window opens');
  t.notOk(counters.add('c') instanceof Promise, 'in memory the count is answered at once, not as a promise');
});

t.test('in memory: at most maxKeys counters; the least recently counted key goes first', async (t) => {
  const counters = localRequestCounters(60_000, 2, () => 0);
  const add = (key: string) => (counters.add(key) as Count).count;
  add('a');
  add('b');
  add('a');
  add('c'); // pushes out b, the least recently counted
  t.equal(add('a'), 3, 'a, counted lately, kept its count');
  t.equal(add('b'), 1, 'b was dropped, and starts again');
});

t.test('the budget of a client address: IPv4 as it is, IPv6 per /64, IPv4-mapped as IPv4', async (t) => {
  t.equal(clientBudgetOf('203.0.113.7'), '203.0.113.7');
  t.equal(clientBudgetOf('2001:db8:1:2::99'), '2001:db8:1:2::/64');
  t.equal(clientBudgetOf('2001:0DB8:0001:0002:0000:0000:0000:0001'), '2001:db8:1:2::/64', 'every spelling of an address in the /64 is one budget');
  t.equal(clientBudgetOf('2001:db8:1:2:ffff:1:2:3'), '2001:db8:1:2::/64');
  t.not(clientBudgetOf('2001:db8:1:3::1'), clientBudgetOf('2001:db8:1:2::1'), 'another /64 is another budget');
  t.equal(clientBudgetOf('::1'), '0:0:0:0::/64');
  t.equal(clientBudgetOf('::'), '0:0:0:0::/64');
  t.equal(clientBudgetOf('1::'), '1:0:0:0::/64');
  t.equal(clientBudgetOf('::ffff:198.51.100.23'), '198.51.100.23', 'an IPv4-mapped address is its IPv4 address');
  t.equal(clientBudgetOf('::ffff:c633:6417'), '198.51.100.23', 'also written in hexadecimal');
  t.equal(clientBudgetOf('fe80::1%eth0'), 'fe80::1%eth0', 'an address with a zone id counts as given');
});

t.test('in Redis: one window per key, shared by every client of the same prefix, expiring with the window', async (t) => {
  const shared = await testRedis(t, 'bk-test-counters');
  if (!shared) return;
  const { redis, prefix } = shared;
  const other = redis.duplicate();
  t.teardown(() => other.disconnect());
  const replicaA = redisRequestCounters(redis, prefix, 60_000);
  const replicaB = redisRequestCounters(other, prefix, 60_000);
  const first = await replicaA.add('ip:203.0.113.7');
  t.equal(first.count, 1);
  t.ok(first.remainingMs > 59_000 && first.remainingMs <= 60_000, `the window is a minute (${first.remainingMs} ms)`);
  t.equal((await replicaB.add('ip:203.0.113.7')).count, 2, 'another replica counts in the same window');
  t.equal((await replicaA.add('ip:198.51.100.23')).count, 1, 'another key has its own');
  const ttl = await redis.pttl(`${prefix}ip:203.0.113.7`);
  t.ok(ttl > 0 && ttl <= 60_000, `the counter expires with its window (${ttl} ms left)`);

  // A counter that lost its expiry is given one again at the next request.
  await redis.persist(`${prefix}ip:203.0.113.7`);
  const again = await replicaA.add('ip:203.0.113.7');
  t.equal(again.count, 3);
  t.equal(again.remainingMs, 60_000);
  t.ok((await redis.pttl(`${prefix}ip:203.0.113.7`)) > 0, 'and expires again');

  const short = redisRequestCounters(redis, `${prefix}kort:`, 50);
  t.equal((await short.add('x')).count, 1);
  await new Promise((resolve) => setTimeout(resolve, 120));
  t.equal((await short.add('x')).count, 1, 'after its window a key starts again at 1');
});
