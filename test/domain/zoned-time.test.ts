import fc from 'fast-check';
import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isIsoDate, localDate } from '../../src/domain/calendar-date';
import { utcToZoned, zonedToUtc } from '../../src/domain/zoned-time';

const TZ = 'Europe/Stockholm';

describe('wall-clock time in Europe/Stockholm', () => {
  it('converts winter (UTC+1) and summer (UTC+2) times', () => {
    expect(zonedToUtc('2026-12-07', '13:00', TZ)).toBe('2026-12-07T12:00:00.000Z');
    expect(zonedToUtc('2026-06-15', '13:00', TZ)).toBe('2026-06-15T11:00:00.000Z');
  });

  it('handles the daylight-saving change days', () => {
    // 29 March 2026: 02:00 → 03:00. 01:30 is still winter time; 03:30 already summer time.
    expect(zonedToUtc('2026-03-29', '01:30', TZ)).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedToUtc('2026-03-29', '03:30', TZ)).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 does not exist that night; it is moved forward an hour.
    expect(zonedToUtc('2026-03-29', '02:30', TZ)).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 → 02:00.
    expect(zonedToUtc('2026-10-25', '12:00', TZ)).toBe('2026-10-25T11:00:00.000Z');
  });

  it('refuses what is not a date or a time', () => {
    expect(zonedToUtc('2026-02-30', '10:00', TZ)).toBeUndefined();
    expect(zonedToUtc('2026-11-23', '25:00', TZ)).toBeUndefined();
    expect(zonedToUtc('23/11/2026', '10:00', TZ)).toBeUndefined();
    expect(zonedToUtc('2026-11-23', '10.00', TZ)).toBeUndefined();
  });

  it('takes only YYYY-MM-DD and HH:MM, though luxon would read more', () => {
    // Luxon reads seconds ("T10:00:30"), a basic-format time ("T1000") and a six-digit year
    // ("+002026-11-23"), each as a valid time; the form fields hold none of these.
    expect(zonedToUtc('2026-11-23', '10:00:30', TZ)).toBeUndefined();
    expect(zonedToUtc('2026-11-23', '1000', TZ)).toBeUndefined();
    expect(zonedToUtc('+002026-11-23', '10:00', TZ)).toBeUndefined();
  });

  it('reads an instant written without an offset as UTC, whatever zone luxon defaults to', () => {
    const saved = Settings.defaultZone;
    Settings.defaultZone = 'Asia/Tokyo';
    try {
      // 11:00 UTC on 15 June is 13:00 summer time in Stockholm (read in Tokyo it would be 04:00).
      expect(utcToZoned('2026-06-15T11:00:00', TZ)).toEqual({ date: '2026-06-15', time: '13:00' });
    } finally {
      Settings.defaultZone = saved;
    }
  });

  it('converts back for display', () => {
    expect(utcToZoned('2026-06-15T11:00:00.000Z', TZ)).toEqual({ date: '2026-06-15', time: '13:00' });
    expect(utcToZoned('2026-12-31T23:30:00.000Z', TZ)).toEqual({ date: '2027-01-01', time: '00:30' });
  });
});

/**
 * Both daylight-saving changes of 2025–2028, written out by hand. The EU rule: summer time
 * (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 * Last Sundays of March: 30 (2025), 29 (2026), 28 (2027, also påskdagen), 26 (2028).
 * Last Sundays of October: 26 (2025), 25 (2026), 31 (2027), 29 (2028).
 */
describe('the daylight-saving change days, 2025–2028', () => {
  // [wall date, wall time, UTC instant]: the hour from 02:00 does not exist in spring and is moved
  // forward to summer time; in autumn 02:00–02:59 comes twice and is read as the second time
  // (winter time), as luxon resolves it; a change of that choice should be seen, not slip through.
  it.each([
    // 2025, spring: Sunday 30 March.
    ['2025-03-29', '08:00', '2025-03-29T07:00:00.000Z'],
    ['2025-03-30', '01:59', '2025-03-30T00:59:00.000Z'],
    ['2025-03-30', '02:00', '2025-03-30T01:00:00.000Z'],
    ['2025-03-30', '02:30', '2025-03-30T01:30:00.000Z'],
    ['2025-03-30', '03:00', '2025-03-30T01:00:00.000Z'],
    ['2025-03-31', '08:00', '2025-03-31T06:00:00.000Z'],
    // 2025, autumn: Sunday 26 October.
    ['2025-10-25', '08:00', '2025-10-25T06:00:00.000Z'],
    ['2025-10-26', '01:59', '2025-10-25T23:59:00.000Z'],
    ['2025-10-26', '02:30', '2025-10-26T01:30:00.000Z'],
    ['2025-10-26', '03:00', '2025-10-26T02:00:00.000Z'],
    ['2025-10-27', '08:00', '2025-10-27T07:00:00.000Z'],
    // 2026, spring: Sunday 29 March.
    ['2026-03-28', '08:00', '2026-03-28T07:00:00.000Z'],
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['2026-03-30', '08:00', '2026-03-30T06:00:00.000Z'],
    // 2026, autumn: Sunday 25 October.
    ['2026-10-24', '08:00', '2026-10-24T06:00:00.000Z'],
    ['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
    ['2026-10-25', '02:30', '2026-10-25T01:30:00.000Z'],
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['2026-10-26', '08:00', '2026-10-26T07:00:00.000Z'],
    // 2027, spring: Sunday 28 March.
    ['2027-03-27', '08:00', '2027-03-27T07:00:00.000Z'],
    ['2027-03-28', '01:59', '2027-03-28T00:59:00.000Z'],
    ['2027-03-28', '02:30', '2027-03-28T01:30:00.000Z'],
    ['2027-03-28', '03:00', '2027-03-28T01:00:00.000Z'],
    ['2027-03-29', '08:00', '2027-03-29T06:00:00.000Z'],
    // 2027, autumn: Sunday 31 October.
    ['2027-10-30', '08:00', '2027-10-30T06:00:00.000Z'],
    ['2027-10-31', '01:59', '2027-10-30T23:59:00.000Z'],
    ['2027-10-31', '02:30', '2027-10-31T01:30:00.000Z'],
    ['2027-10-31', '03:00', '2027-10-31T02:00:00.000Z'],
    ['2027-11-01', '08:00', '2027-11-01T07:00:00.000Z'],
    // 2028, spring: Sunday 26 March.
    ['2028-03-25', '08:00', '2028-03-25T07:00:00.000Z'],
    ['2028-03-26', '01:59', '2028-03-26T00:59:00.000Z'],
    ['2028-03-26', '02:30', '2028-03-26T01:30:00.000Z'],
    ['2028-03-26', '03:00', '2028-03-26T01:00:00.000Z'],
    ['2028-03-27', '08:00', '2028-03-27T06:00:00.000Z'],
    // 2028, autumn: Sunday 29 October.
    ['2028-10-28', '08:00', '2028-10-28T06:00:00.000Z'],
    ['2028-10-29', '01:59', '2028-10-28T23:59:00.000Z'],
    ['2028-10-29', '02:30', '2028-10-29T01:30:00.000Z'],
    ['2028-10-29', '03:00', '2028-10-29T02:00:00.000Z'],
    ['2028-10-30', '08:00', '2028-10-30T07:00:00.000Z'],
  ])('%s %s in Stockholm is %s', (date, time, utc) => {
    expect(zonedToUtc(date, time, TZ)).toBe(utc);
  });

  // [UTC instant, wall date, wall time]: the clock jumps from 01:59 to 03:00 in spring, and shows
  // 02:00–02:59 twice in autumn.
  it.each([
    ['2025-03-30T00:59:00.000Z', '2025-03-30', '01:59'],
    ['2025-03-30T01:00:00.000Z', '2025-03-30', '03:00'],
    ['2025-10-26T00:30:00.000Z', '2025-10-26', '02:30'],
    ['2025-10-26T01:30:00.000Z', '2025-10-26', '02:30'],
    ['2026-03-29T00:59:00.000Z', '2026-03-29', '01:59'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29', '03:00'],
    ['2026-10-25T00:59:00.000Z', '2026-10-25', '02:59'],
    ['2026-10-25T01:00:00.000Z', '2026-10-25', '02:00'],
    ['2027-03-28T00:59:00.000Z', '2027-03-28', '01:59'],
    ['2027-03-28T01:00:00.000Z', '2027-03-28', '03:00'],
    ['2027-10-31T00:30:00.000Z', '2027-10-31', '02:30'],
    ['2027-10-31T01:30:00.000Z', '2027-10-31', '02:30'],
    ['2028-03-26T00:59:00.000Z', '2028-03-26', '01:59'],
    ['2028-03-26T01:00:00.000Z', '2028-03-26', '03:00'],
    ['2028-10-29T00:30:00.000Z', '2028-10-29', '02:30'],
    ['2028-10-29T01:30:00.000Z', '2028-10-29', '02:30'],
  ])('%s shows as %s %s in Stockholm', (utc, date, time) => {
    expect(utcToZoned(utc, TZ)).toEqual({ date, time });
  });

  // [UTC instant, Stockholm date]: midnight is 23:00 UTC in winter and 22:00 UTC in summer.
  it.each([
    ['2025-03-29T22:59:00.000Z', '2025-03-29'],
    ['2025-03-29T23:00:00.000Z', '2025-03-30'],
    ['2025-03-30T21:59:00.000Z', '2025-03-30'],
    ['2025-03-30T22:00:00.000Z', '2025-03-31'],
    ['2025-10-25T21:59:00.000Z', '2025-10-25'],
    ['2025-10-25T22:00:00.000Z', '2025-10-26'],
    ['2025-10-26T22:59:00.000Z', '2025-10-26'],
    ['2025-10-26T23:00:00.000Z', '2025-10-27'],
    ['2026-03-28T23:00:00.000Z', '2026-03-29'],
    ['2026-03-29T22:00:00.000Z', '2026-03-30'],
    ['2026-10-24T22:00:00.000Z', '2026-10-25'],
    ['2026-10-25T23:00:00.000Z', '2026-10-26'],
    ['2027-03-27T22:59:00.000Z', '2027-03-27'],
    ['2027-03-28T21:59:00.000Z', '2027-03-28'],
    ['2027-10-30T22:00:00.000Z', '2027-10-31'],
    ['2027-10-31T22:59:00.000Z', '2027-10-31'],
    ['2028-03-25T23:00:00.000Z', '2028-03-26'],
    ['2028-03-26T22:00:00.000Z', '2028-03-27'],
    ['2028-10-28T21:59:00.000Z', '2028-10-28'],
    ['2028-10-29T23:00:00.000Z', '2028-10-30'],
  ])('%s falls on %s in Stockholm', (utc, date) => {
    expect(localDate(new Date(utc), TZ)).toBe(date);
    expect(utcToZoned(utc, TZ).date).toBe(date);
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2028-02-29', true, '2028 is a leap year'],
    ['2027-02-29', false, '2027 is not'],
    ['2000-02-29', true, 'divisible by 400'],
    ['2100-02-29', false, 'divisible by 100, not by 400'],
    ['2026-04-31', false, 'April has 30 days'],
    ['2026-12-31', true, 'last day of the year'],
    ['2026-13-01', false, 'month 13'],
    ['2026-00-10', false, 'month 0'],
    ['2026-1-10', false, 'not zero-padded'],
    // Date reads a six-digit year and month and writes the same ten characters back.
    ['+010000-01', false, 'the year 10000, January: not YYYY-MM-DD'],
  ] as const)('%s: %s (%s)', (value, expected, _reason) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

/**
 * Stockholm's offset from the EU rule and the change days above, without a time-zone library:
 * UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
 */
const CHANGE_DAYS: Readonly<Record<number, readonly [march: number, october: number]>> = {
  2025: [30, 26],
  2026: [29, 25],
  2027: [28, 31],
  2028: [26, 29],
};

function offsetHours(utcMs: number): 1 | 2 {
  const year = new Date(utcMs).getUTCFullYear();
  const [march, october] = CHANGE_DAYS[year] ?? [NaN, NaN];
  return utcMs >= Date.UTC(year, 2, march, 1) && utcMs < Date.UTC(year, 9, october, 1) ? 2 : 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const wall = (ms: number): { date: string; time: string } => {
  const d = new Date(ms);
  return { date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
};
const HOUR = 3_600_000;

/** Minutes of 2025-01-02 to 2028-12-30 (UTC), so both the instant and its wall time stay inside the table. */
const minuteArb = fc
  .integer({ min: Date.UTC(2025, 0, 2) / 60_000, max: Date.UTC(2028, 11, 30) / 60_000 })
  .map((minutes) => minutes * 60_000);

describe('wall-clock time against the EU summer-time rule', () => {
  it('shows any instant of 2025–2028 at UTC plus the offset of the day', () => {
    fc.assert(
      fc.property(minuteArb, (utcMs) => {
        const expected = wall(utcMs + offsetHours(utcMs) * HOUR);
        const utc = new Date(utcMs).toISOString();
        expect(utcToZoned(utc, TZ)).toEqual(expected);
        expect(localDate(new Date(utcMs), TZ)).toBe(expected.date);
      }),
      { numRuns: 200, examples: [[Date.UTC(2027, 2, 28, 1)], [Date.UTC(2027, 9, 31, 0, 59)], [Date.UTC(2028, 9, 28, 22)]] },
    );
  });

  it('reads any wall time of 2025–2028 as the instant it names, the skipped hour forward and the repeated one as winter time', () => {
    fc.assert(
      fc.property(minuteArb, (wallMs) => {
        // A wall time is UTC+1 or UTC+2; it is real when the offset at that instant agrees.
        const winter = wallMs - HOUR;
        const summer = wallMs - 2 * HOUR;
        const winterReal = offsetHours(winter) === 1;
        const summerReal = offsetHours(summer) === 2;
        // Neither real: the skipped spring hour, moved forward, which is the winter reading too.
        // Both real: the repeated autumn hour, read as winter time.
        const expected = summerReal && !winterReal ? summer : winter;
        const { date, time } = wall(wallMs);
        expect(zonedToUtc(date, time, TZ)).toBe(new Date(expected).toISOString());
      }),
      {
        numRuns: 300,
        // The first minutes of each hour that is skipped or repeated, and the minutes either side.
        examples: [[Date.UTC(2026, 2, 29, 2)], [Date.UTC(2026, 2, 29, 1, 59)], [Date.UTC(2026, 9, 25, 2)], [Date.UTC(2026, 9, 25, 3)], [Date.UTC(2028, 9, 29, 2, 59)]],
      },
    );
  });
});
