import { DateTime } from 'luxon';
import { boundedCache } from './bounded-cache';

/**
 * The UTC instant of a wall-clock date and time in a zone, or undefined when the input is not a
 * real date and time. A time that does not exist (the hour skipped when summer time starts) is
 * moved forward, as a clock on the wall would be.
 */
export function zonedToUtc(isoDate: string, time: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  return converted(`${isoDate}T${time}|${timeZone}`);
}

/**
 * A zone's offset is looked up through Intl on every conversion, the biggest cost of reminder
 * rules run on every case write; the same few dates and office hours recur, so answers are kept
 * (the time-zone data does not change while the process runs).
 */
const converted = boundedCache(20_000, (key) => {
  const bar = key.indexOf('|');
  const local = DateTime.fromISO(key.slice(0, bar), { zone: key.slice(bar + 1) });
  return local.isValid ? (local.toUTC().toISO({ suppressMilliseconds: false }) ?? undefined) : undefined;
});

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function utcToZoned(isoInstant: string, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(timeZone);
  return { date: local.toFormat('yyyy-LL-dd'), time: local.toFormat('HH:mm') };
}
