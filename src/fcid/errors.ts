/**
 * Input the FCID fold cannot turn into a truthful document: an amount that is not a whole,
 * non-negative number of cents, a duplicate event kenmerk, a timestamp without an offset,
 * a circle of corrections or withdrawals, an unknown event type. The fold refuses rather
 * than guesses, because a certified ("gewaarmerkt") document with wrong totals is worse for
 * the citizen than no document.
 */
export class FcidInconsistencyError extends Error {
  override readonly name = 'FcidInconsistencyError';
  /** The `gebeurtenis_kenmerk` (or zaakkenmerk) the problem was found at, when there is one. */
  readonly kenmerk: string | undefined;

  constructor(message: string, kenmerk?: string) {
    super(kenmerk === undefined ? message : `${message} (${kenmerk})`);
    this.kenmerk = kenmerk;
  }
}
