import { isValidCalendarDate, parseRfc3339Ms } from '../domain/time.js';
import { assertBedrag } from './amounts.js';
import { FcidInconsistencyError } from './errors.js';
import type { Gebeurtenis } from './types.js';
import { gebeurtenistypeValues } from '../generated/api.js';

/** An event with its `datumtijd_gebeurtenis` parsed to an instant (epoch milliseconds). */
export interface TimedEvent {
  readonly event: Gebeurtenis;
  readonly instant: number;
}

/**
 * Parses an RFC 3339 timestamp from an event to epoch milliseconds. Timestamps are compared
 * as instants, never as strings: `10:00+01:00` and `09:00Z` are the same moment.
 */
export function parseInstant(value: string, field: string, kenmerk: string): number {
  try {
    return parseRfc3339Ms(value);
  } catch {
    throw new FcidInconsistencyError(`${field} is not an RFC 3339 date-time with offset: ${JSON.stringify(value)}`, kenmerk);
  }
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Event order: by moment, then by kenmerk, so simultaneous events still have one order. */
export function compareTimed(a: TimedEvent, b: TimedEvent): number {
  return a.instant - b.instant || compareText(a.event.gebeurtenis_kenmerk, b.event.gebeurtenis_kenmerk);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(gebeurtenistypeValues);

function assertText(value: unknown, field: string, kenmerk: string | undefined): void {
  if (typeof value !== 'string') throw new FcidInconsistencyError(`${field} is missing or not text`, kenmerk);
}

/** Checks what the fold relies on in one event; throws FcidInconsistencyError otherwise. */
function checkEvent(event: Gebeurtenis): void {
  const kenmerk: unknown = event.gebeurtenis_kenmerk;
  assertText(kenmerk, 'gebeurtenis_kenmerk', undefined);
  const k = kenmerk as string;
  assertText(event.zaakkenmerk, 'zaakkenmerk', k);
  if (event.corrigeert_gebeurtenis_kenmerk !== undefined) {
    assertText(event.corrigeert_gebeurtenis_kenmerk, 'corrigeert_gebeurtenis_kenmerk', k);
  }
  // An event type this fold does not know could change the totals in ways it cannot
  // compute; leaving it out silently would certify a wrong saldo.
  if (!KNOWN_TYPES.has(event.gebeurtenis_type)) {
    throw new FcidInconsistencyError(`unknown gebeurtenis_type ${JSON.stringify(event.gebeurtenis_type)}`, k);
  }
  switch (event.gebeurtenis_type) {
    case 'FinancieleVerplichtingOpgelegd':
      assertText(event.verplichtingskenmerk, 'verplichtingskenmerk', k);
      assertBedrag(event.bedrag, 'bedrag', k);
      parseInstant(event.datumtijd_opgelegd, 'datumtijd_opgelegd', k);
      break;
    case 'FinancieleVerplichtingKwijtgescholden':
      assertText(event.verplichtingskenmerk, 'verplichtingskenmerk', k);
      assertBedrag(event.bedrag_kwijtgescholden, 'bedrag_kwijtgescholden', k);
      if (typeof event.volledig !== 'boolean') throw new FcidInconsistencyError('volledig is not a boolean', k);
      break;
    case 'BetalingsverplichtingOpgelegd':
      assertText(event.betalingskenmerk, 'betalingskenmerk', k);
      assertText(event.verplichtingskenmerk, 'verplichtingskenmerk', k);
      assertBedrag(event.bedrag, 'bedrag', k);
      if (!isValidCalendarDate(event.vervaldatum)) {
        throw new FcidInconsistencyError(`vervaldatum is not a calendar date: ${JSON.stringify(event.vervaldatum)}`, k);
      }
      break;
    case 'BetalingsverplichtingIngetrokken':
      assertText(event.betalingskenmerk, 'betalingskenmerk', k);
      break;
    case 'BetalingVerwerkt':
      assertText(event.betalingskenmerk, 'betalingskenmerk', k);
      assertBedrag(event.bedrag, 'bedrag', k);
      break;
    case 'GebeurtenisIngetrokken':
      assertText(event.ingetrokken_gebeurtenis_kenmerk, 'ingetrokken_gebeurtenis_kenmerk', k);
      break;
  }
}

/**
 * Validates every event (also those after the peilmoment: impossible input is impossible
 * whatever the moment) and parses its time. A `gebeurtenis_kenmerk` must be unique: it is
 * how corrections and withdrawals point at an event, so a duplicate makes them ambiguous.
 */
export function prepareGebeurtenissen(events: readonly Gebeurtenis[]): TimedEvent[] {
  const seen = new Set<string>();
  return events.map((event) => {
    checkEvent(event);
    const kenmerk = event.gebeurtenis_kenmerk;
    if (seen.has(kenmerk)) throw new FcidInconsistencyError('duplicate gebeurtenis_kenmerk', kenmerk);
    seen.add(kenmerk);
    return { event, instant: parseInstant(event.datumtijd_gebeurtenis, 'datumtijd_gebeurtenis', kenmerk) };
  });
}
