import { dateTimeFormat } from '../domain/date-formatters';
import type { Locale } from './locale';

const tag = (locale: Locale) => (locale === 'sv' ? 'sv-SE' : 'en-GB');

/** "23 nov. 2026 10:41" in the deployment's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return dateTimeFormat(tag(locale), { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "30 juni 2027" for a calendar date (YYYY-MM-DD), which has no time zone of its own. */
export function formatDate(isoDate: string, locale: Locale): string {
  return dateTimeFormat(tag(locale), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}
