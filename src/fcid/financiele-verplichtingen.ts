import { formatRfc3339Amsterdam } from '../domain/time.js';
import { subtractCents, sumCents } from './amounts.js';
import { resolveEffectiveEvents, type EffectiveEvent } from './effective-events.js';
import { FcidInconsistencyError } from './errors.js';
import { compareText, prepareGebeurtenissen, type TimedEvent } from './gebeurtenissen.js';
import { foldFinancieleZaak } from './financiele-zaak.js';
import type { Contactoptie, FinancieleVerplichtingen, FinancieleZaak, Gebeurtenis, ZaakInvoer } from './types.js';

export interface FoldFinancieleVerplichtingenInput {
  /** The citizen's events at this organisation, in any order. */
  gebeurtenissen: readonly Gebeurtenis[];
  /** What the organisation knows about each zaak apart from its events. */
  zaken: readonly ZaakInvoer[];
  /** How to reach the organisation (the document's top-level contactopties). */
  contactopties: readonly Contactoptie[];
  /** The moment the document describes; becomes saldo_datumtijd. */
  peilmoment: Date;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Derives the `gegevens` of the FCID document (schema FinancieleVerplichtingen) from the
 * events, as of the peilmoment. Pure and deterministic: the same events in any order give
 * a deep-equal result. Throws FcidInconsistencyError for impossible input.
 */
export function foldFinancieleVerplichtingen(input: FoldFinancieleVerplichtingenInput): FinancieleVerplichtingen {
  const { peilmoment } = input;
  const peil = peilmoment instanceof Date ? peilmoment.getTime() : Number.NaN;
  if (!Number.isFinite(peil)) throw new RangeError('peilmoment is not a valid Date');
  const saldoDatumtijd = formatRfc3339Amsterdam(peilmoment);

  // The document shows the state as of the peilmoment: an event recorded later is not part
  // of it at all, not even in the raw list, so a document made for a past moment is the same
  // whenever it is made. Compared as instants (offsets parsed), not as strings.
  const known: TimedEvent[] = prepareGebeurtenissen(input.gebeurtenissen).filter((e) => e.instant <= peil);
  const effective = resolveEffectiveEvents(known);

  const zaakInfo = new Map<string, ZaakInvoer>();
  for (const zaak of input.zaken) {
    if (zaakInfo.has(zaak.zaakkenmerk)) throw new FcidInconsistencyError('zaak listed twice', zaak.zaakkenmerk);
    zaakInfo.set(zaak.zaakkenmerk, zaak);
  }

  // Raw events belong to the zaak they name; an effective event to the zaak its current
  // version names (a correction may move an event that was booked on the wrong zaak).
  const rawByZaak = new Map<string, TimedEvent[]>();
  for (const e of known) push(rawByZaak, e.event.zaakkenmerk, e);
  const effectiveByZaak = new Map<string, EffectiveEvent[]>();
  for (const e of effective) push(effectiveByZaak, e.effective.event.zaakkenmerk, e);

  // Zaken: the union of the listed zaken and the zaken the events name, but only those with
  // at least one event at the peilmoment: a zaak without events has nothing to show yet.
  // Ordered by their first event, then zaakkenmerk, as the citizen's history unfolded.
  const zaken: { firstInstant: number; zaak: FinancieleZaak }[] = [];
  for (const [zaakkenmerk, raw] of rawByZaak) {
    const info = zaakInfo.get(zaakkenmerk);
    zaken.push({
      firstInstant: raw.reduce((min, e) => Math.min(min, e.instant), Number.POSITIVE_INFINITY),
      zaak: foldFinancieleZaak({
        zaakkenmerk,
        omschrijving: info?.omschrijving,
        contactopties: info?.contactopties ?? [],
        gebeurtenissen: raw,
        effective: effectiveByZaak.get(zaakkenmerk) ?? [],
        peilmoment,
      }),
    });
  }
  zaken.sort((a, b) => a.firstInstant - b.firstInstant || compareText(a.zaak.zaakkenmerk, b.zaak.zaakkenmerk));
  const financieleZaken = zaken.map((z) => z.zaak);

  const totaalVerplicht = sumCents(financieleZaken.map((z) => z.totaal_financieel_verplicht));
  const totaalVereffend = sumCents(financieleZaken.map((z) => z.totaal_financieel_vereffend));
  return {
    saldo_datumtijd: saldoDatumtijd,
    totaal_financieel_verplicht: totaalVerplicht,
    totaal_financieel_vereffend: totaalVereffend,
    // The sum of the zaken's saldi, which equals verplicht minus vereffend.
    saldo: subtractCents(totaalVerplicht, totaalVereffend),
    financiele_zaken: financieleZaken,
    contactopties: input.contactopties.map((c) => ({ ...c })),
  };
}
