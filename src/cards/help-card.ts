import type { CommandDefinition } from '../bot/command-catalogue';
import type { Locale } from '../i18n/locale';
import { text } from '../i18n/texts';
import { expandCard, type AdaptiveCard } from './card-template';

/** Lists every command, Swedish words first (or English for English clients). */
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

function usageOf(c: CommandDefinition, locale: Locale): string {
  const words = locale === 'en' ? [c.en[0], c.sv[0]] : [c.sv[0], c.en[0]];
  const arg = c.argument === undefined ? '' : ` ${locale === 'en' ? c.argument.en : c.argument.sv}`;
  const [first, other] = words;
  return other !== undefined && other !== first ? `${first}${arg} (${other}${arg})` : `${first}${arg}`;
}
