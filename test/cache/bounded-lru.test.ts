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

t.test('agrees with a plain list model over many random operations', async (t) => {
  // The model: an array from least to most recently used, with the same bounds.
  const maxEntries = 7;
  const maxWeight = 20;
  const lru = new BoundedLru<number, number>({ maxEntries, maxWeight, weightOf: (v) => v });
  let model: { key: number; value: number }[] = [];
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let disagreements = 0;
  for (let step = 0; step < 20_000; step++) {
    const key = random(12);
    const operation = random(10);
    if (operation < 4) {
      const found = model.find((e) => e.key === key);
      if (found) model = [...model.filter((e) => e !== found), found];
      if (lru.get(key) !== found?.value) disagreements++;
    } else if (operation < 8) {
      const value = 1 + random(8);
      model = model.filter((e) => e.key !== key);
      lru.set(key, value);
      model.push({ key, value });
      while (model.length > maxEntries || model.reduce((sum, e) => sum + e.value, 0) > maxWeight) model.shift();
    } else if (operation < 9) {
      model = model.filter((e) => e.key !== key);
      lru.delete(key);
    } else if (lru.has(key) !== model.some((e) => e.key === key)) {
      disagreements++;
    }
    if (lru.size !== model.length || lru.weight !== model.reduce((sum, e) => sum + e.value, 0)) disagreements++;
  }
  t.equal(disagreements, 0, 'every read, size and weight as the model says');
  // What is left, read from oldest to newest, is the model's order (a read reorders both alike).
  for (const { key, value } of [...model]) t.equal(lru.get(key), value);
});

t.test('a key read again and again stays while the rest are evicted', async (t) => {
  const lru = new BoundedLru<string, number>({ maxEntries: 1_000 });
  lru.set('vast', 0);
  let lost = 0;
  for (let i = 0; i < 50_000; i++) {
    if (lru.get('vast') !== 0) lost++;
    lru.set(`ander-${i}`, i);
  }
  t.equal(lost, 0, 'found at every read');
  t.equal(lru.size, 1_000);
  t.equal(lru.get('vast'), 0, 'the most recently read key survived 49,000 evictions');
  t.equal(lru.get('ander-48999'), undefined, 'an older one did not');
  t.equal(lru.get('ander-49999'), 49_999);
});
