/**
 * Batched reads: concurrent reads go out as one query, and a read asked for while a query is
 * in flight waits for the next one (it must see what was committed before it asked).
 */
import t from 'tap';
import { Bundelaar } from '../../src/data/bundelaar.js';

function controlledLoad() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  let version = 1;
  const load = (keys: string[]) => {
    batches.push([...keys]);
    // The value a query returns is the version current when it was sent.
    const seen = version;
    return new Promise<Map<string, number>>((resolve) => finish.push(() => resolve(new Map(keys.filter((k) => k !== 'onbekend').map((k) => [k, seen])))));
  };
  return { batches, finish, load, write: () => version++ };
}

t.test('concurrent reads share one query; a key it does not return gets the absent value', async (t) => {
  const { batches, finish, load } = controlledLoad();
  const bundel = new Bundelaar(load, 0);
  const reads = [bundel.read('a'), bundel.read('b'), bundel.read('a'), bundel.read('b'), bundel.read('onbekend')];
  t.same(batches, [['a']], 'the first read goes out at once, alone');
  finish.shift()!();
  await new Promise((r) => setImmediate(r));
  t.same(batches, [['a'], ['b', 'a', 'onbekend']], 'those asked meanwhile go out together, each key once (a again: its query had gone)');
  finish.shift()!();
  t.same(await Promise.all(reads), [1, 1, 1, 1, 0]);
});

t.test('a read asked while a query is in flight is answered by a later query, never by that one', async (t) => {
  const { batches, finish, load, write } = controlledLoad();
  const bundel = new Bundelaar(load, 0);
  const before = bundel.read('a');
  // A write commits after the first query was sent; then the same key is asked for again.
  write();
  const after = bundel.read('a');
  finish.shift()!();
  t.equal(await before, 1, 'the first read: the version when its query was sent');
  await new Promise((r) => setImmediate(r));
  t.equal(batches.length, 2, 'the second read went out in a query of its own');
  finish.shift()!();
  t.equal(await after, 2, 'and sees the write');
});

t.test('a failed query fails its batch only; the next batch is tried', async (t) => {
  let calls = 0;
  const bundel = new Bundelaar(async (keys: string[]) => {
    calls++;
    if (calls === 1) throw new Error('database unavailable');
    return new Map(keys.map((k) => [k, 7]));
  }, 0);
  const first = bundel.read('a');
  const second = bundel.read('b');
  await t.rejects(first, /database unavailable/);
  t.equal(await second, 7);
});

t.test('at most maxBatch keys per query', async (t) => {
  const sizes: number[] = [];
  const bundel = new Bundelaar(async (keys: string[]) => {
    sizes.push(keys.length);
    return new Map(keys.map((k) => [k, 1]));
  }, 0, 1, 3);
  await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => bundel.read(k)));
  t.same(sizes, [1, 3, 3, 1]);
});
