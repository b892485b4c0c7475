/**
 * The Swedish calendar of 2025–2028, written out by hand from the almanac (Easter from the
 * church's table, checked against python-dateutil's easter(); weekdays checked against Python's
 * calendar), so tests of working days have an oracle that shares nothing with
 * src/domain/working-days.ts or date-holidays.
 *
 * The rule it encodes (docs/reminders.md): a working day is Monday to Friday, except the public
 * holidays (allmänna helgdagar, lag 1989:253) and the three eves that are days off in practice:
 * midsommarafton, julafton and nyårsafton. Other eves (trettondagsafton, skärtorsdagen,
 * valborgsmässoafton, allhelgonaafton) are working days, and so is annandag pingst (no longer a
 * holiday since 2005). A holiday on a weekend gives no day off in lieu.
 */

export type DayOffName =
  | 'nyårsdagen'
  | 'trettondedag jul'
  | 'långfredagen'
  | 'påskdagen'
  | 'annandag påsk'
  | 'första maj'
  | 'Kristi himmelsfärdsdag'
  | 'pingstdagen'
  | 'nationaldagen'
  | 'midsommarafton'
  | 'midsommardagen'
  | 'alla helgons dag'
  | 'julafton'
  | 'juldagen'
  | 'annandag jul'
  | 'nyårsafton';

/** Every public holiday and day-off eve, weekend ones too, with its weekday for the reader. */
export const DAYS_OFF: Readonly<Record<number, ReadonlyArray<readonly [date: string, name: DayOffName, weekday: string]>>> = {
  // Easter Sunday 20 April.
  2025: [
    ['2025-01-01', 'nyårsdagen', 'Wed'],
    ['2025-01-06', 'trettondedag jul', 'Mon'],
    ['2025-04-18', 'långfredagen', 'Fri'],
    ['2025-04-20', 'påskdagen', 'Sun'],
    ['2025-04-21', 'annandag påsk', 'Mon'],
    ['2025-05-01', 'första maj', 'Thu'],
    ['2025-05-29', 'Kristi himmelsfärdsdag', 'Thu'],
    ['2025-06-06', 'nationaldagen', 'Fri'],
    ['2025-06-08', 'pingstdagen', 'Sun'],
    ['2025-06-20', 'midsommarafton', 'Fri'],
    ['2025-06-21', 'midsommardagen', 'Sat'],
    ['2025-11-01', 'alla helgons dag', 'Sat'],
    ['2025-12-24', 'julafton', 'Wed'],
    ['2025-12-25', 'juldagen', 'Thu'],
    ['2025-12-26', 'annandag jul', 'Fri'],
    ['2025-12-31', 'nyårsafton', 'Wed'],
  ],
  // Easter Sunday 5 April.
  2026: [
    ['2026-01-01', 'nyårsdagen', 'Thu'],
    ['2026-01-06', 'trettondedag jul', 'Tue'],
    ['2026-04-03', 'långfredagen', 'Fri'],
    ['2026-04-05', 'påskdagen', 'Sun'],
    ['2026-04-06', 'annandag påsk', 'Mon'],
    ['2026-05-01', 'första maj', 'Fri'],
    ['2026-05-14', 'Kristi himmelsfärdsdag', 'Thu'],
    ['2026-05-24', 'pingstdagen', 'Sun'],
    ['2026-06-06', 'nationaldagen', 'Sat'],
    ['2026-06-19', 'midsommarafton', 'Fri'],
    ['2026-06-20', 'midsommardagen', 'Sat'],
    ['2026-10-31', 'alla helgons dag', 'Sat'],
    ['2026-12-24', 'julafton', 'Thu'],
    ['2026-12-25', 'juldagen', 'Fri'],
    ['2026-12-26', 'annandag jul', 'Sat'],
    ['2026-12-31', 'nyårsafton', 'Thu'],
  ],
  // Easter Sunday 28 March, the night summer time starts.
  2027: [
    ['2027-01-01', 'nyårsdagen', 'Fri'],
    ['2027-01-06', 'trettondedag jul', 'Wed'],
    ['2027-03-26', 'långfredagen', 'Fri'],
    ['2027-03-28', 'påskdagen', 'Sun'],
    ['2027-03-29', 'annandag påsk', 'Mon'],
    ['2027-05-01', 'första maj', 'Sat'],
    ['2027-05-06', 'Kristi himmelsfärdsdag', 'Thu'],
    ['2027-05-16', 'pingstdagen', 'Sun'],
    ['2027-06-06', 'nationaldagen', 'Sun'],
    ['2027-06-25', 'midsommarafton', 'Fri'],
    ['2027-06-26', 'midsommardagen', 'Sat'],
    ['2027-11-06', 'alla helgons dag', 'Sat'],
    ['2027-12-24', 'julafton', 'Fri'],
    ['2027-12-25', 'juldagen', 'Sat'],
    ['2027-12-26', 'annandag jul', 'Sun'],
    ['2027-12-31', 'nyårsafton', 'Fri'],
  ],
  // Easter Sunday 16 April.
  2028: [
    ['2028-01-01', 'nyårsdagen', 'Sat'],
    ['2028-01-06', 'trettondedag jul', 'Thu'],
    ['2028-04-14', 'långfredagen', 'Fri'],
    ['2028-04-16', 'påskdagen', 'Sun'],
    ['2028-04-17', 'annandag påsk', 'Mon'],
    ['2028-05-01', 'första maj', 'Mon'],
    ['2028-05-25', 'Kristi himmelsfärdsdag', 'Thu'],
    ['2028-06-04', 'pingstdagen', 'Sun'],
    ['2028-06-06', 'nationaldagen', 'Tue'],
    ['2028-06-23', 'midsommarafton', 'Fri'],
    ['2028-06-24', 'midsommardagen', 'Sat'],
    ['2028-11-04', 'alla helgons dag', 'Sat'],
    ['2028-12-24', 'julafton', 'Sun'],
    ['2028-12-25', 'juldagen', 'Mon'],
    ['2028-12-26', 'annandag jul', 'Tue'],
    ['2028-12-31', 'nyårsafton', 'Sun'],
  ],
};

/**
 * Weekdays that look like days off but are working days: the other eves, annandag pingst, and
 * the weekday after a holiday that fell on a weekend (Sweden gives no day in lieu).
 */
export const WORKING_LOOKALIKES: ReadonlyArray<readonly [date: string, what: string]> = [
  ['2025-04-17', 'skärtorsdagen'],
  ['2025-04-30', 'valborgsmässoafton'],
  ['2025-06-09', 'annandag pingst'],
  ['2025-10-31', 'allhelgonaafton'],
  ['2026-01-05', 'trettondagsafton'],
  ['2026-04-02', 'skärtorsdagen'],
  ['2026-04-30', 'valborgsmässoafton'],
  ['2026-05-25', 'annandag pingst'],
  ['2026-06-05', 'the Friday before nationaldagen on a Saturday'],
  ['2026-06-08', 'the Monday after nationaldagen on a Saturday'],
  ['2026-10-30', 'allhelgonaafton'],
  ['2026-12-28', 'the Monday after annandag jul on a Saturday'],
  ['2027-01-05', 'trettondagsafton'],
  ['2027-03-25', 'skärtorsdagen'],
  ['2027-04-30', 'valborgsmässoafton'],
  ['2027-05-03', 'the Monday after första maj on a Saturday'],
  ['2027-05-17', 'annandag pingst'],
  ['2027-06-07', 'the Monday after nationaldagen on a Sunday'],
  ['2027-11-05', 'allhelgonaafton'],
  ['2027-12-27', 'the Monday after juldagen and annandag jul on a weekend'],
  ['2028-01-03', 'the Monday after nyårsdagen on a Saturday'],
  ['2028-01-05', 'trettondagsafton'],
  ['2028-04-13', 'skärtorsdagen'],
  ['2028-06-05', 'annandag pingst, the day before nationaldagen'],
  ['2028-06-07', 'the day after nationaldagen'],
  ['2028-11-03', 'allhelgonaafton'],
  ['2028-12-27', 'the day after annandag jul'],
];

export const FIRST_COVERED = '2025-01-01';
export const LAST_COVERED = '2028-12-31';

const daysOff = new Set(Object.values(DAYS_OFF).flatMap((days) => days.map(([date]) => date)));

function covered(isoDate: string): void {
  if (isoDate < FIRST_COVERED || isoDate > LAST_COVERED) {
    throw new RangeError(`${isoDate} is outside the hand-written calendar (${FIRST_COVERED}–${LAST_COVERED})`);
  }
}

/** The next (step 1) or previous (step -1) calendar date. */
export function stepDay(isoDate: string, step: 1 | -1): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + step)).toISOString().slice(0, 10);
}

/** Monday to Friday and not in DAYS_OFF; throws outside the written years rather than guess. */
export function oracleIsWorkingDay(isoDate: string): boolean {
  covered(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !daysOff.has(isoDate);
}

/** Walks one calendar day at a time, counting only working days. */
export function oracleAddWorkingDays(isoDate: string, n: number): string {
  let date = isoDate;
  let counted = 0;
  while (counted < Math.abs(n)) {
    date = stepDay(date, n < 0 ? -1 : 1);
    if (oracleIsWorkingDay(date)) counted++;
  }
  return date;
}

export function oracleNextWorkingDayOnOrAfter(isoDate: string): string {
  let date = isoDate;
  while (!oracleIsWorkingDay(date)) date = stepDay(date, 1);
  return date;
}
