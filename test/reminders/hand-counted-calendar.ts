/*
 * The Swedish working-day calendar written out by hand, for tests that need an oracle the code
 * under test (src/domain/working-days.ts, which asks date-holidays) has no part in. Dates are
 * calendar dates (YYYY-MM-DD) in Stockholm.
 */

/** The years the list below covers; a date outside them has no hand-counted answer. */
export const FIRST_YEAR = 2025;
export const LAST_YEAR = 2029;

/**
 * Days off, year by year: the fixed holidays (nyårsdagen, trettondedag jul, första maj,
 * nationaldagen, juldagen, annandag jul) and eves off in practice (julafton, nyårsafton); Easter
 * (långfredagen, påskdagen, annandag påsk), Kristi himmelsfärdsdag (Easter + 39) and pingstdagen
 * (Easter + 49) from Easter Sunday (20 Apr 2025, 5 Apr 2026, 28 Mar 2027, 16 Apr 2028, 1 Apr 2029);
 * midsommarafton and midsommardagen (the Friday and Saturday between 19 and 26 June); alla
 * helgons dag (the Saturday between 31 Oct and 6 Nov). Valborg, trettondagsafton, skärtorsdagen,
 * allhelgonaafton and annandag pingst are working days.
 */
export const DAYS_OFF_BY_HAND: ReadonlySet<string> = new Set([
  ...['01-01', '01-06', '04-18', '04-20', '04-21', '05-01', '05-29', '06-06', '06-08', '06-20', '06-21', '11-01', '12-24', '12-25', '12-26', '12-31'].map((d) => `2025-${d}`),
  ...['01-01', '01-06', '04-03', '04-05', '04-06', '05-01', '05-14', '05-24', '06-06', '06-19', '06-20', '10-31', '12-24', '12-25', '12-26', '12-31'].map((d) => `2026-${d}`),
  ...['01-01', '01-06', '03-26', '03-28', '03-29', '05-01', '05-06', '05-16', '06-06', '06-25', '06-26', '11-06', '12-24', '12-25', '12-26', '12-31'].map((d) => `2027-${d}`),
  ...['01-01', '01-06', '04-14', '04-16', '04-17', '05-01', '05-25', '06-04', '06-06', '06-23', '06-24', '11-04', '12-24', '12-25', '12-26', '12-31'].map((d) => `2028-${d}`),
  ...['01-01', '01-06', '03-30', '04-01', '04-02', '05-01', '05-10', '05-20', '06-06', '06-22', '06-23', '11-03', '12-24', '12-25', '12-26', '12-31'].map((d) => `2029-${d}`),
]);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/** A calendar date plus (or minus) whole days. */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function coveredYear(date: string): void {
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new Error(`${date} is outside the hand-counted calendar (${FIRST_YEAR}–${LAST_YEAR}): add its year to DAYS_OFF_BY_HAND`);
}

/** Monday to Friday and not in the list. */
export function workingDayByHand(date: string): boolean {
  coveredYear(date);
  const day = weekdayOf(date);
  return day !== 0 && day !== 6 && !DAYS_OFF_BY_HAND.has(date);
}

/** Walks day by day from `date`, counting `n` working days forward (or back for n < 0). */
export function workingDaysFromByHand(date: string, n: number): string {
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = plusDays(d, n < 0 ? -1 : 1);
    if (workingDayByHand(d)) left--;
  }
  return d;
}

/** The date itself if it is a working day, else the next one. */
export function firstWorkingDayFromByHand(date: string): string {
  let d = date;
  while (!workingDayByHand(d)) d = plusDays(d, 1);
  return d;
}
