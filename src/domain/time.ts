/**
 * Time helpers for documents that show moments the way a Dutch letter would: in
 * Europe/Amsterdam local time with its offset. Pure: no clock is read here; callers pass
 * the instant.
 */

const AMSTERDAM = 'Europe/Amsterdam';

// One formatter for the whole process: creating an Intl.DateTimeFormat is expensive.
// `hourCycle: 'h23'` avoids the `24:00` that `hour12: false` yields in some ICU versions.
const amsterdamParts = new Intl.DateTimeFormat('en-US', {
  timeZone: AMSTERDAM,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  era: 'short',
});

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localPartsAmsterdam(epochMs: number): LocalParts {
  const values: Record<string, string> = {};
  for (const part of amsterdamParts.formatToParts(new Date(epochMs))) values[part.type] = part.value;
  const yearOfEra = Number(values.year);
  // Years before 1 CE come out as "era BC"; the proleptic Gregorian year is then 1 - year.
  const year = values.era === 'BC' || values.era === 'B' ? 1 - yearOfEra : yearOfEra;
  return {
    year,
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    second: Number(values.second),
  };
}

/**
 * `Date.UTC` that also treats years 0..99 literally (Date.UTC maps them to 1900..1999).
 * Out-of-range fields roll over (day 32 of December is 1 January of the next year).
 */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * Amsterdam's offset from UTC in milliseconds at the given instant (one hour in winter,
 * two in summer; before 1940 a local mean time with an offset in seconds).
 */
function offsetMsAmsterdam(epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const p = localPartsAmsterdam(wholeSecond);
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function assertValidDate(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/**
 * RFC 3339 in Europe/Amsterdam local time with its offset, seconds precision (truncated),
 * e.g. `2026-11-28T10:15:00+01:00` in winter and `2026-07-01T12:00:00+02:00` in summer.
 */
export function formatRfc3339Amsterdam(instant: Date): string {
  const ms = assertValidDate(instant);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  // The offset is what separates local wall-clock time from the instant; the local reading
  // is the instant shifted by it, so the string always denotes exactly this instant, also
  // around DST changes.
  const offsetMs = offsetMsAmsterdamFast(wholeSecond);
  // RFC 3339 offsets are whole minutes; Amsterdam's pre-1940 mean time (+00:19:32) is
  // refused rather than rounded into a string that denotes another instant.
  if (offsetMs % 60000 !== 0) throw new RangeError('Europe/Amsterdam had no whole-minute UTC offset at this instant');
  const local = new Date(wholeSecond + offsetMs);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('Year outside 0000-9999 cannot be written in RFC 3339');
  const offset = offsetMs / 60000;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * Bounds of the offset memos, each started afresh when full: thousands of UTC days (years
 * of event moments, as a bulk load formats them in random order) and a few hundred hours
 * (of the days that contain a change).
 */
const OFFSET_MEMO_DAYS = 4096;
const OFFSET_MEMO_HOURS = 512;
const offsetByUtcDay = new Map<number, number>();
const offsetByUtcHour = new Map<number, number>();

/**
 * offsetMsAmsterdam, memoised per UTC day and, on the days with a change, per UTC hour:
 * documents format "now" (and a few event moments) on every request and a bulk load
 * formats millions of moments, and asking Intl for the parts costs far more than the rest
 * of the formatting. Amsterdam's offset has never changed twice within one UTC day, so
 * when it is the same at a span's first and last second it holds for the whole span; an
 * hour that contains a change is not memoised and is asked of Intl each time.
 */
function offsetMsAmsterdamFast(wholeSecond: number): number {
  return (
    memoisedOffset(offsetByUtcDay, DAY_MS, OFFSET_MEMO_DAYS, wholeSecond) ??
    memoisedOffset(offsetByUtcHour, HOUR_MS, OFFSET_MEMO_HOURS, wholeSecond) ??
    offsetMsAmsterdam(wholeSecond)
  );
}

/** The offset throughout the span of `spanMs` around the instant, or undefined when it changes within it (memoised as NaN). */
function memoisedOffset(memo: Map<number, number>, spanMs: number, limit: number, wholeSecond: number): number | undefined {
  const start = Math.floor(wholeSecond / spanMs) * spanMs;
  let offset = memo.get(start);
  if (offset === undefined) {
    offset = offsetMsAmsterdam(start);
    if (offset !== offsetMsAmsterdam(start + spanMs - 1000)) offset = Number.NaN;
    if (memo.size >= limit) memo.clear();
    memo.set(start, offset);
  }
  return Number.isNaN(offset) ? undefined : offset;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` string naming a day that exists in the Gregorian calendar (so not 2026-02-30). */
export function isValidCalendarDate(date: string): boolean {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The instant at which Amsterdam wall-clock time reads the given local time. */
function amsterdamLocalToInstant(year: number, month: number, day: number): number {
  const local = utcMs(year, month, day);
  // Two passes: guess with the offset at the local reading taken as UTC, then correct with
  // the offset at the guess. Midnight is never inside a DST gap or fold in Amsterdam (the
  // changes happen at 02:00/03:00), so the result is unique.
  let instant = local - offsetMsAmsterdam(local);
  instant = local - offsetMsAmsterdam(instant);
  return instant;
}

/**
 * The last millisecond of the given day (`YYYY-MM-DD`) in Europe/Amsterdam: the start of the
 * next local day minus 1 ms. Correct on the 23- and 25-hour days of the DST changes.
 */
export function endOfDayAmsterdam(date: string): Date {
  const match = isValidCalendarDate(date) ? DATE_PATTERN.exec(date) : null;
  if (!match) throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Day + 1 may overflow into the next month or year; utcMs normalises that.
  const next = new Date(utcMs(year, month, day + 1));
  const startOfNextDay = amsterdamLocalToInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return new Date(startOfNextDay - 1);
}

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time (with `Z` or a numeric offset) to the instant it denotes,
 * millisecond precision (further fractional digits are truncated). Throws a RangeError on
 * anything else: the offset is part of the meaning, so a timestamp without one is rejected.
 */
export function parseRfc3339(value: string): Date {
  const match = typeof value === 'string' ? DATE_TIME_PATTERN.exec(value) : null;
  if (!match) throw new RangeError(`Not an RFC 3339 date-time: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const date = `${y}-${mo}-${d}`;
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Second 60 is a leap second (RFC 3339 allows it); Date has none, so it rolls over.
  if (!isValidCalendarDate(date) || hour > 23 || minute > 59 || second > 60) {
    throw new RangeError(`Not an RFC 3339 date-time: ${JSON.stringify(value)}`);
  }
  let offsetMinutes = 0;
  if (!zulu) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) throw new RangeError(`Not an RFC 3339 date-time: ${JSON.stringify(value)}`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const local = utcMs(Number(y), Number(mo), Number(d), hour, minute, second, ms);
  return new Date(local - offsetMinutes * 60000);
}

/** An instant as RFC 3339 in UTC to the second (`2026-11-30T09:00:00Z`): timestamps in signed Plus statements. */
export function formatRfc3339(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
