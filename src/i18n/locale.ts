export type Locale = 'sv' | 'en';

/** Swedish unless the client says English: the users are Swedish coordinators. */
export function localeOf(activityLocale: string | undefined | null): Locale {
  return typeof activityLocale === 'string' && /^en(\b|[-_])/i.test(activityLocale) ? 'en' : 'sv';
}
