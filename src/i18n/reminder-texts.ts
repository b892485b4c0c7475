import type { ReminderKind, ReminderSettings } from '../domain/reminder-rules';
import { workingDaysText } from './format';
import type { Locale } from './locale';

/** The rule days a reminder's words state: the deployment's settings, so the text says what the rule did. */
export type ReminderDays = Pick<ReminderSettings, 'invitationEscalationWorkingDaysBefore' | 'meetingSoonWorkingDaysBefore' | 'followUpWorkingDaysBefore' | 'inactiveDays' | 'consentEndingWorkingDaysBefore'>;

/** A text, or one that depends on the rule days; {placeholders} are filled by the card. */
type Phrase = string | ((d: ReminderDays) => string);

/** How far ahead a working day is, for a title or sentence ("SIP-möte om 3 arbetsdagar"). */
const svAhead = (n: number): string => (n === 0 ? 'i dag' : n === 1 ? 'nästa arbetsdag' : `om ${n} arbetsdagar`);
const svWorkingDays = (n: number): string => workingDaysText('sv', n);
const svDays = (n: number): string => `${n} ${n === 1 ? 'dag' : 'dagar'}`;
const enAhead = (n: number): string => (n === 0 ? 'today' : n === 1 ? 'next working day' : `in ${n} working days`);
const enWorkingDays = (n: number): string => workingDaysText('en', n);
const enDays = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;

/** What each reminder says: what is due and why, in plain words. */
const sv: Record<ReminderKind, { title: Phrase; why: Phrase }> = {
  firstMeeting: {
    title: 'Planera det första samordningsmötet med personen',
    why: 'Samtycket registrerades {consentFrom}, men inget möte är planerat. När personen har tackat ja ska det första mötet planeras in skyndsamt.',
  },
  preMeetingAfterConsent: {
    title: 'Håll förmötet med personen',
    why: 'Samtycket registrerades {consentFrom}, men förmötet där SIP:en planeras tillsammans med personen är inte genomfört. (Hur snart påminnelsen kommer är en lokal inställning.)',
  },
  consentEnding: {
    title: (d) => `Samtycket går ut ${svAhead(d.consentEndingWorkingDaysBefore)}`,
    why: 'Samtycket gäller t.o.m. {consentUntil}. Fråga personen om ett nytt samtycke och registrera det; utan giltigt samtycke kan inga nya SIP-steg tas. (Hur långt i förväg påminnelsen kommer är en lokal inställning.)',
  },
  preMeetingPrompt: { title: 'Förbered SIP-mötet med personen', why: 'SIP-mötet {meeting} närmar sig och förmötet med personen är inte genomfört.' },
  invitation: { title: 'Skicka kallelsen till den andra huvudmannen', why: 'SIP-mötet {meeting} är bokat men ingen kallelse till den andra huvudmannen är markerad som skickad för mötets tid. Utan den andra huvudmannen är mötet inte ett SIP-möte.' },
  invitationEscalation: {
    title: 'Kallelsen är fortfarande inte skickad',
    why: ({ invitationEscalationWorkingDaysBefore: n }) =>
      n === 0
        ? 'SIP-mötet {meeting} är i dag och den andra huvudmannen har inte fått kallelsen.'
        : `Det är ${svWorkingDays(n)} kvar till SIP-mötet {meeting} och den andra huvudmannen har inte fått kallelsen.`,
  },
  meetingSoon: {
    title: (d) => `SIP-möte ${svAhead(d.meetingSoonWorkingDaysBefore)}`,
    why: (d) => `SIP-mötet {meeting} är ${svAhead(d.meetingSoonWorkingDaysBefore)}. Mötets checklista visar mötescirkeln.`,
  },
  meetingNotHeld: { title: 'Markera SIP-mötet', why: 'SIP-mötet {meeting} har passerat men är inte markerat som genomfört eller inställt.' },
  noFollowUpDate: { title: 'Sätt datum för uppföljning', why: 'SIP-mötet är genomfört men planen saknar datum för uppföljning.' },
  followUpSoon: { title: (d) => `Uppföljning ${svAhead(d.followUpWorkingDaysBefore)}`, why: 'Planen ska följas upp {followUp}. Boka uppföljningsmötet om det inte är gjort.' },
  followUpToday: { title: 'Uppföljning i dag', why: 'Planen ska följas upp i dag, {followUp}.' },
  noCrisisPlan: { title: 'Ta fram en kris- och handlingsplan', why: 'SIP-mötet är genomfört men det finns ingen kris- och handlingsplan ännu.' },
  crisisReview: { title: 'Se över krisplanen', why: 'Kris- och handlingsplanen ska ses över senast {review}.' },
  inactive: { title: (d) => `Inget har hänt på ${svDays(d.inactiveDays)}`, why: 'Ärendet har inte ändrats sedan {updated}. Behöver något göras?' },
  evaluationDue: {
    title: 'Dags för utvärdering',
    why: 'Personen har samtyckt till utvärdering, och utvärderingen {point} infaller {pointDate}. Använd regionens instrument med personens utvärderingskod (på kortet Utvärdering) och markera punkten genomförd där; svaren sparas inte i boten. (Vilka utvärderingspunkter som gäller är en lokal inställning.)',
  },
};

const en: Record<ReminderKind, { title: Phrase; why: Phrase }> = {
  firstMeeting: {
    title: 'Plan the first coordination meeting with the person',
    why: 'Consent was recorded {consentFrom}, but no meeting is planned. Once the person has said yes, the first meeting is to be planned promptly.',
  },
  preMeetingAfterConsent: {
    title: 'Hold the pre-meeting with the person',
    why: 'Consent was recorded {consentFrom}, but the pre-meeting where the SIP is planned together with the person has not been held. (How soon this reminder comes is a local setting.)',
  },
  consentEnding: {
    title: (d) => `The consent runs out ${enAhead(d.consentEndingWorkingDaysBefore)}`,
    why: 'The consent holds through {consentUntil}. Ask the person for a new consent and record it; without a valid consent no new SIP steps can be taken. (How early this reminder comes is a local setting.)',
  },
  preMeetingPrompt: { title: 'Prepare the SIP meeting with the person', why: 'SIP meeting {meeting} is coming up and the pre-meeting with the person has not been held.' },
  invitation: { title: 'Send the invitation to the other principal', why: 'SIP meeting {meeting} is booked but no invitation to the other principal is marked sent for the meeting’s time. Without the other principal it is not a SIP meeting.' },
  invitationEscalation: {
    title: 'The invitation is still not sent',
    why: ({ invitationEscalationWorkingDaysBefore: n }) =>
      n === 0
        ? 'SIP meeting {meeting} is today and the other principal has not been invited.'
        : `${enWorkingDays(n)} ${n === 1 ? 'remains' : 'remain'} until SIP meeting {meeting} and the other principal has not been invited.`,
  },
  meetingSoon: {
    title: (d) => `SIP meeting ${enAhead(d.meetingSoonWorkingDaysBefore)}`,
    why: ({ meetingSoonWorkingDaysBefore: n }) => `SIP meeting {meeting} is ${n === 1 ? 'on the ' : ''}${enAhead(n)}. The meeting checklist shows the meeting circle.`,
  },
  meetingNotHeld: { title: 'Mark the SIP meeting', why: 'SIP meeting {meeting} has passed but is not marked held or cancelled.' },
  noFollowUpDate: { title: 'Set a follow-up date', why: 'The SIP meeting was held but the plan has no follow-up date.' },
  followUpSoon: { title: (d) => `Follow-up ${enAhead(d.followUpWorkingDaysBefore)}`, why: 'The plan is to be followed up {followUp}. Book the follow-up meeting if not done.' },
  followUpToday: { title: 'Follow-up today', why: 'The plan is to be followed up today, {followUp}.' },
  noCrisisPlan: { title: 'Make a crisis and action plan', why: 'The SIP meeting was held but there is no crisis and action plan yet.' },
  crisisReview: { title: 'Review the crisis plan', why: 'The crisis and action plan is to be reviewed by {review}.' },
  inactive: { title: (d) => `Nothing has happened for ${enDays(d.inactiveDays)}`, why: 'The case has not changed since {updated}. Does anything need doing?' },
  evaluationDue: {
    title: 'Time for an evaluation',
    why: 'The person consents to evaluation, and the evaluation {point} falls on {pointDate}. Use the region’s instruments with the person’s evaluation code (on the Evaluation card) and mark the point done there; the answers are not kept in the bot. (Which evaluation points apply is a local setting.)',
  },
};

const TABLES: Record<Locale, Record<ReminderKind, { title: Phrase; why: Phrase }>> = { sv, en };

/** Every kind with words, for checks over all texts (test/i18n/glossary.test.ts). */
export const REMINDER_TEXT_KINDS = Object.keys(sv) as ReminderKind[];

const phrase = (p: Phrase, d: ReminderDays): string => (typeof p === 'string' ? p : p(d));

/**
 * A reminder's title and reason, stating the day counts of the rules in force (a region may have
 * changed them); the reason's {meeting}, {followUp}… are left for the card to fill.
 */
export function reminderText(locale: Locale, kind: ReminderKind, days: ReminderDays): { title: string; why: string } {
  const t = TABLES[locale][kind];
  return { title: phrase(t.title, days), why: phrase(t.why, days) };
}

export const REMINDER_LABELS: Record<
  Locale,
  Record<'heading' | 'done' | 'open' | 'tomorrow' | 'nextWeek' | 'snoozed' | 'alreadyDone' | 'listTitle' | 'listEmpty' | 'listNone' | 'muted' | 'delivery' | 'personal' | 'groupChat' | 'save' | 'saved' | 'undeliverableTitle' | 'undeliverableBody' | 'undeliverableFailingBody' | 'colleague' | 'noChat' | 'personalOnly', string>
> = {
  sv: {
    heading: 'Påminnelse · {case}',
    done: 'Klart',
    open: 'Öppna ärendet',
    tomorrow: 'Påminn mig i morgon',
    nextWeek: 'Påminn mig om en vecka',
    snoozed: 'Du påminns igen {when}.',
    alreadyDone: 'Det här är redan gjort eller inte längre aktuellt; ingen ny påminnelse behövs.',
    listTitle: 'Mina påminnelser',
    listEmpty: 'Du har inga öppna ärenden.',
    listNone: 'Inga kommande påminnelser.',
    noChat: 'Påminnelserna kommer i din chatt med boten. Vill du hellre få dem i en gruppchatt? Skriv **koppla {code}** i den gruppchatten.',
    personalOnly: 'Påminnelserna kommer i din chatt med boten. Ärendet delas med en annan organisations Teams, så de kan inte gå till en gruppchatt.',
    muted: 'Stäng av påminnelser för ärendet',
    delivery: 'Skicka påminnelserna till',
    personal: 'Min chatt med boten',
    groupChat: 'Ärendets gruppchatt',
    save: 'Spara för {code}',
    saved: 'Inställningarna för {code} är sparade.',
    undeliverableTitle: 'En påminnelse kom inte fram · {case}',
    undeliverableBody: 'Påminnelsen "{what}" kunde inte lämnas till {name}: boten är borttagen eller chatten finns inte längre. Hör gärna av dig till din kollega.',
    undeliverableFailingBody: 'Påminnelsen "{what}" kunde inte lämnas till {name}: Teams tog inte emot den trots flera försök. Hör gärna av dig till din kollega.',
    colleague: 'din kollega',
  },
  en: {
    heading: 'Reminder · {case}',
    done: 'Done',
    open: 'Open the case',
    tomorrow: 'Remind me tomorrow',
    nextWeek: 'Remind me in a week',
    snoozed: 'You will be reminded again {when}.',
    alreadyDone: 'This is already done or no longer relevant; no new reminder is needed.',
    listTitle: 'My reminders',
    listEmpty: 'You have no open cases.',
    listNone: 'No upcoming reminders.',
    noChat: 'Reminders come in your chat with the bot. To get them in a group chat, type **link {code}** in that group chat.',
    personalOnly: 'Reminders come in your chat with the bot. The case is shared with another organisation’s Teams, so they cannot go to a group chat.',
    muted: 'Turn off reminders for the case',
    delivery: 'Send the reminders to',
    personal: 'My chat with the bot',
    groupChat: 'The case’s group chat',
    save: 'Save for {code}',
    saved: 'The settings for {code} are saved.',
    undeliverableTitle: 'A reminder did not get through · {case}',
    undeliverableBody: 'The reminder "{what}" could not be delivered to {name}: the bot was removed or the chat is gone. Please contact your colleague.',
    undeliverableFailingBody: 'The reminder "{what}" could not be delivered to {name}: Teams did not accept it after several tries. Please contact your colleague.',
    colleague: 'your colleague',
  },
};
