import t from 'tap';
import { Doorkeeper } from '../../src/cache/doorkeeper.js';
import { BoundedLru } from '../../src/cache/bounded-lru.js';

t.test('a key is seen before from its second sight on', async (t) => {
  const doorkeeper = new Doorkeeper(100);
  t.equal(doorkeeper.seenBefore('financiele-verplichtingen\u0000999993653'), false, 'first sight');
  t.equal(doorkeeper.seenBefore('financiele-verplichtingen\u0000999993653'), true, 'second sight');
  t.equal(doorkeeper.seenBefore('financiele-verplichtingen\u0000999990019'), false, 'another key');
  doorkeeper.clear();
  t.equal(doorkeeper.seenBefore('financiele-verplichtingen\u0000999993653'), false, 'forgotten once cleared');
  t.throws(() => new Doorkeeper(0), RangeError);
});

t.test('it forgets after its window, and remembers within it', async (t) => {
  const doorkeeper = new Doorkeeper(1_000);
  doorkeeper.seenBefore('vast');
  let forgotten = 0;
  // Asked again after every 400 other keys: within the window, whenever it was cleared between.
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 400; i++) doorkeeper.seenBefore(`ander-${round}-${i}`);
    if (!doorkeeper.seenBefore('vast')) forgotten++;
  }
  // The set clears every 1,000 new keys: at most once in every two rounds of 400 is it new again.
  t.ok(forgotten <= 10, `forgotten ${forgotten} times in 20`);
  t.ok(forgotten >= 1, 'but cleared at times, so it cannot grow stale');

  const once = new Doorkeeper(1_000);
  once.seenBefore('oud');
  for (let i = 0; i < 2_001; i++) once.seenBefore(`later-${i}`);
  t.equal(once.seenBefore('oud'), false, 'a key that comes back only after twice the window is new again');
});

t.test('a cycle through more keys than the window is never seen before, but for a few false positives', async (t) => {
  const doorkeeper = new Doorkeeper(10_000);
  let seen = 0;
  const asked = 5 * 12_000;
  for (let i = 0; i < asked; i++) if (doorkeeper.seenBefore(`financiele-verplichtingen\u0000${100_000_000 + (i % 12_000)}\u0000\u0000kid`)) seen++;
  t.ok(seen / asked < 0.03, `${((100 * seen) / asked).toFixed(2)}% false positives`);
});

t.test('a cache that admits on second sight stays empty under keys asked once each', async (t) => {
  const lru = new BoundedLru<string, number>({ maxEntries: 1_000, admitOnSecondSight: true });
  lru.set('a', 1);
  t.equal(lru.get('a'), undefined, 'not kept at its first sight');
  lru.set('a', 2);
  t.equal(lru.get('a'), 2, 'kept at its second');
  lru.set('a', 3);
  t.equal(lru.get('a'), 3, 'a kept key is updated at once');
  for (let i = 0; i < 20_000; i++) lru.set(`eenmalig-${i % 2_500}`, i);
  t.ok(lru.size < 100, `${lru.size} of 20,000 keys asked once per cycle of 2,500 kept (false positives only)`);
  t.equal(lru.get('a'), 3, 'and the kept key was not pushed out by them');

  const plain = new BoundedLru<string, number>({ maxEntries: 1_000 });
  for (let i = 0; i < 20_000; i++) plain.set(`eenmalig-${i % 2_500}`, i);
  t.equal(plain.size, 1_000, 'without it the same traffic fills the cache');
});
