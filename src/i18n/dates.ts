import { dateTimeFormat } from '../domain/date-formatters';
import type { Locale } from './locale';

const tag = (locale: Locale) => (locale === 'sv' ? 'sv-SE' : 'en-GB');

/** "23 nov. 2026 10:41" in the deployment's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return dateTimeFormat(tag(locale), 'dateTime', timeZone).format(new Date(iso));
}

/** "30 juni 2027" for a calendar date (YYYY-MM-DD), which has no time zone of its own. */
export function formatDate(isoDate: string, locale: Locale): string {
  return dateTimeFormat(tag(locale), 'longDate', 'UTC').format(new Date(`${isoDate}T00:00:00Z`));
}
