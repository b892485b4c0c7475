import { dateTimeFormat } from './date-formatters';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone; 'sv-SE' formats dates as ISO. */
export function localDate(instant: Date, timeZone: string): string {
  // Called many times per case write: the formatter is looked up by zone, without building a key.
  let f = byZone.get(timeZone);
  if (f === undefined) {
    f = dateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    byZone.set(timeZone, f);
  }
  return f.format(instant);
}

const byZone = new Map<string, Intl.DateTimeFormat>();

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
