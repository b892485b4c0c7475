import { boundedCache } from './bounded-cache';
import { dateTimeFormat } from './date-formatters';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return dateOf(`${instant.getTime()}|${timeZone}`);
}

/**
 * Called many times per case write, mostly for the same few instants (when the case was opened,
 * consent recorded, a meeting booked); 'sv-SE' formats dates as ISO.
 */
const dateOf = boundedCache(20_000, (key) => {
  const bar = key.indexOf('|');
  const timeZone = key.slice(bar + 1);
  return dateTimeFormat('sv-SE', 'isoDate', timeZone).format(Number(key.slice(0, bar)));
});

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
