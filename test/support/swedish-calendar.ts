/**
 * The Swedish calendar of 2025–2029, written out by hand from the almanac (Easter from the
 * church's table, checked against `ncal -e`; weekdays checked against `cal`), so tests of working
 * days and reminders have an oracle that shares nothing with src/domain/working-days.ts or
 * date-holidays. Dates are calendar dates (YYYY-MM-DD) in Stockholm.
 *
 * The rule it encodes (docs/reminders.md): a working day is Monday to Friday, except the public
 * holidays (allmänna helgdagar, lag 1989:253) and the three eves that are days off in practice:
 * midsommarafton, julafton and nyårsafton. Other eves (trettondagsafton, skärtorsdagen,
 * valborgsmässoafton, allhelgonaafton) are working days, and so is annandag pingst (no longer a
 * holiday since 2005). A holiday on a weekend gives no day off in lieu.
 *
 * How each year's dates follow: the fixed days (1 and 6 January, 1 May, 6 June, 24–26 and 31
 * December); långfredagen, påskdagen and annandag påsk around Easter Sunday, Kristi
 * himmelsfärdsdag 39 and pingstdagen 49 days after it; midsommarafton the Friday between 19 and
 * 25 June and midsommardagen the day after; alla helgons dag the Saturday between 31 October and
 * 6 November. A date outside these years has no hand-counted answer: every helper throws rather
 * than guess.
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
  // Easter Sunday 1 April.
  2029: [
    ['2029-01-01', 'nyårsdagen', 'Mon'],
    ['2029-01-06', 'trettondedag jul', 'Sat'],
    ['2029-03-30', 'långfredagen', 'Fri'],
    ['2029-04-01', 'påskdagen', 'Sun'],
    ['2029-04-02', 'annandag påsk', 'Mon'],
    ['2029-05-01', 'första maj', 'Tue'],
    ['2029-05-10', 'Kristi himmelsfärdsdag', 'Thu'],
    ['2029-05-20', 'pingstdagen', 'Sun'],
    ['2029-06-06', 'nationaldagen', 'Wed'],
    ['2029-06-22', 'midsommarafton', 'Fri'],
    ['2029-06-23', 'midsommardagen', 'Sat'],
    ['2029-11-03', 'alla helgons dag', 'Sat'],
    ['2029-12-24', 'julafton', 'Mon'],
    ['2029-12-25', 'juldagen', 'Tue'],
    ['2029-12-26', 'annandag jul', 'Wed'],
    ['2029-12-31', 'nyårsafton', 'Mon'],
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
  ['2029-01-05', 'trettondagsafton'],
  ['2029-01-08', 'the Monday after trettondedag jul on a Saturday'],
  ['2029-03-29', 'skärtorsdagen'],
  ['2029-04-30', 'valborgsmässoafton, the day before första maj'],
  ['2029-05-11', 'the Friday after Kristi himmelsfärdsdag'],
  ['2029-05-21', 'annandag pingst'],
  ['2029-11-02', 'allhelgonaafton'],
  ['2029-12-27', 'the day after annandag jul'],
];

export const FIRST_COVERED = '2025-01-01';
export const LAST_COVERED = '2029-12-31';

const daysOff = new Set(Object.values(DAYS_OFF).flatMap((days) => days.map(([date]) => date)));

function covered(isoDate: string): void {
  if (!(isoDate >= FIRST_COVERED && isoDate <= LAST_COVERED)) {
    throw new RangeError(`${isoDate} is outside the hand-written calendar (${FIRST_COVERED}–${LAST_COVERED}): add its year to DAYS_OFF`);
  }
}

/** A calendar date plus (or minus) whole days. */
export function plusDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Monday to Friday and not in DAYS_OFF. */
export function oracleIsWorkingDay(isoDate: string): boolean {
  covered(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !daysOff.has(isoDate);
}

/** Walks one calendar day at a time from `isoDate`, counting `n` working days forward (or back for n < 0). */
export function oracleAddWorkingDays(isoDate: string, n: number): string {
  // Checked here too, or adding 0 days to an uncovered date would answer without a calendar.
  covered(isoDate);
  let date = isoDate;
  let counted = 0;
  while (counted < Math.abs(n)) {
    date = plusDays(date, n < 0 ? -1 : 1);
    if (oracleIsWorkingDay(date)) counted++;
  }
  return date;
}

/** The date itself if it is a working day, else the next one. */
export function oracleNextWorkingDayOnOrAfter(isoDate: string): string {
  let date = isoDate;
  while (!oracleIsWorkingDay(date)) date = plusDays(date, 1);
  return date;
}
