import Holidays from 'date-holidays';
import { boundedCache } from './bounded-cache';

/**
 * Swedish working days: Monday to Friday, except public holidays and the eves that are days off
 * in practice (midsommarafton, julafton, nyårsafton, which date-holidays calls "bank" days).
 * Dates are calendar dates (YYYY-MM-DD) in Europe/Stockholm; no time-zone arithmetic happens here.
 */
const holidays = new Holidays('SE');
const daysOffByYear = new Map<number, ReadonlySet<string>>();

function daysOff(year: number): ReadonlySet<string> {
  let set = daysOffByYear.get(year);
  if (set === undefined) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    daysOffByYear.set(year, set);
  }
  return set;
}

export function isWorkingDay(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !daysOff(Number(isoDate.slice(0, 4))).has(isoDate);
}

function shift(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The date `n` working days after (n > 0) or before (n < 0) a date; n = 0 is the date itself. */
export function addWorkingDays(isoDate: string, n: number): string {
  return n === 0 ? isoDate : workingDaysFrom(`${isoDate}|${n}`);
}

/** A few years of dates and the rules' offsets; walked day by day once, then looked up. */
const workingDaysFrom = boundedCache(20_000, (key) => {
  const bar = key.lastIndexOf('|');
  return walkWorkingDays(key.slice(0, bar), Number(key.slice(bar + 1)));
});

function walkWorkingDays(isoDate: string, n: number): string {
  let date = isoDate;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    date = shift(date, step);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/**
 * How many working days after `from` the date `to` is: the working days in between, `to` counted
 * and `from` not; 0 when `to` is not later.
 */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let date = shift(from, 1); date <= to; date = shift(date, 1)) if (isWorkingDay(date)) n++;
  return n;
}

/** The first working day on or after a date. */
export function nextWorkingDayOnOrAfter(isoDate: string): string {
  return firstWorkingDayFrom(isoDate);
}

const firstWorkingDayFrom = boundedCache(20_000, (isoDate) => {
  let date = isoDate;
  while (!isWorkingDay(date)) date = shift(date, 1);
  return date;
});

/** Why a date is not a working day: a weekend day, or a holiday by its name in Swedish and English. */
export type DayOff = { readonly kind: 'weekend' } | { readonly kind: 'holiday'; readonly name: { readonly sv: string; readonly en: string } };

/**
 * Whether a date falls on a weekend or a Swedish holiday (including the eves that are days off),
 * so a form can ask before a meeting or a date is set on it. A holiday on a weekend is named.
 */
export function dayOff(isoDate: string): DayOff | undefined {
  if (isWorkingDay(isoDate)) return undefined;
  const year = Number(isoDate.slice(0, 4));
  const named = (lang: 'sv' | 'en') => holidays.getHolidays(year, lang).find((h) => h.date.slice(0, 10) === isoDate && (h.type === 'public' || h.type === 'bank'))?.name;
  const sv = named('sv');
  return sv === undefined ? { kind: 'weekend' } : { kind: 'holiday', name: { sv, en: named('en') ?? sv } };
}
