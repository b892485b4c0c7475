import { isIsoDate } from '../domain/calendar-date';
import { dayOff } from '../domain/working-days';
import { formatDate } from '../i18n/dates';
import { fill } from '../i18n/format';
import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';

/**
 * What a form asks before it keeps a date on a weekend or a Swedish holiday ("19 december 2026 är
 * en lördag …"), or undefined when it may go ahead: a working day, a date the form already
 * asked about (the card sends it back as `confirmedDay`), or no valid date at all (the domain
 * names that problem). Needs no read of the case: a handler reads it only when there is a
 * question, to let a date that is already stored pass.
 */
export function dayOffQuestion(locale: Locale, typed: string | undefined, confirmedDay: string | undefined, button: string): string | undefined {
  const date = typed?.trim();
  if (date === undefined || !isIsoDate(date) || date === confirmedDay) return undefined;
  const off = dayOff(date);
  if (off === undefined) return undefined;
  const what =
    off.kind === 'holiday'
      ? off.name[locale]
      : fill(text(locale, 'dayOff.weekday'), { day: new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`)) });
  return fill(text(locale, 'dayOff.question'), { date: formatDate(date, locale), what, button });
}

