/**
 * Makes the FCID documents made ahead (src/documenten/fcid-sjabloon.ts) anew once their span
 * has passed, in bulk, in the background, so that a citizen's cold request fills in a
 * template instead of folding their events.
 *
 * A template holds until the first moment the fold's output changes: mostly the end of a
 * vervaldatum (midnight in Amsterdam), or a dated event. Many of them end together, at
 * midnight. Without this sweep, the first request of each of those citizens afterwards
 * folds and renews the template itself; correct, but at the price of a fold on the path a
 * citizen waits for. With it, the rows whose span ended are found by one range scan of the
 * index on (organisation, sjabloon_tot) and renewed, batch by batch, soon after.
 *
 * Safe beside writes and on every replica: a renewal is written only while the row is still
 * at the version it was made from (vernieuwLeesmodelSjabloon), and it does not change the
 * data version, so documents cached for that version, and their ETags, stay valid. Two
 * replicas sweeping at the same moment may both make the same template; the second write
 * changes nothing that matters. A row renewed by one is no longer expired for the others.
 */
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { verlopenSjablonen, vernieuwLeesmodelSjabloon } from '../../data/financiele-zaken.js';
import type { OrganisatieKern } from './kern.js';

/** Rows read per query while sweeping, unless the options say otherwise. */
const BATCH = 200;

export interface SjabloonVernieuwerOpties {
  /** How often to look for templates whose span has passed (ms). */
  intervalMs: number;
  /** Rows read per query (default 200). */
  batch?: number;
  /** A pass that failed, or the first row of a pass that could not be renewed (the next pass tries again). */
  onFout?: (error: unknown) => void;
  /** After a pass that renewed something: how many templates, and how many rows it looked at. */
  onRonde?: (resultaat: Vernieuwronde) => void;
}

export interface Vernieuwronde {
  /** Rows whose template had ended. */
  bekeken: number;
  /** Templates made anew (the rest changed in between, or cannot be made: those fold on every read). */
  vernieuwd: number;
  /** Rows whose renewal failed (reported through onFout, and tried again at the next pass). */
  mislukt: number;
}

export class SjabloonVernieuwer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  /** Set by stop(): no new pass starts, and one under way ends after its current row. */
  #stopped = false;

  constructor(
    private readonly ctx: Pick<OrganisatieKern, 'db' | 'organisation' | 'now'>,
    private readonly opties: SjabloonVernieuwerOpties,
  ) {}

  /** Sweeps at once (templates may have ended while the service was down), then every interval. */
  start(): void {
    this.#schedule(0);
  }

  /** Stops the timer, and waits for a pass under way to finish its current row. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#running = this.ronde()
        .then((resultaat) => {
          if (resultaat.bekeken > 0) this.opties.onRonde?.(resultaat);
        })
        .catch((error: unknown) => this.opties.onFout?.(error))
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) this.#schedule(this.opties.intervalMs);
        });
    }, ms);
    // A pending sweep alone does not keep the process alive.
    this.#timer.unref();
  }

  /**
   * One pass: every template of this organisation whose span ended at or before now, made
   * anew as of now. Each row comes up once per pass (the batches go on after the last row of
   * the one before), so a pass ends also when a row cannot be renewed.
   */
  async ronde(): Promise<Vernieuwronde> {
    const { db, organisation } = this.ctx;
    const nu = this.ctx.now();
    const resultaat: Vernieuwronde = { bekeken: 0, vernieuwd: 0, mislukt: 0 };
    const batch = this.opties.batch ?? BATCH;
    let na: { tot: number; citizenId: number } | undefined;
    while (!this.#stopped) {
      const rijen = await verlopenSjablonen(db, organisation.oin, nu, batch, na);
      for (const rij of rijen) {
        if (this.#stopped) break;
        resultaat.bekeken++;
        // The fold and the serialisation run on the event loop: requests go first between rows.
        await yieldToRequests();
        try {
          if (await vernieuwLeesmodelSjabloon(db, rij, rij.bsn, organisation, rij.gegevens(), nu)) resultaat.vernieuwd++;
        } catch (error) {
          // One row must not hold up the others: the pass goes on, and the row's reads fold.
          if (resultaat.mislukt++ === 0) this.opties.onFout?.(error);
        }
      }
      if (rijen.length < batch) break;
      const laatste = rijen[rijen.length - 1]!;
      na = { tot: laatste.tot, citizenId: laatste.citizenId };
    }
    return resultaat;
  }
}
