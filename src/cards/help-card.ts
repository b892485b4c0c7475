import type { CommandDefinition } from '../bot/command-catalogue';
import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

/** Lists every command: its Swedish words, or for English clients the English ones with the Swedish alias. */
export function helpCard(locale: Locale, commands: readonly CommandDefinition[]): AdaptiveCard {
  return expandCard('help', {
    title: text(locale, 'help.title'),
    intro: text(locale, 'help.intro'),
    codeExample: text(locale, 'help.codeExample'),
    privacy: text(locale, 'help.privacy'),
    // The commands that need no case code can be run from here; the others need the code typed.
    buttons: commands.filter((c) => c.argument === undefined && c.id !== 'help').map((c) => ({ title: commandWords(c, locale), text: commandWords(c, locale) })),
    commands: commands.map((c) => ({
      usage: usageOf(c, locale),
      description: locale === 'en' ? c.descriptionEn : c.descriptionSv,
    })),
  });
}

/** "ärende KOD" in Swedish help, "case CODE" in English: each help in its own language. */
function usageOf(c: CommandDefinition, locale: Locale): string {
  const arg = c.argument === undefined ? '' : ` ${locale === 'en' ? c.argument.en : c.argument.sv}`;
  return `${commandWords(c, locale)}${arg}`;
}

function commandWords(c: CommandDefinition, locale: Locale): string {
  return (locale === 'en' ? c.en[0] : c.sv[0]) ?? c.sv[0]!;
}
