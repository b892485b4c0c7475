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
  /**
   * Left out of the Teams manifest's command lists, which take at most 12 commands: still typed,
   * shown in help, and reached from a card.
   */
  readonly notInManifest?: true;
}

export type CommandId = 'help' | 'newCase' | 'myCases' | 'openCase' | 'baseline' | 'sip' | 'plan' | 'crisisPlan' | 'reminders' | 'linkCase' | 'closeCase' | 'history' | 'evaluation';

export const COMMANDS: readonly CommandDefinition[] = [
  {
    id: 'help',
    sv: ['hjälp'],
    en: ['help'],
    descriptionSv: 'Visar vad boten kan göra och vilka kommandon som finns.',
    descriptionEn: 'Shows what the bot can do and which commands exist.',
  },
  {
    id: 'newCase',
    sv: ['nytt ärende'],
    en: ['new case'],
    descriptionSv: 'Skapar ett SIP-ärende (basnivå) eller ett ärende för vård- och stödsamordning.',
    descriptionEn: 'Creates a SIP case (baseline) or a care and support coordination case.',
  },
  {
    id: 'myCases',
    sv: ['mina ärenden'],
    en: ['my cases'],
    descriptionSv: 'Listar dina öppna ärenden med ärendetyp eller fas och basnivå.',
    descriptionEn: 'Lists your open cases with type or phase and baseline.',
  },
  {
    id: 'openCase',
    sv: ['ärende'],
    en: ['case'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Öppnar ärendets kort: samordnare, samtycke, fas och basnivå.',
    descriptionEn: 'Opens the case card: coordinators, consent, phase and baseline.',
  },
  {
    id: 'baseline',
    sv: ['basnivå', 'basnivån'],
    en: ['baseline'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar checklistan Basnivå i samverkan (B1–B8) för ärendet.',
    descriptionEn: 'Shows the shared baseline checklist (B1–B8) of the case.',
  },
  {
    id: 'sip',
    sv: ['sip'],
    en: ['sip meetings'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar ärendets SIP-möten: planera, förmöte, kallelse, mötet.',
    descriptionEn: 'Shows the case’s SIP meetings: plan, pre-meeting, invitation, meeting.',
  },
  {
    id: 'plan',
    sv: ['plan'],
    en: ['sip plan'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar den samordnade individuella planen: mål, insatser, ansvar.',
    descriptionEn: 'Shows the coordinated individual plan: goals, efforts, responsibility.',
  },
  {
    id: 'crisisPlan',
    sv: ['krisplan'],
    en: ['crisis plan'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar kris- och handlingsplanen: tidiga tecken och vem som gör vad.',
    descriptionEn: 'Shows the crisis and action plan: early signs and who does what.',
  },
  {
    id: 'reminders',
    sv: ['påminnelser'],
    en: ['reminders'],
    descriptionSv: 'Visar dina kommande påminnelser; stäng av eller välj chatt per ärende.',
    descriptionEn: 'Shows your coming reminders; mute or choose the chat per case.',
  },
  {
    id: 'linkCase',
    sv: ['koppla'],
    en: ['link'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Kopplar ärendet till gruppchatten, där kortet delas av alla.',
    descriptionEn: 'Links the case to the group chat, where everyone shares the card.',
  },
  {
    id: 'closeCase',
    sv: ['avsluta'],
    en: ['close'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Avslutar ärendet med ett skäl; därefter kan det bara läsas.',
    descriptionEn: 'Closes the case with a reason; it is read-only afterwards.',
  },
  {
    id: 'history',
    sv: ['historik'],
    en: ['history'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar de senaste händelserna i ärendet: vem, vad och när.',
    descriptionEn: 'Shows the latest events of the case: who, what and when.',
  },
  {
    id: 'evaluation',
    sv: ['utvärdering'],
    en: ['evaluation'],
    argument: { sv: 'KOD', en: 'CODE' },
    descriptionSv: 'Visar samtycket till utvärdering, utvärderingskoden och punkterna.',
    // The case hub's button opens it; the manifest's twelve places go to the daily commands.
    notInManifest: true,
    descriptionEn: 'Shows the consent to evaluation, the evaluation code and the points.',
  },
];
