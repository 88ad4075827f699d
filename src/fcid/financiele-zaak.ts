import { endOfDayAmsterdam, formatRfc3339Amsterdam } from '../domain/time.js';
import { addCents, subtractCents, sumCents } from './amounts.js';
import type { EffectiveEvent } from './effective-events.js';
import { FcidInconsistencyError } from './errors.js';
import { compareText, compareTimed, parseInstant, type TimedEvent } from './gebeurtenissen.js';
import type {
  Betalingsverplichting,
  BetalingsverplichtingOpgelegd,
  BetalingVerwerkt,
  Contactoptie,
  FinancieleVerplichting,
  FinancieleVerplichtingOpgelegd,
  FinancieleZaak,
  Gebeurtenis,
  GebeurtenisType,
} from './types.js';

export interface FinancieleZaakInput {
  zaakkenmerk: string;
  omschrijving?: string | undefined;
  contactopties: readonly Contactoptie[];
  /** Every event of this zaak known at the peilmoment, also corrected and withdrawn ones. */
  gebeurtenissen: readonly TimedEvent[];
  /** The events that count (see resolveEffectiveEvents) whose current version is in this zaak. */
  effective: readonly EffectiveEvent[];
  peilmoment: Date;
}

interface Effective<E> {
  event: E;
  /** The origin's moment and kenmerk: when this logically happened. */
  origin: TimedEvent;
}

type OfType<T extends GebeurtenisType> = Extract<Gebeurtenis, { gebeurtenis_type: T }>;

function ofType<T extends GebeurtenisType>(effective: readonly EffectiveEvent[], type: T): Effective<OfType<T>>[] {
  return effective
    .filter((e) => e.effective.event.gebeurtenis_type === type)
    .map((e) => ({ event: e.effective.event as OfType<T>, origin: e.origin }));
}

/**
 * The impositions of one type by their functional reference (`kenmerk`). Two standing
 * impositions with the same reference and no correction linking them leave it open which
 * one is true: refused rather than guessed.
 */
function byKenmerk<T extends GebeurtenisType>(
  imposed: Effective<OfType<T>>[],
  kenmerkOf: (event: OfType<T>) => string,
  kenmerkNaam: string,
  zaakkenmerk: string,
): Map<string, Effective<OfType<T>>> {
  const byKey = new Map<string, Effective<OfType<T>>>();
  for (const i of imposed) {
    const key = kenmerkOf(i.event);
    if (byKey.has(key)) {
      throw new FcidInconsistencyError(`${kenmerkNaam} ${key} is imposed twice in zaak ${zaakkenmerk}`, i.event.gebeurtenis_kenmerk);
    }
    byKey.set(key, i);
  }
  return byKey;
}

/**
 * Folds one zaak's events into the per-zaak view of the contract ("zoals een brief ze zou
 * tonen"). Functional references (verplichtingskenmerk, betalingskenmerk) are resolved
 * within the zaak: a zaak is the unit a letter is about, and its totals must add up on their
 * own.
 */
export function foldFinancieleZaak(input: FinancieleZaakInput): FinancieleZaak {
  const { zaakkenmerk, peilmoment, effective } = input;

  // Financial obligations: one per effective FinancieleVerplichtingOpgelegd.
  const obligations = byKenmerk(
    ofType(effective, 'FinancieleVerplichtingOpgelegd'),
    (e) => e.verplichtingskenmerk,
    'verplichtingskenmerk',
    zaakkenmerk,
  );

  // Payment obligations: effective BetalingsverplichtingOpgelegd, minus those withdrawn by a
  // BetalingsverplichtingIngetrokken with the same betalingskenmerk. A payment obligation
  // belongs to a financial obligation; when that one does not stand (withdrawn, or never
  // imposed), there is nothing to pay on, so it is not shown either.
  const withdrawnBetalingskenmerken = new Set(
    ofType(effective, 'BetalingsverplichtingIngetrokken').map((e) => e.event.betalingskenmerk),
  );
  const paymentObligations = byKenmerk(
    ofType(effective, 'BetalingsverplichtingOpgelegd'),
    (e) => e.betalingskenmerk,
    'betalingskenmerk',
    zaakkenmerk,
  );
  for (const key of withdrawnBetalingskenmerken) paymentObligations.delete(key);
  for (const [key, b] of paymentObligations) {
    if (!obligations.has(b.event.verplichtingskenmerk)) paymentObligations.delete(key);
  }

  // Payments: every effective BetalingVerwerkt counts toward the zaak's totaal_betaald, also
  // one on an unknown or withdrawn betalingskenmerk: the money was received.
  const payments = ofType(effective, 'BetalingVerwerkt');
  const paymentsOn = new Map<string, Effective<BetalingVerwerkt>[]>();
  for (const p of payments) {
    const list = paymentsOn.get(p.event.betalingskenmerk) ?? [];
    list.push(p);
    paymentsOn.set(p.event.betalingskenmerk, list);
  }

  /** What counts as paid on a payment obligation: capped at its bedrag (the excess still
   *  counts for the zaak, and shows as a negative saldo). `until` limits by moment. */
  function paidOn(b: Effective<BetalingsverplichtingOpgelegd>, until = Number.POSITIVE_INFINITY): number {
    const received = sumCents(
      (paymentsOn.get(b.event.betalingskenmerk) ?? []).filter((p) => p.origin.instant <= until).map((p) => p.event.bedrag),
    );
    return Math.min(received, b.event.bedrag);
  }

  /** Paid on a financial obligation through its payment obligations, at most its bedrag. */
  function paidOnObligation(verplichtingskenmerk: string, bedrag: number, until: number): number {
    let paid = 0;
    for (const b of paymentObligations.values()) {
      if (b.event.verplichtingskenmerk === verplichtingskenmerk) paid = addCents(paid, paidOn(b, until));
    }
    return Math.min(paid, bedrag);
  }

  // Forgiveness, in the order it happened. Each forgives at most what remained of the
  // obligation at that moment: bedrag minus what had been paid on it by then minus earlier
  // forgiveness, never below 0. `volledig` forgives that whole remainder whatever
  // bedrag_kwijtgescholden says (the amount may be stale); a partial one is capped at it, so
  // an obligation is never forgiven beyond what was owed. Forgiveness of an obligation that
  // does not stand forgives nothing. A payment that comes in after forgiveness is not taken
  // back from the forgiveness: it is an overpayment, and shows as such in the saldo.
  const forgiven = new Map<string, number>();
  const forgivenessEvents = ofType(effective, 'FinancieleVerplichtingKwijtgescholden').sort((a, b) =>
    compareTimed(a.origin, b.origin),
  );
  for (const f of forgivenessEvents) {
    const obligation = obligations.get(f.event.verplichtingskenmerk);
    if (!obligation) continue;
    const { bedrag } = obligation.event;
    const earlier = forgiven.get(f.event.verplichtingskenmerk) ?? 0;
    const paid = paidOnObligation(f.event.verplichtingskenmerk, bedrag, f.origin.instant);
    const remainder = Math.max(0, bedrag - paid - earlier);
    const amount = f.event.volledig ? remainder : Math.min(f.event.bedrag_kwijtgescholden, remainder);
    forgiven.set(f.event.verplichtingskenmerk, addCents(earlier, amount));
  }

  const financieleVerplichtingen: FinancieleVerplichting[] = [...obligations.values()]
    .map((o) => ({ o, opgelegd: parseInstant(o.event.datumtijd_opgelegd, 'datumtijd_opgelegd', o.event.gebeurtenis_kenmerk) }))
    .sort((a, b) => a.opgelegd - b.opgelegd || compareText(a.o.event.verplichtingskenmerk, b.o.event.verplichtingskenmerk))
    .map(({ o: { event } }) => ({
      verplichtingskenmerk: event.verplichtingskenmerk,
      beschikkingsnummer: event.beschikkingsnummer,
      type: event.type,
      // Optional fields only when present: an absent categorie is not "undefined" in JSON.
      ...(event.categorie !== undefined ? { categorie: event.categorie } : {}),
      ...(event.omschrijving !== undefined ? { omschrijving: event.omschrijving } : {}),
      primaire_verplichting: event.primaire_verplichting,
      datumtijd_opgelegd: event.datumtijd_opgelegd,
      bedrag: event.bedrag,
      kwijtgescholden: forgiven.get(event.verplichtingskenmerk) ?? 0,
    }));

  const peil = peilmoment.getTime();
  const betalingsverplichtingen: Betalingsverplichting[] = [...paymentObligations.values()]
    .sort((a, b) => compareText(a.event.vervaldatum, b.event.vervaldatum) || compareText(a.event.betalingskenmerk, b.event.betalingskenmerk))
    .map((b) => {
      const { event } = b;
      const betaald = paidOn(b);
      const openstaand = subtractCents(event.bedrag, betaald);
      // Arrears once the whole vervaldatum (to the end of that day, Amsterdam time) has
      // passed at the peilmoment with something still open: a payment on the due date
      // itself is on time.
      const status: Betalingsverplichting['status'] =
        openstaand === 0 ? 'voldaan' : endOfDayAmsterdam(event.vervaldatum).getTime() < peil ? 'achterstallig' : 'open';
      return {
        betalingskenmerk: event.betalingskenmerk,
        verplichtingskenmerk: event.verplichtingskenmerk,
        type: event.type,
        ...(event.omschrijving !== undefined ? { omschrijving: event.omschrijving } : {}),
        bedrag: event.bedrag,
        vervaldatum: event.vervaldatum,
        betaald,
        openstaand,
        status,
      };
    });

  const totaalVerplicht = sumCents(financieleVerplichtingen.map((v) => v.bedrag));
  const totaalBetaald = sumCents(payments.map((p) => p.event.bedrag));
  const totaalKwijtgescholden = sumCents(financieleVerplichtingen.map((v) => v.kwijtgescholden));
  const totaalVereffend = addCents(totaalBetaald, totaalKwijtgescholden);

  return {
    zaakkenmerk,
    ...(input.omschrijving !== undefined ? { omschrijving: input.omschrijving } : {}),
    totaal_financieel_verplicht: totaalVerplicht,
    totaal_betaald: totaalBetaald,
    totaal_kwijtgescholden: totaalKwijtgescholden,
    totaal_financieel_vereffend: totaalVereffend,
    // Negative after an overpayment, on purpose: the organisation owes the citizen money,
    // and that is exactly what the citizen should be able to see.
    saldo: subtractCents(totaalVerplicht, totaalVereffend),
    saldo_datumtijd: formatRfc3339Amsterdam(peilmoment),
    financiele_verplichtingen: financieleVerplichtingen,
    betalingsverplichtingen,
    // All events, also corrected and withdrawn ones: the document is the full record, the
    // totals above are what follows from it.
    gebeurtenissen: [...input.gebeurtenissen].sort(compareTimed).map((e) => ({ ...e.event })),
    contactopties: input.contactopties.map((c) => ({ ...c })),
  };
}
