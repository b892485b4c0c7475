/**
 * Every text command the bot understands. The help card and the Teams manifest's command list are
 * both built from this one list, so a command cannot be documented in one place and missing in the
 * other.
 */
export interface CommandDefinition {
  /** Stable id used by the router. */
  readonly id: CommandId;
  /** Swedish words first: the first is shown to users, the rest are accepted aliases. */
  readonly sv: readonly string[];
  /** English aliases, accepted from anyone and shown when the activity's locale is English. */
  readonly en: readonly string[];
  /** Short Swedish explanation (help card, manifest; max 32 characters for the manifest title). */
  readonly descriptionSv: string;
  readonly descriptionEn: string;
  /** Argument placeholder shown in help, e.g. "KOD". */
  readonly argument?: { readonly sv: string; readonly en: string };
}

export type CommandId = 'help';

export const COMMANDS: readonly CommandDefinition[] = [
  {
    id: 'help',
    sv: ['hjälp'],
    en: ['help'],
    descriptionSv: 'Visar vad boten kan göra och vilka kommandon som finns.',
    descriptionEn: 'Shows what the bot can do and which commands exist.',
  },
];
