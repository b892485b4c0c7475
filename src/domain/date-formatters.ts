/**
 * Intl.DateTimeFormat objects made once per locale and options, and reused: building one costs
 * tens of microseconds and native memory that the garbage collector is slow to give back, and
 * dates are formatted many times per card.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}
