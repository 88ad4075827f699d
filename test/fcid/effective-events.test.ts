import t from 'tap';
import { FcidInconsistencyError, prepareGebeurtenissen, resolveEffectiveEvents } from '../../src/fcid/index.js';
import { betaling, ingetrokken, opgelegd, type Gebeurtenis } from '../helpers/fcid-builders.js';

/** origin kenmerk -> kenmerk of the version that counts, for the events that count. */
function resolve(events: Gebeurtenis[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of resolveEffectiveEvents(prepareGebeurtenissen(events))) {
    out[e.origin.event.gebeurtenis_kenmerk] = e.effective.event.gebeurtenis_kenmerk;
  }
  return out;
}

const p = (k: string, day: number, extra: Partial<Parameters<typeof betaling>[4]> = {}) =>
  betaling(k, `2026-02-${String(day).padStart(2, '0')}T09:00:00+01:00`, 'B1', 100, extra);
const w = (k: string, day: number, target: string, extra: Partial<Parameters<typeof ingetrokken>[3]> = {}) =>
  ingetrokken(k, `2026-02-${String(day).padStart(2, '0')}T09:00:00+01:00`, target, extra);

t.test('originals count as themselves; withdrawals are returned too', async (t) => {
  t.strictSame(resolve([p('A', 1), p('B', 2)]), { A: 'A', B: 'B' });
  t.strictSame(resolve([p('A', 1), w('W', 2, 'NOPE')]), { A: 'A', W: 'W' });
});

t.test('result is ordered by the originals\' moment, then kenmerk', async (t) => {
  const order = resolveEffectiveEvents(prepareGebeurtenissen([p('C', 2), p('B', 1), p('A', 2)])).map(
    (e) => e.origin.event.gebeurtenis_kenmerk,
  );
  t.strictSame(order, ['B', 'A', 'C']);
});

t.test('corrections', async (t) => {
  t.strictSame(resolve([p('A', 1), p('A1', 2, { corrigeert_gebeurtenis_kenmerk: 'A' })]), { A: 'A1' });
  t.strictSame(
    resolve([p('A', 1), p('A1', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }), p('A2', 3, { corrigeert_gebeurtenis_kenmerk: 'A1' })]),
    { A: 'A2' },
    'chain',
  );
  t.strictSame(
    resolve([p('A', 1), p('A2', 2, { corrigeert_gebeurtenis_kenmerk: 'A1' }), p('A1', 3, { corrigeert_gebeurtenis_kenmerk: 'A' })]),
    { A: 'A2' },
    'an explicit replacement wins even with an earlier timestamp',
  );
  t.strictSame(
    resolve([
      p('A', 1),
      p('X', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }),
      p('Y', 4, { corrigeert_gebeurtenis_kenmerk: 'A' }),
      p('X1', 3, { corrigeert_gebeurtenis_kenmerk: 'X' }),
    ]),
    { A: 'Y' },
    'branches: the newest leaf wins',
  );
  t.strictSame(
    resolve([
      p('A', 1),
      p('X', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }),
      p('Y', 3, { corrigeert_gebeurtenis_kenmerk: 'A' }),
      p('X1', 5, { corrigeert_gebeurtenis_kenmerk: 'X' }),
    ]),
    { A: 'X1' },
    'branches: a newer correction deeper down wins',
  );
  t.strictSame(
    resolve([p('A', 1), p('Q', 2, { corrigeert_gebeurtenis_kenmerk: 'NOPE' }), p('Q1', 3, { corrigeert_gebeurtenis_kenmerk: 'Q' })]),
    { A: 'A' },
    'a chain that reaches no original counts for nothing',
  );
  t.strictSame(
    resolve([opgelegd('V', '2026-02-01T09:00:00+01:00', 'V1', 100), p('Q', 2, { corrigeert_gebeurtenis_kenmerk: 'V' })]),
    { V: 'V' },
    'a correction of another type is ignored',
  );
});

t.test('withdrawals', async (t) => {
  t.strictSame(resolve([p('A', 1), w('W', 2, 'A')]), { W: 'W' });
  t.strictSame(resolve([p('A', 1), p('A1', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }), w('W', 3, 'A')]), { W: 'W' }, 'with its corrections');
  t.strictSame(
    resolve([p('A', 1), p('A1', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }), p('A2', 3, { corrigeert_gebeurtenis_kenmerk: 'A1' }), w('W', 4, 'A1')]),
    { A: 'A', W: 'W' },
    'withdrawing a correction takes its own corrections too, and restores the original',
  );
  t.strictSame(
    resolve([p('A', 1), p('X', 2, { corrigeert_gebeurtenis_kenmerk: 'A' }), p('Y', 3, { corrigeert_gebeurtenis_kenmerk: 'A' }), w('W', 4, 'Y')]),
    { A: 'X', W: 'W' },
    'withdrawing the newest branch leaves the other',
  );
  t.strictSame(resolve([p('A', 1), w('W', 2, 'A'), w('W2', 3, 'W')]), { A: 'A', W2: 'W2' }, 'withdrawing a withdrawal');
  t.strictSame(
    resolve([p('A', 1), p('B', 1), w('W', 2, 'A'), w('W1', 3, 'B', { corrigeert_gebeurtenis_kenmerk: 'W' })]),
    { A: 'A', W: 'W1' },
    'a corrected withdrawal withdraws what its newest version names',
  );
  t.strictSame(
    resolve([p('A', 1), p('B', 1), w('W', 2, 'A'), w('W1', 3, 'B', { corrigeert_gebeurtenis_kenmerk: 'W' }), w('X', 4, 'W1')]),
    { B: 'B', W: 'W', X: 'X' },
    'withdrawing the correction of a withdrawal makes the original withdrawal count again',
  );
});

t.test('circles are refused', async (t) => {
  const circle = (events: Gebeurtenis[]) => () => resolveEffectiveEvents(prepareGebeurtenissen(events));
  t.throws(circle([p('A', 1, { corrigeert_gebeurtenis_kenmerk: 'B' }), p('B', 2, { corrigeert_gebeurtenis_kenmerk: 'A' })]), FcidInconsistencyError);
  t.throws(circle([w('W', 1, 'W')]), FcidInconsistencyError, 'a withdrawal withdrawing itself');
  t.throws(circle([w('W1', 1, 'W2'), w('W2', 2, 'W1')]), FcidInconsistencyError);
});
