import { DateTime } from 'luxon';

/**
 * The UTC instant of a wall-clock date and time in a zone, or undefined when the input is not a
 * real date and time. A time that does not exist (the hour skipped when summer time starts) is
 * moved forward, as a clock on the wall would be.
 */
export function zonedToUtc(isoDate: string, time: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const key = `${isoDate}T${time}|${timeZone}`;
  if (known.has(key)) return known.get(key);
  const local = DateTime.fromISO(`${isoDate}T${time}`, { zone: timeZone });
  const utc = local.isValid ? (local.toUTC().toISO({ suppressMilliseconds: false }) ?? undefined) : undefined;
  // A zone's offset is looked up through Intl on every conversion, the biggest cost of reminder
  // rules run on every case write; the same few dates and office hours recur, so answers are kept.
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(key, utc);
  return utc;
}

/** Conversions already made; the time-zone data does not change while the process runs. */
const known = new Map<string, string | undefined>();
/** Bounded, so odd inputs cannot grow it without end: a few years of dates and times. */
const MAX_KNOWN = 20_000;

/** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function utcToZoned(isoInstant: string, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromISO(isoInstant, { zone: 'utc' }).setZone(timeZone);
  return { date: local.toFormat('yyyy-LL-dd'), time: local.toFormat('HH:mm') };
}
