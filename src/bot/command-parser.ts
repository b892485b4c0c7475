import { distance } from 'fastest-levenshtein';
import { COMMANDS, type CommandDefinition } from './command-catalogue';

export type ParsedCommand =
  | { readonly kind: 'command'; readonly command: CommandDefinition; readonly args: string }
  /** Close to a command but not it ("nyt ärende"): the command it likely meant, with the rest as typed. */
  | { readonly kind: 'suggestion'; readonly command: CommandDefinition; readonly alias: string; readonly args: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'empty' };

/** Each alias as normalised words, longest first so "mina ärenden" wins over "mina". */
const ALIASES: ReadonlyArray<{ words: string; command: CommandDefinition }> = COMMANDS.flatMap((command) =>
  [...command.sv, ...command.en].map((alias) => ({ words: normalise(alias), command })),
).sort((a, b) => b.words.length - a.words.length);

/**
 * Matches a chat message to a command: case-insensitive, with or without an @mention, Swedish or
 * English words. The rest of the text after the command words is returned as its arguments.
 */
export function parseCommand(messageText: string | undefined): ParsedCommand {
  const original = tidy(stripMentions(messageText ?? ''));
  const text = lower(original);
  if (text === '') return { kind: 'empty' };
  // Arguments keep the user's own casing when lower-casing kept every position in place.
  const source = original.length === text.length ? original : text;
  for (const { words, command } of ALIASES) {
    if (text === words || text.startsWith(`${words} `)) {
      return { kind: 'command', command, args: source.slice(words.length).trim() };
    }
  }
  // Typed without å, ä and ö ("basniva", "arende", "paminnelser"): the same words, so understood.
  const folded = fold(text);
  for (const { words, command } of ALIASES) {
    const plain = fold(words);
    if (folded === plain || folded.startsWith(`${plain} `)) return { kind: 'command', command, args: source.slice(words.length).trim() };
  }
  return nearest(folded, source) ?? { kind: 'unknown' };
}

/**
 * The command a near miss likely meant: the alias whose words are closest to as many first words
 * of the message, within one edit for a short command and two for a longer one, and clearly
 * closer than any other command. Nothing when it is not clear: a wrong guess is worse than asking.
 */
function nearest(folded: string, source: string): ParsedCommand | undefined {
  const words = folded.split(' ');
  const candidates = ALIASES.map(({ words: alias, command }) => {
    const count = alias.split(' ').length;
    const head = words.slice(0, count).join(' ');
    return { command, alias, count, cost: distance(head, fold(alias)) };
  })
    .filter((c) => c.cost > 0 && c.cost <= (fold(c.alias).length <= 5 ? 1 : 2))
    .sort((a, b) => a.cost - b.cost);
  const best = candidates[0];
  if (best === undefined || candidates.some((c) => c.command.id !== best.command.id && c.cost === best.cost)) return undefined;
  const args = source.split(' ').slice(best.count).join(' ').trim();
  return { kind: 'suggestion', command: best.command, alias: best.alias, args };
}

/** Without diacritics, for comparing what was typed without å, ä and ö. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Teams wraps mentions as <at>Name</at>; some clients also send HTML entities and tags. */
function stripMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ');
}

/** NFC so "ä" typed as a + combining diaeresis still matches; one space between words. */
function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s/!]+|[\s.!?]+$/g, '');
}

function lower(text: string): string {
  return text.toLocaleLowerCase('sv-SE');
}

function normalise(text: string): string {
  return lower(tidy(text));
}
