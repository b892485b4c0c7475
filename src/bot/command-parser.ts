import { COMMANDS, type CommandDefinition } from './command-catalogue';

export type ParsedCommand =
  | { readonly kind: 'command'; readonly command: CommandDefinition; readonly args: string }
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
  return { kind: 'unknown' };
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
