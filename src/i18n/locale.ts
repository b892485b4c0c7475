export type Locale = 'sv' | 'en';

/** Picks the reply language for an activity's locale. */
export type LocaleResolver = (activityLocale: string | undefined | null) => Locale;

/** Swedish unless the client says English: the users are Swedish coordinators. */
export function localeOf(activityLocale: string | undefined | null): Locale {
  return typeof activityLocale === 'string' && /^en(\b|[-_])/i.test(activityLocale) ? 'en' : 'sv';
}

/**
 * The deployment's policy: follow the client, or always one language. The Agents Playground
 * always reports en-US, so local mode answers in Swedish unless told otherwise.
 */
export function localeResolver(forced: Locale | undefined): LocaleResolver {
  return forced === undefined ? localeOf : () => forced;
}
