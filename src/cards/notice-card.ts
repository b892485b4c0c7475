import type { Locale } from '../i18n/locale';
import { caseText } from '../i18n/case-texts';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

export interface NoticeCardData {
  readonly title: string;
  readonly body: string;
  /** Adds the "Visa hjälp" button. */
  readonly showHelp?: boolean;
  /** Adds an "Öppna ärendet" button for this case code. */
  readonly openCode?: string;
  /** Adds a button that runs this command, e.g. the one a typo was close to. */
  readonly suggest?: { readonly title: string; readonly text: string };
}

/** A short titled message, optionally with the help button or a button to a case. */
export function noticeCard(locale: Locale, data: NoticeCardData): AdaptiveCard {
  return expandCard('notice', {
    title: data.title,
    body: data.body,
    showHelp: data.showHelp === true,
    helpButton: text(locale, 'action.showHelp'),
    openCode: data.openCode ?? '',
    suggestText: data.suggest?.text ?? '',
    suggestButton: data.suggest?.title ?? '',
    openButton: caseText(locale, 'action.openCase'),
  });
}
