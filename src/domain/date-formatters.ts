/**
 * The ways the bot writes dates, by name. A formatter is made once per locale, style and zone and
 * reused: building an Intl.DateTimeFormat costs tens of microseconds and native memory that the
 * garbage collector is slow to give back, and dates are formatted many times per card. The key is
 * three names joined, cheap to build on every call.
 */
const STYLES = {
  /** 2026-11-29 in sv-SE. */
  isoDate: { year: 'numeric', month: '2-digit', day: '2-digit' },
  /** 29 nov. 2026 18:30. */
  dateTime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** 29 november 2026. */
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
  /** sön 29 nov. 2026. */
  weekdayDate: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  /** 18:30. */
  time: { hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof STYLES;

const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone });
    formatters.set(key, f);
  }
  return f;
}
