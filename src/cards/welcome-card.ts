import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

/** Welcome card sent when the bot is installed for a user or added to a group chat. */
export function welcomeCard(locale: Locale, place: 'personal' | 'groupChat'): AdaptiveCard {
  return expandCard('welcome', {
    title: text(locale, 'welcome.title'),
    body: text(locale, place === 'groupChat' ? 'welcome.groupBody' : 'welcome.body'),
    privacy: text(locale, 'welcome.privacy'),
    next: text(locale, 'welcome.next'),
    helpButton: text(locale, 'action.showHelp'),
  });
}
