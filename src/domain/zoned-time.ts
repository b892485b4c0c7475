import { DateTime } from 'luxon';

/**
 * The UTC instant of a wall-clock date and time in a zone, or undefined when the input is not a
 * real date and time. A time that does not exist (the hour skipped when summer time starts) is
 * moved forward, as a clock on the wall would be.
 */
export function zonedToUtc(isoDate: string, time: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const local = DateTime.fromISO(`${isoDate}T${time}`, { zone: timeZone });
  if (!local.isValid) return undefined;
  return local.toUTC().toISO({ suppressMilliseconds: false }) ?? undefined;
}

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function utcToZoned(isoInstant: string, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(timeZone);
  return { date: local.toFormat('yyyy-LL-dd'), time: local.toFormat('HH:mm') };
}
