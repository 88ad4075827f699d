import t from 'tap';
import { BoundedLru } from '../../src/cache/bounded-lru.js';

t.test('evicts the least recently used entry at the entry bound', async (t) => {
  const lru = new BoundedLru<string, number>({ maxEntries: 2 });
  lru.set('a', 1);
  lru.set('b', 2);
  t.equal(lru.get('a'), 1, 'reading a makes b the oldest');
  lru.set('c', 3);
  t.equal(lru.size, 2);
  t.equal(lru.get('b'), undefined, 'b evicted');
  t.equal(lru.get('a'), 1);
  t.equal(lru.get('c'), 3);
});

t.test('evicts until the total weight fits, and refuses an entry heavier than the bound', async (t) => {
  const lru = new BoundedLru<string, string>({ maxEntries: 100, maxWeight: 10, weightOf: (v) => v.length });
  lru.set('a', 'xxxx');
  lru.set('b', 'yyyy');
  lru.set('c', 'zzzz');
  t.equal(lru.weight, 8, 'a evicted to make room');
  t.equal(lru.get('a'), undefined);
  lru.set('d', 'w'.repeat(11));
  t.equal(lru.get('d'), undefined, 'too heavy on its own');
  lru.set('b', 'y');
  t.equal(lru.weight, 5, 'replacing an entry replaces its weight');
  lru.delete('c');
  lru.clear();
  t.equal(lru.size, 0);
  t.equal(lru.weight, 0);
  t.throws(() => new BoundedLru({ maxEntries: 0 }), RangeError);
});
