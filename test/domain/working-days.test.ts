import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, nextWorkingDayOnOrAfter } from '../../src/domain/working-days';
import {
  DAYS_OFF,
  FIRST_COVERED,
  LAST_COVERED,
  oracleAddWorkingDays,
  oracleIsWorkingDay,
  oracleNextWorkingDayOnOrAfter,
  plusDays,
  WORKING_LOOKALIKES,
  type DayOffName,
} from '../support/swedish-calendar';

describe('Swedish working days', () => {
  it.each([
    ['2026-11-23', true, 'an ordinary Monday'],
    ['2026-11-28', false, 'Saturday'],
    ['2026-11-29', false, 'Sunday'],
    ['2026-12-24', false, 'julafton'],
    ['2026-12-25', false, 'juldagen'],
    ['2026-12-31', false, 'nyårsafton'],
    ['2027-01-06', false, 'trettondedag jul'],
    ['2026-06-19', false, 'midsommarafton'],
    ['2026-06-06', false, 'nationaldagen (a Saturday anyway)'],
    ['2027-06-07', true, 'the Monday after nationaldagen 2027 (no substitute day in Sweden)'],
    ['2026-04-03', false, 'långfredagen'],
    ['2026-04-06', false, 'annandag påsk'],
    ['2026-05-14', false, 'Kristi himmelsfärdsdag'],
    ['2026-04-30', true, 'valborgsmässoafton is a working day'],
    ['2026-01-05', true, 'trettondagsafton is a working day'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('counts working days forward and backward across weekends and holidays', () => {
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-12-07', -10)).toBe('2026-11-23');
    // 23 Dec + 1 skips julafton, juldagen, annandag and the weekend.
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-30', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2027-01-04', -1)).toBe('2026-12-30');
  });

  it('finds the next working day', () => {
    expect(nextWorkingDayOnOrAfter('2026-12-24')).toBe('2026-12-28');
    expect(nextWorkingDayOnOrAfter('2026-11-23')).toBe('2026-11-23');
  });
});

/**
 * Regression cases for every day off, written from the almanac in test/support/swedish-calendar.ts,
 * never from date-holidays: a holiday the library drops, renames or retypes fails here by name.
 */
describe('every Swedish holiday and day-off eve, 2025–2029', () => {
  const NAMES: readonly DayOffName[] = [
    'nyårsdagen', 'trettondedag jul', 'långfredagen', 'påskdagen', 'annandag påsk', 'första maj', 'Kristi himmelsfärdsdag',
    'pingstdagen', 'nationaldagen', 'midsommarafton', 'midsommardagen', 'alla helgons dag', 'julafton', 'juldagen', 'annandag jul', 'nyårsafton',
  ];

  it.each(Object.entries(DAYS_OFF))('the table for %s names each day off once', (_year, days) => {
    expect(days.map(([, name]) => name).sort()).toEqual([...NAMES].sort());
  });

  it.each(Object.values(DAYS_OFF).flat())('%s (%s, a %s) is not a working day', (date) => {
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each(WORKING_LOOKALIKES)('%s (%s) is a working day', (date) => {
    expect(isWorkingDay(date)).toBe(true);
  });

  // Nationaldagen is a day off only when it falls on a weekday; these years cover Friday, Sunday,
  // Tuesday and Wednesday, and the day next to it stays a working day.
  it.each([
    ['2025-06-06', 'Friday', false],
    ['2025-06-05', 'Thursday before', true],
    ['2027-06-06', 'Sunday', false],
    ['2027-06-07', 'Monday after, no day in lieu', true],
    ['2028-06-06', 'Tuesday', false],
    ['2028-06-05', 'Monday before (annandag pingst)', true],
    ['2028-06-07', 'Wednesday after', true],
    ['2029-06-06', 'Wednesday', false],
    ['2029-06-05', 'Tuesday before', true],
    ['2029-06-07', 'Thursday after', true],
  ] as const)('nationaldagen: %s (%s) is a working day: %s', (date, _what, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  /**
   * One working day across each weekday day off, forward and back: [working day before, the
   * next working day after, the days skipped].
   */
  it.each([
    ['2024-12-30', '2025-01-02', 'Tue 31 nyårsafton, Wed 1 nyårsdagen'],
    ['2025-01-03', '2025-01-07', 'weekend, Mon 6 trettondedag jul'],
    ['2025-04-17', '2025-04-22', 'Fri 18 långfredagen, weekend, Mon 21 annandag påsk'],
    ['2025-04-30', '2025-05-02', 'Thu 1 första maj'],
    ['2025-05-28', '2025-05-30', 'Thu 29 Kristi himmelsfärdsdag (the Friday after works)'],
    ['2025-06-05', '2025-06-09', 'Fri 6 nationaldagen, weekend (Mon 9 annandag pingst works)'],
    ['2025-06-19', '2025-06-23', 'Fri 20 midsommarafton, weekend'],
    ['2025-12-23', '2025-12-29', 'Wed 24 julafton, Thu 25 juldagen, Fri 26 annandag jul, weekend'],
    ['2025-12-30', '2026-01-02', 'Wed 31 nyårsafton, Thu 1 nyårsdagen'],
    ['2026-01-05', '2026-01-07', 'Tue 6 trettondedag jul'],
    ['2026-04-02', '2026-04-07', 'Fri 3 långfredagen, weekend, Mon 6 annandag påsk'],
    ['2026-04-30', '2026-05-04', 'Fri 1 första maj, weekend'],
    ['2026-05-13', '2026-05-15', 'Thu 14 Kristi himmelsfärdsdag'],
    ['2026-06-18', '2026-06-22', 'Fri 19 midsommarafton, weekend'],
    ['2026-12-23', '2026-12-28', 'Thu 24 julafton, Fri 25 juldagen, weekend'],
    ['2026-12-30', '2027-01-04', 'Thu 31 nyårsafton, Fri 1 nyårsdagen, weekend'],
    ['2027-01-05', '2027-01-07', 'Wed 6 trettondedag jul'],
    ['2027-03-25', '2027-03-30', 'Fri 26 långfredagen, weekend, Mon 29 annandag påsk'],
    ['2027-04-30', '2027-05-03', 'weekend with första maj on the Saturday'],
    ['2027-05-05', '2027-05-07', 'Thu 6 Kristi himmelsfärdsdag'],
    ['2027-06-04', '2027-06-07', 'weekend with nationaldagen on the Sunday'],
    ['2027-06-24', '2027-06-28', 'Fri 25 midsommarafton, weekend'],
    ['2027-12-23', '2027-12-27', 'Fri 24 julafton, weekend with juldagen and annandag jul'],
    ['2027-12-30', '2028-01-03', 'Fri 31 nyårsafton, weekend with nyårsdagen'],
    ['2028-01-05', '2028-01-07', 'Thu 6 trettondedag jul'],
    ['2028-04-13', '2028-04-18', 'Fri 14 långfredagen, weekend, Mon 17 annandag påsk'],
    ['2028-04-28', '2028-05-02', 'weekend, Mon 1 första maj'],
    ['2028-05-24', '2028-05-26', 'Thu 25 Kristi himmelsfärdsdag'],
    ['2028-06-05', '2028-06-07', 'Tue 6 nationaldagen'],
    ['2028-06-22', '2028-06-26', 'Fri 23 midsommarafton, weekend'],
    ['2028-12-22', '2028-12-27', 'weekend with julafton, Mon 25 juldagen, Tue 26 annandag jul'],
    ['2028-12-29', '2029-01-02', 'weekend with nyårsafton, Mon 1 nyårsdagen'],
    ['2029-01-05', '2029-01-08', 'weekend with trettondedag jul on the Saturday'],
    ['2029-03-29', '2029-04-03', 'Fri 30 långfredagen, weekend, Mon 2 annandag påsk'],
    ['2029-04-30', '2029-05-02', 'Tue 1 första maj'],
    ['2029-05-09', '2029-05-11', 'Thu 10 Kristi himmelsfärdsdag'],
    ['2029-06-05', '2029-06-07', 'Wed 6 nationaldagen'],
    ['2029-06-21', '2029-06-25', 'Fri 22 midsommarafton, weekend'],
    ['2029-12-21', '2029-12-27', 'weekend, Mon 24 julafton, Tue 25 juldagen, Wed 26 annandag jul'],
  ])('%s + 1 working day is %s, and back (skipping %s)', (before, after) => {
    expect(addWorkingDays(before, 1)).toBe(after);
    expect(addWorkingDays(after, -1)).toBe(before);
  });

  it.each([
    ['2025-06-06', '2025-06-09', 'nationaldagen on a Friday'],
    ['2025-12-24', '2025-12-29', 'julafton on a Wednesday'],
    ['2026-06-19', '2026-06-22', 'midsommarafton'],
    ['2027-03-26', '2027-03-30', 'långfredagen'],
    ['2027-06-06', '2027-06-07', 'nationaldagen on a Sunday'],
    ['2027-12-24', '2027-12-27', 'julafton on a Friday'],
    ['2028-06-06', '2028-06-07', 'nationaldagen on a Tuesday'],
    ['2028-12-31', '2029-01-02', 'nyårsafton on a Sunday'],
  ])('the first working day on or after %s is %s (%s)', (date, expected) => {
    expect(nextWorkingDayOnOrAfter(date)).toBe(expected);
  });

  it('counts ten working days across Christmas and New Year', () => {
    // 21 Dec 2026 forward: 22, 23, (24–27), 28, 29, 30, (31, 1–3), 4, 5, (6), 7, 8, 11 January.
    expect(addWorkingDays('2026-12-21', 10)).toBe('2027-01-11');
    // 2025 across Easter and första maj: from Wed 16 April, 17, (18–21), 22, 23, 24, 25, 28, 29, 30, (1 May), 2, 5.
    expect(addWorkingDays('2025-04-16', 10)).toBe('2025-05-05');
  });
});

/** The same rule against the hand-written calendar, for any date of the five years. */
describe('Swedish working days against the hand-written calendar', () => {
  const allDays: string[] = [];
  for (let d = FIRST_COVERED; d <= LAST_COVERED; d = plusDays(d, 1)) allDays.push(d);

  it('agrees on every day of 2025–2029', () => {
    expect(allDays).toHaveLength(365 + 365 + 365 + 366 + 365);
    const disagreements = allDays.filter((d) => isWorkingDay(d) !== oracleIsWorkingDay(d));
    expect(disagreements).toEqual([]);
  });

  it('finds the same next working day from every day of 2025–2029', () => {
    // From Sat 29 December 2029 on, the next working day (2 January 2030) is past the written years.
    const inside = allDays.filter((d) => d < '2029-12-29');
    expect(inside.filter((d) => nextWorkingDayOnOrAfter(d) !== oracleNextWorkingDayOnOrAfter(d))).toEqual([]);
  });

  // An oracle that answered outside its years would be guessing: the calendar refuses instead.
  it.each([
    ['2024-12-31', () => oracleIsWorkingDay('2024-12-31')],
    ['2030-01-01', () => oracleIsWorkingDay('2030-01-01')],
    ['2024-12-31 + 0', () => oracleAddWorkingDays('2024-12-31', 0)],
    ['2030-01-01 + 0', () => oracleAddWorkingDays('2030-01-01', 0)],
    ['2029-12-28 + 1', () => oracleAddWorkingDays('2029-12-28', 1)],
    ['2025-01-02 − 1', () => oracleAddWorkingDays('2025-01-02', -1)],
    ['on or after 2029-12-29', () => oracleNextWorkingDayOnOrAfter('2029-12-29')],
  ] as const)('the hand-written calendar has no answer for %s', (_what, ask) => {
    expect(ask).toThrow(RangeError);
  });

  // Dates far enough from the ends that 40 working days (at most about 60 calendar days) stay inside.
  const dateArb = fc.integer({ min: 70, max: allDays.length - 71 }).map((i) => allDays[i] as string);

  it('adds and subtracts working days as a day-by-day walk does', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -40, max: 40 }), (date, n) => {
        expect(addWorkingDays(date, n)).toBe(oracleAddWorkingDays(date, n));
      }),
      {
        numRuns: 500,
        examples: [['2025-06-05', 1], ['2028-06-07', -1], ['2027-06-04', 1], ['2026-12-23', 5], ['2028-01-03', -3]],
      },
    );
  });
});
