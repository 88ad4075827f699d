import { FcidInconsistencyError } from './errors.js';
import { compareTimed, type TimedEvent } from './gebeurtenissen.js';

/**
 * One logical event as it stands after corrections and withdrawals: the version that counts
 * (`effective`, the original or a correction of it) and the original it descends from
 * (`origin`). Time-ordered reasoning (which forgiveness came first, which payments were in
 * before it) uses the origin's moment: a correction restates what happened then; its own
 * timestamp only says when the record was fixed.
 */
export interface EffectiveEvent {
  readonly effective: TimedEvent;
  readonly origin: TimedEvent;
}

const VISITING = Symbol('visiting');

/**
 * Resolves corrections and withdrawals over the events known at the peilmoment (all zaken
 * at once: kenmerken are unique across the document, and a correction may move an event to
 * another zaak). Rules, as the contract's "Correcties en intrekkingen" describes them:
 *
 * - An event with `corrigeert_gebeurtenis_kenmerk: K` replaces K. Corrections form a tree
 *   under the original; the version that counts is a leaf of that tree (every other node
 *   has explicitly been replaced), and when corrections branch, the newest leaf wins (the
 *   latest word on the matter). A correction of a correction therefore works.
 * - A correction must have the type of the event it corrects (the contract: "een nieuwe
 *   gebeurtenis van hetzelfde type"). One that points at an unknown kenmerk or at an event
 *   of another type is ignored for the totals (it stays in the raw list); so is anything
 *   that corrects it, because its chain reaches no original.
 * - `GebeurtenisIngetrokken` with `ingetrokken_gebeurtenis_kenmerk: K` makes K and every
 *   correction of K not count. Withdrawing a correction restores what it corrected.
 *   Withdrawals are events too: they can be corrected (the newest version's target counts)
 *   and withdrawn themselves. A withdrawal of an unknown kenmerk is ignored for the totals.
 * - Circles (an event correcting itself, withdrawals that withdraw each other) have no
 *   meaning and are refused with FcidInconsistencyError.
 *
 * Returns one EffectiveEvent per original that still counts, in the originals' order.
 * GebeurtenisIngetrokken originals are included; the folds downstream ignore them.
 */
export function resolveEffectiveEvents(events: readonly TimedEvent[]): EffectiveEvent[] {
  const byKenmerk = new Map<string, TimedEvent>();
  for (const e of events) byKenmerk.set(e.event.gebeurtenis_kenmerk, e);

  /** The event a valid correction replaces; undefined for originals and ignored corrections. */
  function correctedEvent(e: TimedEvent): TimedEvent | undefined {
    const target = e.event.corrigeert_gebeurtenis_kenmerk;
    if (target === undefined) return undefined;
    const corrected = byKenmerk.get(target);
    if (!corrected || corrected.event.gebeurtenis_type !== e.event.gebeurtenis_type) return undefined;
    return corrected;
  }

  // Originals, and which valid corrections replace each event.
  const corrections = new Map<string, TimedEvent[]>();
  for (const e of events) {
    const corrected = correctedEvent(e);
    if (!corrected) continue;
    const list = corrections.get(corrected.event.gebeurtenis_kenmerk) ?? [];
    list.push(e);
    corrections.set(corrected.event.gebeurtenis_kenmerk, list);
  }
  const originals = events.filter((e) => e.event.corrigeert_gebeurtenis_kenmerk === undefined);
  assertNoCorrectionCircles(events, correctedEvent);

  /** Every node of the correction tree under an original (the original included). */
  function treeOf(origin: TimedEvent): TimedEvent[] {
    const nodes: TimedEvent[] = [];
    const stack = [origin];
    while (stack.length > 0) {
      const node = stack.pop()!;
      nodes.push(node);
      stack.push(...(corrections.get(node.event.gebeurtenis_kenmerk) ?? []));
    }
    return nodes;
  }

  // For each kenmerk, the withdrawal originals any version of which targets it. Only these
  // can withdraw it; which of them actually does depends on their own effective version.
  const withdrawersOf = new Map<string, Set<TimedEvent>>();
  for (const origin of originals) {
    if (origin.event.gebeurtenis_type !== 'GebeurtenisIngetrokken') continue;
    for (const node of treeOf(origin)) {
      if (node.event.gebeurtenis_type !== 'GebeurtenisIngetrokken') continue;
      const target = node.event.ingetrokken_gebeurtenis_kenmerk;
      const set = withdrawersOf.get(target) ?? new Set<TimedEvent>();
      set.add(origin);
      withdrawersOf.set(target, set);
    }
  }

  const targetOfWithdrawal = new Map<TimedEvent, typeof VISITING | { target: string | undefined }>();
  const effectiveOf = new Map<TimedEvent, TimedEvent | undefined>();

  /** What a withdrawal original withdraws now, after its own corrections and withdrawals. */
  function withdrawnBy(origin: TimedEvent): string | undefined {
    const state = targetOfWithdrawal.get(origin);
    if (state === VISITING) {
      throw new FcidInconsistencyError('withdrawals that withdraw each other in a circle', origin.event.gebeurtenis_kenmerk);
    }
    if (state) return state.target;
    targetOfWithdrawal.set(origin, VISITING);
    const version = effectiveVersion(origin)?.event;
    const target = version?.gebeurtenis_type === 'GebeurtenisIngetrokken' ? version.ingetrokken_gebeurtenis_kenmerk : undefined;
    targetOfWithdrawal.set(origin, { target });
    return target;
  }

  function isWithdrawnItself(e: TimedEvent): boolean {
    const kenmerk = e.event.gebeurtenis_kenmerk;
    for (const withdrawal of withdrawersOf.get(kenmerk) ?? []) {
      if (withdrawnBy(withdrawal) === kenmerk) return true;
    }
    return false;
  }

  function effectiveVersion(origin: TimedEvent): TimedEvent | undefined {
    if (effectiveOf.has(origin)) return effectiveOf.get(origin);
    let result: TimedEvent | undefined;
    if (!isWithdrawnItself(origin)) {
      // Walk the tree; a withdrawn node takes its whole subtree with it.
      const leaves: TimedEvent[] = [];
      const stack = [origin];
      while (stack.length > 0) {
        const node = stack.pop()!;
        const standing = (corrections.get(node.event.gebeurtenis_kenmerk) ?? []).filter((c) => !isWithdrawnItself(c));
        if (standing.length === 0) leaves.push(node);
        else stack.push(...standing);
      }
      result = leaves.reduce((newest, leaf) => (compareTimed(leaf, newest) > 0 ? leaf : newest));
    }
    effectiveOf.set(origin, result);
    return result;
  }

  const result: EffectiveEvent[] = [];
  for (const origin of [...originals].sort(compareTimed)) {
    const effective = effectiveVersion(origin);
    if (effective) result.push({ effective, origin });
  }
  return result;
}

/** An event that (through other corrections) corrects itself has no original: refused. */
function assertNoCorrectionCircles(
  events: readonly TimedEvent[],
  correctedEvent: (e: TimedEvent) => TimedEvent | undefined,
): void {
  const done = new Set<TimedEvent>();
  for (const start of events) {
    const path = new Set<TimedEvent>();
    let current: TimedEvent | undefined = start;
    while (current && !done.has(current)) {
      if (path.has(current)) {
        throw new FcidInconsistencyError('corrections that correct each other in a circle', current.event.gebeurtenis_kenmerk);
      }
      path.add(current);
      current = correctedEvent(current);
    }
    for (const e of path) done.add(e);
  }
}
