import type { Locale } from './locale';

/**
 * All user-facing text other than errors (see errors.ts). Swedish is the source; the English
 * table must have exactly the same keys, which the type below enforces.
 */
const sv = {
  'welcome.title': 'Välkommen till Samordningsboten',
  'welcome.body':
    'Jag hjälper er som samordnar insatser i region och kommun att arbeta enligt basnivå i samverkan, planera och följa upp SIP-möten (i SIP-ärenden och i vård- och stödsamordning) och komma ihåg det som ska göras.',
  'welcome.privacy': 'Skriv aldrig personnummer eller namn på personen ni samordnar insatser för. Ett ärende har en ärendekod och högst initialer eller en egen kortbeteckning.',
  'welcome.groupBody': 'Här kan ni som samordnar tillsammans dela ärendekortet, så att alla ser samma läge.',
  'welcome.next': 'Skriv **hjälp** för att se vad du kan göra.',
  'help.title': 'Det här kan jag',
  'help.intro': 'Skriv ett kommando här i chatten. Stora eller små bokstäver spelar ingen roll, och i en gruppchatt kan du nämna mig med @. ”Ärende” är botens ord för ert gemensamma arbete kring en person, inte ett ärende enligt socialtjänstlagen.',
  'help.command': 'Kommando',
  'dayOff.weekday': 'en {day}',
  'dayOff.question': '{date} är {what}, inte en arbetsdag. Tryck på **{button}** igen om det ändå ska vara den dagen.',
  'help.codeExample': 'KOD är ärendets kod, till exempel SIP-2026-0001 eller VSS-2026-0042. Den står överst på ärendekortet och i **mina ärenden**.',
  'help.privacy': 'Skriv aldrig personnummer eller namn i fritextfält; sådant sparas inte.',
  'action.showHelp': 'Visa hjälp',
  'unknown.title': 'Det förstod jag inte',
  'unknown.body': 'Jag känner inte igen det du skrev. Skriv **hjälp** eller tryck på knappen för att se vad jag kan göra.',
  'unknown.empty': 'Skriv ett kommando, till exempel **hjälp**.',
  'unknown.suggestTitle': 'Menade du {command}?',
  'unknown.suggestBody': 'Jag känner inte igen det du skrev, men det liknar **{command}**. Tryck på knappen för att köra det, eller skriv **hjälp** för att se alla kommandon.',
  'unknown.suggestWithCode': 'Jag känner inte igen det du skrev, men det liknar **{command}**: skriv det med ärendets kod, till exempel SIP-2026-0001.',
  'unknown.ran': 'Jag körde **{command}**; svaret finns nedan.',
  'error.title': 'Det gick inte',
} as const;

type TextKey = keyof typeof sv;
/** Every key, for checks over all texts (test/i18n/glossary.test.ts). */
export const TEXT_KEYS = Object.keys(sv) as TextKey[];

const en: Record<TextKey, string> = {
  'welcome.title': 'Welcome to Samordningsboten',
  'welcome.body':
    'I help you who coordinate efforts in the region and the municipality work by the shared baseline (basnivå i samverkan), plan and follow up SIP meetings (in SIP cases and in care and support coordination), and remember what needs doing.',
  'welcome.privacy': 'Never write a personal identity number or the name of the person you coordinate for. A case has a case code and at most initials or a short label of your own.',
  'welcome.groupBody': 'Here the coordinators can share the case card, so that everyone sees the same state.',
  'welcome.next': 'Type **help** to see what you can do.',
  'help.title': 'What I can do',
  'help.intro': 'Type a command here in the chat. Upper or lower case does not matter, and in a group chat you can @mention me. “Case” is the bot’s word for your joint work around one person, not a case under the Social Services Act.',
  'help.command': 'Command',
  'dayOff.weekday': 'a {day}',
  'dayOff.question': '{date} is {what}, not a working day. Press **{button}** again if it is to be that day anyway.',
  'help.codeExample': 'CODE is the case’s code, for example SIP-2026-0001 or VSS-2026-0042. It is at the top of the case card and in **my cases**.',
  'help.privacy': 'Never write personal identity numbers or names in free-text fields; they are not saved.',
  'action.showHelp': 'Show help',
  'unknown.title': 'I did not understand that',
  'unknown.body': 'I do not recognise what you wrote. Type **help** or press the button to see what I can do.',
  'unknown.empty': 'Type a command, for example **help**.',
  'unknown.suggestTitle': 'Did you mean {command}?',
  'unknown.suggestBody': 'I do not recognise what you wrote, but it looks like **{command}**. Press the button to run it, or type **help** to see every command.',
  'unknown.suggestWithCode': 'I do not recognise what you wrote, but it looks like **{command}**: write it with the case code, for example SIP-2026-0001.',
  'unknown.ran': 'I ran **{command}**; the answer is below.',
  'error.title': 'That did not work',
};

const TABLES: Record<Locale, Record<TextKey, string>> = { sv, en };

export type { TextKey };

/** The text for a key in the given locale. */
export function text(locale: Locale, key: TextKey): string {
  return TABLES[locale][key];
}
