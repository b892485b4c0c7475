import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

export interface NoticeCardData {
  readonly title: string;
  readonly body: string;
  /** Adds the "Visa hjälp" button. */
  readonly showHelp?: boolean;
}

/** A short titled message, optionally with the help button. */
export function noticeCard(locale: Locale, data: NoticeCardData): AdaptiveCard {
  return expandCard('notice', {
    title: data.title,
    body: data.body,
    showHelp: data.showHelp === true,
    helpButton: text(locale, 'action.showHelp'),
  });
}
