import t from 'tap';
import { endOfDayAmsterdam, formatRfc3339Amsterdam, isValidCalendarDate, parseRfc3339 } from '../../src/domain/time.js';

t.test('formatRfc3339Amsterdam', async (t) => {
  t.equal(formatRfc3339Amsterdam(new Date('2026-11-28T09:15:00Z')), '2026-11-28T10:15:00+01:00', 'winter: +01:00');
  t.equal(formatRfc3339Amsterdam(new Date('2026-07-01T10:00:00Z')), '2026-07-01T12:00:00+02:00', 'summer: +02:00');
  t.equal(formatRfc3339Amsterdam(new Date('2026-07-01T10:00:00.999Z')), '2026-07-01T12:00:00+02:00', 'seconds precision, truncated');
  t.equal(formatRfc3339Amsterdam(new Date('2026-12-31T23:30:00Z')), '2027-01-01T00:30:00+01:00', 'local date may be the next year');
  t.equal(formatRfc3339Amsterdam(new Date('2026-06-30T22:00:00Z')), '2026-07-01T00:00:00+02:00', 'midnight is 00, not 24');

  // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST (01:00Z).
  t.equal(formatRfc3339Amsterdam(new Date('2026-03-29T00:59:59Z')), '2026-03-29T01:59:59+01:00');
  t.equal(formatRfc3339Amsterdam(new Date('2026-03-29T01:00:00Z')), '2026-03-29T03:00:00+02:00');
  // 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET (01:00Z); 02:30 happens twice.
  t.equal(formatRfc3339Amsterdam(new Date('2026-10-25T00:30:00Z')), '2026-10-25T02:30:00+02:00');
  t.equal(formatRfc3339Amsterdam(new Date('2026-10-25T01:30:00Z')), '2026-10-25T02:30:00+01:00');

  // Round trip: the string denotes exactly the instant (to the second), every 15 minutes
  // over both DST-change days.
  for (const day of ['2026-03-29', '2026-10-25']) {
    const start = Date.parse(`${day}T00:00:00Z`) - 3 * 3600_000;
    for (let ms = start; ms < start + 30 * 3600_000; ms += 15 * 60_000) {
      const text = formatRfc3339Amsterdam(new Date(ms));
      t.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      if (Date.parse(text) !== ms) t.fail(`${new Date(ms).toISOString()} formatted as ${text}`);
    }
  }
  t.throws(() => formatRfc3339Amsterdam(new Date(Number.NaN)), RangeError);
});

t.test('formatRfc3339Amsterdam reads the same wall clock as Intl, memo or not', async (t) => {
  // The formatter memoises the offset per UTC day and hour; compare its wall-clock reading with a
  // fresh Intl reading across every kind of transition since Amsterdam got whole-minute
  // offsets (1940 onwards: war time, the 1946 change, DST since 1977), twice per instant so
  // the second answer comes from the memo.
  // sv-SE reads "YYYY-MM-DD HH:MM:SS".
  const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' });
  const step = 29 * 3600_000 + 13 * 60_000 + 17_000; // not a divisor of an hour or a day
  let compared = 0;
  for (let ms = Date.parse('1940-05-16T00:00:00Z'); ms < Date.parse('2040-01-01T00:00:00Z'); ms += step) {
    const expected = intl.format(new Date(ms)).replace(' ', 'T');
    for (const round of [1, 2]) {
      const text = formatRfc3339Amsterdam(new Date(ms));
      if (text.slice(0, 19) !== expected || Date.parse(text) !== Math.floor(ms / 1000) * 1000) {
        t.fail(`${new Date(ms).toISOString()} (round ${round}) formatted as ${text}, Intl reads ${expected}`);
        return;
      }
    }
    compared++;
  }
  t.ok(compared > 25_000, `${compared} instants compared`);
});

t.test('endOfDayAmsterdam', async (t) => {
  const iso = (d: string) => endOfDayAmsterdam(d).toISOString();
  t.equal(iso('2026-01-15'), '2026-01-15T22:59:59.999Z', 'winter');
  t.equal(iso('2026-07-15'), '2026-07-15T21:59:59.999Z', 'summer');
  t.equal(iso('2026-03-28'), '2026-03-28T22:59:59.999Z', 'the day before the clocks go forward');
  t.equal(iso('2026-03-29'), '2026-03-29T21:59:59.999Z', 'the 23-hour day ends in summer time');
  t.equal(iso('2026-10-24'), '2026-10-24T21:59:59.999Z', 'the day before the clocks go back');
  t.equal(iso('2026-10-25'), '2026-10-25T22:59:59.999Z', 'the 25-hour day ends in winter time');
  t.equal(iso('2026-12-31'), '2026-12-31T22:59:59.999Z', 'the last day of the year');
  t.equal(iso('2028-02-29'), '2028-02-29T22:59:59.999Z', 'a leap day');
  // Length of the DST days, measured from the previous day's end.
  const hours = (d: string, prev: string) => (endOfDayAmsterdam(d).getTime() - endOfDayAmsterdam(prev).getTime()) / 3600_000;
  t.equal(hours('2026-03-29', '2026-03-28'), 23);
  t.equal(hours('2026-10-25', '2026-10-24'), 25);
  t.equal(hours('2026-06-01', '2026-05-31'), 24);
  t.equal(formatRfc3339Amsterdam(endOfDayAmsterdam('2026-10-25')), '2026-10-25T23:59:59+01:00');
  t.throws(() => endOfDayAmsterdam('2026-02-30'), RangeError);
  t.throws(() => endOfDayAmsterdam('26-01-01'), RangeError);
});

t.test('isValidCalendarDate', async (t) => {
  for (const ok of ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30']) t.ok(isValidCalendarDate(ok), ok);
  for (const bad of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00:00Z', '', ' 2026-01-01']) {
    t.notOk(isValidCalendarDate(bad), JSON.stringify(bad));
  }
});

t.test('parseRfc3339', async (t) => {
  t.equal(parseRfc3339('2026-11-28T10:15:00+01:00').toISOString(), '2026-11-28T09:15:00.000Z');
  t.equal(parseRfc3339('2026-11-28T09:15:00Z').toISOString(), '2026-11-28T09:15:00.000Z');
  t.equal(parseRfc3339('2026-11-28t09:15:00z').toISOString(), '2026-11-28T09:15:00.000Z', 'lower-case t and z (RFC 3339 allows them)');
  t.equal(parseRfc3339('2026-11-28T09:15:00.123456-02:30').toISOString(), '2026-11-28T11:45:00.123Z');
  t.equal(parseRfc3339('2026-01-01T00:30:00+01:00').toISOString(), '2025-12-31T23:30:00.000Z');
  for (const bad of ['2026-11-28T10:15:00', '2026-11-28 10:15:00+01:00', '2026-02-30T10:00:00Z', '2026-11-28T24:00:00Z', '2026-11-28T10:15+01:00', '2026-11-28T10:15:00+0100', 'now']) {
    t.throws(() => parseRfc3339(bad), RangeError, bad);
  }
});

/**
 * Amsterdam's offset by the published rules, independent of ICU: +01:00 without summer time
 * until 1977, then the EU rules (changes at 01:00 UTC): 1977-1980 from the first Sunday of
 * April, from 1981 the last Sunday of March; until 1995 to the last Sunday of September
 * (1978: 1 October), from 1996 the last Sunday of October.
 */
function expectedOffsetHours(instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  if (year < 1977) return 1;
  const sunday = (month: number, from: number, step: 1 | -1) => {
    let day = from;
    while (new Date(Date.UTC(year, month, day)).getUTCDay() !== 0) day += step;
    return Date.UTC(year, month, day, 1);
  };
  const lastDay = (month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const start = year <= 1980 ? sunday(3, 1, 1) : sunday(2, lastDay(2), -1);
  const end = year === 1978 ? Date.UTC(1978, 9, 1, 1) : year <= 1995 ? sunday(8, lastDay(8), -1) : sunday(9, lastDay(9), -1);
  return instant >= start && instant < end ? 2 : 1;
}

t.test('every day from 1970 to 2037 ends at the right instant, with the right offset', async (t) => {
  let wrong = 0;
  for (let day = Date.UTC(1970, 0, 1); day < Date.UTC(2038, 0, 1); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    const end = endOfDayAmsterdam(date).getTime();
    const expectedEnd = day + 86_400_000 - expectedOffsetHours(day + 86_400_000 - 3 * 3600_000) * 3600_000 - 1;
    const text = formatRfc3339Amsterdam(new Date(end));
    const offset = `+0${expectedOffsetHours(end)}:00`;
    if (end !== expectedEnd || text !== `${date}T23:59:59${offset}`) {
      wrong++;
      if (wrong < 5) t.fail(`${date}: ${new Date(end).toISOString()} / ${text}`);
    }
  }
  t.equal(wrong, 0, 'no day ends at the wrong instant or is written with the wrong offset');
});
