/** How amounts and moments read in Dutch: `€ 1.234,56`, `28 november 2026`, in Europe/Amsterdam. Pure. */

export function formatEuro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${sign}${euros},${(abs % 100).toString().padStart(2, '0')}`;
}

const DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A calendar date (`2026-11-28`) or an RFC 3339 moment, as a Dutch date in Amsterdam. */
export function formatDatum(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return DATE.format(date);
}

export function formatDatumTijd(value: string): string {
  const date = new Date(value);
  return `${DATE.format(date)} ${TIME.format(date)}`;
}
