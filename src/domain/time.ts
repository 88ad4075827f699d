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
  // Date.UTC needs no Date object: a third of the time of folding a document went to this.
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
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

/**
 * Amsterdam's offset, memoised per week. Documents format "now" and every event moment, and
 * take the end of every due date's day, on every request; asking Intl for the parts costs
 * far more than the rest. Amsterdam's offset has never changed twice within a week, so a
 * week holds one offset, or two with the one change between them, which is found once by
 * bisection to the second. Weeks are a fixed grid of UTC time, so the memo is a plain map.
 */
const WEEK_MS = 7 * 86_400_000;
/** Bound of the memo: 16,384 weeks (three centuries), then it starts afresh. */
const OFFSET_MEMO_LIMIT = 16_384;

interface WeekOffsets {
  /** The offset from the week's start. */
  before: number;
  /** The first whole second with the other offset, or Infinity when the week has one. */
  changeAt: number;
  after: number;
}

const offsetsByWeek = new Map<number, WeekOffsets>();

function offsetsOfWeek(weekStart: number): WeekOffsets {
  const before = offsetMsAmsterdam(weekStart);
  const after = offsetMsAmsterdam(weekStart + WEEK_MS - 1000);
  if (before === after) return { before, changeAt: Number.POSITIVE_INFINITY, after };
  // The offset is `before` at lo and `after` at hi: narrow down to adjacent seconds.
  let lo = weekStart;
  let hi = weekStart + WEEK_MS - 1000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetMsAmsterdam(mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, changeAt: hi, after };
}

function offsetMsAmsterdamFast(wholeSecond: number): number {
  const week = Math.floor(wholeSecond / WEEK_MS);
  let offsets = offsetsByWeek.get(week);
  if (!offsets) {
    offsets = offsetsOfWeek(week * WEEK_MS);
    if (offsetsByWeek.size >= OFFSET_MEMO_LIMIT) offsetsByWeek.clear();
    offsetsByWeek.set(week, offsets);
  }
  return wholeSecond < offsets.changeAt ? offsets.before : offsets.after;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year-month-day is a day of the Gregorian calendar (so not 2026-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` string naming a day that exists in the Gregorian calendar (so not 2026-02-30). */
export function isValidCalendarDate(date: string): boolean {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  if (!match) return false;
  return isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The instant at which Amsterdam wall-clock time reads the given local time. */
function amsterdamLocalToInstant(year: number, month: number, day: number): number {
  const local = utcMs(year, month, day);
  // Two passes: guess with the offset at the local reading taken as UTC, then correct with
  // the offset at the guess. Midnight is never inside a DST gap or fold in Amsterdam (the
  // changes happen at 02:00/03:00), so the result is unique.
  let instant = local - offsetMsAmsterdamFast(local);
  instant = local - offsetMsAmsterdamFast(instant);
  return instant;
}

/**
 * The last millisecond of the given day (`YYYY-MM-DD`) in Europe/Amsterdam: the start of the
 * next local day minus 1 ms. Correct on the 23- and 25-hour days of the DST changes.
 */
export function endOfDayAmsterdam(date: string): Date {
  const match = typeof date === 'string' ? DATE_PATTERN.exec(date) : null;
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || !isCalendarDay(year, month, day)) {
    throw new RangeError(`Not a valid calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
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
  return new Date(parseRfc3339Ms(value));
}

/** parseRfc3339 as epoch milliseconds, without a Date: what comparisons of instants need. */
export function parseRfc3339Ms(value: string): number {
  const match = typeof value === 'string' ? DATE_TIME_PATTERN.exec(value) : null;
  if (!match) throw new RangeError(`Not an RFC 3339 date-time: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Second 60 is a leap second (RFC 3339 allows it); Date has none, so it rolls over.
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 60) {
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
  const local = utcMs(year, month, day, hour, minute, second, ms);
  return local - offsetMinutes * 60000;
}

/** An instant as RFC 3339 in UTC to the second (`2026-11-30T09:00:00Z`): timestamps in signed Plus statements. */
export function formatRfc3339(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
