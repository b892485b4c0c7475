/**
 * The words Swedish coordinators expect, kept at one point (../shared/METHOD.md, "Words"). The
 * terms the bot uses, and the phrases it must not: each with why and what to write instead.
 * test/i18n/glossary.test.ts reads every Swedish text of the bot against the avoided phrases.
 */

/** The bot's terms, as the texts use them. */
export const TERMS = {
  coordinator: 'vård- och stödsamordnare (kort: samordnare, i listor)',
  case: 'ärende: botens ord för det gemensamma arbetet kring en person, inte ett ärende enligt SoL',
  consent: 'lämna samtycke; samtycket gäller t.o.m. ett datum',
  principalAfterFran: 'från regionen, från kommunen (bestämd form)',
  meetingLeader: 'mötesledare',
  inpatientCare: 'heldygnsvård',
  overallResponsibility: 'huvudman med övergripande ansvar för planen',
  followUpDate: 'datum för uppföljning',
  earlySign: 'tidigt tecken',
  invitationTiming: 'i så god tid som möjligt; en tidsgräns i arbetsdagar är en lokal riktlinje',
  shortLabel: 'initialer eller egen kortbeteckning',
} as const;

export interface AvoidedPhrase {
  readonly phrase: RegExp;
  readonly why: string;
  readonly instead: string;
}

export const AVOIDED_PHRASES: readonly AvoidedPhrase[] = [
  { phrase: /\bfrån (region|kommun)\b/, why: 'obestämd form efter "från"', instead: 'från regionen / från kommunen' },
  { phrase: /samordnare för (region|kommun)\b/, why: 'fel preposition och obestämd form', instead: 'samordnare från regionen / kommunen' },
  { phrase: /\b(on|muted):(user|groupChat)\b|\bM\d+:[a-z]+\b|\brev\d+\b/, why: 'interna koder i svensk text', instead: 'orden för det koden betyder' },
  { phrase: /smeknamn/i, why: 'låter oprofessionellt om en patient', instead: 'egen kortbeteckning' },
  { phrase: /den ni samordnar för/, why: 'klumpigt', instead: 'personen ni samordnar insatser för' },
  { phrase: /ordförande/i, why: 'SIP-checklistor säger mötesledare', instead: 'mötesledare' },
  { phrase: /slutenvård/i, why: 'dagens term är heldygnsvård', instead: 'psykiatrisk heldygnsvård' },
  { phrase: /(?<!så )\bgod tid\b/, why: 'seeden säger "i så god tid som möjligt" (000:32)', instead: 'i så god tid som möjligt' },
  { phrase: /\buppföljt\b/, why: 'styltigt', instead: 'har följts upp' },
  { phrase: /\b[Vv]em gör vad\b/, why: 'indirekt fråga kräver "som"', instead: 'vem som gör vad' },
  { phrase: /\b(givet|gett|givit) samtycke|samtycke givet|\bGivet\b/, why: 'kalk; man lämnar samtycke', instead: 'lämnat samtycke' },
  { phrase: /[Gg]äller till\b/, why: '"till" säger inte om dagen ingår', instead: 'gäller t.o.m.' },
  { phrase: /[Ee]xportera/, why: 'IT-jargong', instead: 'Visa planen som text (för personen)' },
  { phrase: /gång\(er\)/, why: 'skriv rätt numerus', instead: '1 gång, 2 gånger' },
  { phrase: /eller e-post/, why: 'vanlig e-post är ingen säker kanal för patientuppgifter', instead: 'SIP- eller kallelsesystem eller annan säker kanal' },
  { phrase: /om personen vill\)/, why: 'fel rättslig prövning (000:264)', instead: 'om personen inte motsätter sig det' },
  { phrase: /^Mötescirkeln för/, why: 'cirkeln är ett förslag, inte en regel', instead: 'Förslag på tidsfördelning (mötescirkeln)' },
  { phrase: /\(\d+ arbetsdagar före mötet\)/, why: 'en lokal riktlinje framställd som metoden', instead: 'i så god tid som möjligt; er lokala riktlinje: …' },
  { phrase: /^Övergripande ansvar|övergripande ansvarig utses/, why: 'lagen talar om en huvudman', instead: 'Huvudman med övergripande ansvar för planen' },
  { phrase: /Boka det första mötet/, why: 'vilket möte? Det gäller samordningsmötet med personen', instead: 'Planera det första samordningsmötet med personen' },
  { phrase: /^Boende$/, why: 'tvetydigt (boende som person eller bostad)', instead: 'Boendestöd / bostad med särskild service' },
  { phrase: /Insats: vad/, why: 'kortfattat', instead: 'Insats (vad ska göras)' },
  { phrase: /^Tecken$/, why: 'kortfattat', instead: 'Tidigt tecken' },
  { phrase: /^Uppföljning: \{followUp\}|\nUppföljning: \{followUp\}/, why: 'fältet är ett datum', instead: 'Datum för uppföljning: {followUp}' },
  { phrase: /Högkonsument av vård och stöd\b/, why: 'rutinens ordalydelse', instead: 'Högkonsument av vård- och stödinsatser' },
  { phrase: /Avbryter kontakter/, why: 'rutinens ordalydelse', instead: 'Avbryter vård- och stödkontakter trots omfattande stödbehov' },
  { phrase: /Ej aktuell/, why: 'basnivån görs alltid; en punkt lämnas inte som ej aktuell', instead: 'Ej genomförd – skäl (t.ex. personen avböjer)' },
];

/** The avoided phrases a text contains. */
export function avoidedIn(text: string): AvoidedPhrase[] {
  return AVOIDED_PHRASES.filter((a) => a.phrase.test(text));
}
