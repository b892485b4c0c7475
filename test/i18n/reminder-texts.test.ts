import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, type ReminderKind } from '../../src/domain/reminder-rules';
import { reminderText, type ReminderDays } from '../../src/i18n/reminder-texts';
import type { Locale } from '../../src/i18n/locale';

/**
 * A region may change the rule days (REMINDER_*), so a reminder's words must state the days in
 * force, in grammar that fits the number. Every expected text is written out by hand.
 */

const days = (escalation: number, soon: number, followUp: number, inactive: number, consentEnding = 10): ReminderDays => ({
  invitationEscalationWorkingDaysBefore: escalation,
  meetingSoonWorkingDaysBefore: soon,
  followUpWorkingDaysBefore: followUp,
  inactiveDays: inactive,
  consentEndingWorkingDaysBefore: consentEnding,
});

const both = (locale: Locale, kind: ReminderKind, d: ReminderDays) => {
  const t = reminderText(locale, kind, d);
  return [t.title, t.why];
};

describe('reminder texts with the rule days in force', () => {
  it('read as PRODUCT.md with the default days (10, 1, 5 and 30)', () => {
    const d = DEFAULT_REMINDER_SETTINGS;
    expect(both('sv', 'invitationEscalation', d)).toEqual(['Kallelsen är fortfarande inte skickad', 'Det är 10 arbetsdagar kvar till SIP-mötet {meeting} och den andra huvudmannen har inte fått kallelsen.']);
    expect(both('sv', 'meetingSoon', d)).toEqual(['SIP-möte nästa arbetsdag', 'SIP-mötet {meeting} är nästa arbetsdag. Mötets checklista visar mötescirkeln.']);
    expect(both('sv', 'followUpSoon', d)).toEqual(['Uppföljning om 5 arbetsdagar', 'Planen ska följas upp {followUp}. Boka uppföljningsmötet om det inte är gjort.']);
    expect(both('sv', 'inactive', d)).toEqual(['Inget har hänt på 30 dagar', 'Ärendet har inte ändrats sedan {updated}. Behöver något göras?']);
    expect(both('en', 'invitationEscalation', d)).toEqual(['The invitation is still not sent', '10 working days remain until SIP meeting {meeting} and the other principal has not been invited.']);
    expect(both('en', 'meetingSoon', d)).toEqual(['SIP meeting next working day', 'SIP meeting {meeting} is on the next working day. The meeting checklist shows the meeting circle.']);
    expect(both('en', 'followUpSoon', d)).toEqual(['Follow-up in 5 working days', 'The plan is to be followed up {followUp}. Book the follow-up meeting if not done.']);
    expect(both('en', 'inactive', d)).toEqual(['Nothing has happened for 30 days', 'The case has not changed since {updated}. Does anything need doing?']);
  });

  it('say one day in the singular, and "next working day" for one working day ahead', () => {
    const d = days(1, 1, 1, 1);
    expect(both('sv', 'invitationEscalation', d)[1]).toBe('Det är 1 arbetsdag kvar till SIP-mötet {meeting} och den andra huvudmannen har inte fått kallelsen.');
    expect(both('sv', 'meetingSoon', d)[0]).toBe('SIP-möte nästa arbetsdag');
    expect(both('sv', 'followUpSoon', d)[0]).toBe('Uppföljning nästa arbetsdag');
    expect(both('sv', 'inactive', d)[0]).toBe('Inget har hänt på 1 dag');
    expect(both('en', 'invitationEscalation', d)[1]).toBe('1 working day remains until SIP meeting {meeting} and the other principal has not been invited.');
    expect(both('en', 'meetingSoon', d)[0]).toBe('SIP meeting next working day');
    expect(both('en', 'followUpSoon', d)[0]).toBe('Follow-up next working day');
    expect(both('en', 'inactive', d)[0]).toBe('Nothing has happened for 1 day');
  });

  it('say any other count in the plural, with its number', () => {
    const d = days(6, 2, 4, 11);
    expect(both('sv', 'invitationEscalation', d)[1]).toBe('Det är 6 arbetsdagar kvar till SIP-mötet {meeting} och den andra huvudmannen har inte fått kallelsen.');
    expect(both('sv', 'meetingSoon', d)).toEqual(['SIP-möte om 2 arbetsdagar', 'SIP-mötet {meeting} är om 2 arbetsdagar. Mötets checklista visar mötescirkeln.']);
    expect(both('sv', 'followUpSoon', d)[0]).toBe('Uppföljning om 4 arbetsdagar');
    expect(both('sv', 'inactive', d)[0]).toBe('Inget har hänt på 11 dagar');
    expect(both('en', 'invitationEscalation', d)[1]).toBe('6 working days remain until SIP meeting {meeting} and the other principal has not been invited.');
    expect(both('en', 'meetingSoon', d)).toEqual(['SIP meeting in 2 working days', 'SIP meeting {meeting} is in 2 working days. The meeting checklist shows the meeting circle.']);
    expect(both('en', 'followUpSoon', d)[0]).toBe('Follow-up in 4 working days');
    expect(both('en', 'inactive', d)[0]).toBe('Nothing has happened for 11 days');
  });

  it('say "today" for no working days ahead (REMINDER_*_BEFORE=0 puts the reminder on the day itself)', () => {
    const d = days(0, 0, 0, 1);
    expect(both('sv', 'invitationEscalation', d)[1]).toBe('SIP-mötet {meeting} är i dag och den andra huvudmannen har inte fått kallelsen.');
    expect(both('sv', 'meetingSoon', d)).toEqual(['SIP-möte i dag', 'SIP-mötet {meeting} är i dag. Mötets checklista visar mötescirkeln.']);
    expect(both('sv', 'followUpSoon', d)[0]).toBe('Uppföljning i dag');
    expect(both('en', 'invitationEscalation', d)[1]).toBe('SIP meeting {meeting} is today and the other principal has not been invited.');
    expect(both('en', 'meetingSoon', d)).toEqual(['SIP meeting today', 'SIP meeting {meeting} is today. The meeting checklist shows the meeting circle.']);
    expect(both('en', 'followUpSoon', d)[0]).toBe('Follow-up today');
  });

  /** Numbers no text has of its own, so any other number, or a count in words, is written in. */
  const ODD = days(37, 41, 43, 47, 53);
  const STATED: Record<ReminderKind, readonly number[]> = {
    firstMeeting: [],
    consentEnding: [53],
    preMeetingAfterConsent: [],
    preMeetingPrompt: [],
    invitation: [],
    invitationEscalation: [37],
    meetingSoon: [41, 41],
    meetingNotHeld: [],
    noFollowUpDate: [],
    followUpSoon: [43],
    followUpToday: [],
    noCrisisPlan: [],
    crisisReview: [],
    inactive: [47],
    evaluationDue: [],
  };
  // "en"/"ett" are also articles ("en kris- och handlingsplan"), so one is only caught as "nästa"/"next".
  const NUMBER_WORDS = /(?<![\p{L}\d])(två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|nästa|next)(?![\p{L}\d])/iu;

  it.each(['sv', 'en'] as const)('in %s, state no day count but the settings’ (no number written in, in digits or words)', (locale) => {
    for (const [kind, numbers] of Object.entries(STATED) as Array<[ReminderKind, readonly number[]]>) {
      const text = both(locale, kind, ODD).join(' ');
      expect((text.match(/\d+/g) ?? []).map(Number), `${locale} ${kind}: ${text}`).toEqual(numbers);
      expect(text, `${locale} ${kind}`).not.toMatch(NUMBER_WORDS);
    }
  });
});
