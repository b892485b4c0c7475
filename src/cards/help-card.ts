import type { CommandDefinition } from '../bot/command-catalogue';
import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

/** Lists every command: its Swedish words, or for English clients the English ones with the Swedish alias. */
export function helpCard(locale: Locale, commands: readonly CommandDefinition[]): AdaptiveCard {
  return expandCard('help', {
    title: text(locale, 'help.title'),
    intro: text(locale, 'help.intro'),
    privacy: text(locale, 'help.privacy'),
    commands: commands.map((c) => ({
      usage: usageOf(c, locale),
      description: locale === 'en' ? c.descriptionEn : c.descriptionSv,
    })),
  });
}

/**
 * "ärende KOD" in Swedish help; "case CODE (ärende CODE)" in English, since the Swedish words work
 * in every language and English readers meet them on their colleagues' cards.
 */
function usageOf(c: CommandDefinition, locale: Locale): string {
  if (locale === 'sv') return `${c.sv[0]}${c.argument === undefined ? '' : ` ${c.argument.sv}`}`;
  const arg = c.argument === undefined ? '' : ` ${c.argument.en}`;
  const [first, other] = [c.en[0], c.sv[0]];
  return other !== undefined && other !== first ? `${first}${arg} (${other}${arg})` : `${first}${arg}`;
}
