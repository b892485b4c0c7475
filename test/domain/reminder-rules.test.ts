import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { answerNeed, closeCase, endSip, linkChat, SIP_ENDS, type Clock } from '../../src/domain/case-commands';
import type { Actor, CaseState, Principal } from '../../src/domain/case-model';
import { addSign, emptyCrisisPlan, emptyPlan, saveCrisisPlan, savePlanBasics } from '../../src/domain/plan-commands';
import { DEFAULT_REMINDER_SETTINGS, deliveryTime, overdueKinds, reminderDestination, reminderStillTimely, remindersFor, snoozedDelivery, wantSameReminders, type ReminderDue, type ReminderKind, type ReminderSettings } from '../../src/domain/reminder-rules';
import {
  cancelMeeting,
  markInvitationSent,
  markMeetingHeld,
  markPreMeetingHeld,
  meetingsOf,
  moveMeeting,
  planMeeting,
  savePreMeeting,
  type MeetingInput,
} from '../../src/domain/sip-commands';
import type { InvitedParty, PartyRole, SipMeeting } from '../../src/domain/sip-model';
import { isWorkingDay } from '../../src/domain/working-days';
import { markEvaluationDone, recordEvaluationConsent, withdrawEvaluationConsent } from '../../src/domain/evaluation';
import { oracleAddWorkingDays, oracleIsWorkingDay } from '../support/swedish-calendar';
import { meetingIn, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, OUTSIDER, TZ, clockAt } from '../support/sample-case';

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

const S = DEFAULT_REMINDER_SETTINGS;
const RECIPIENTS = [ANNA.aadObjectId, BJORN.aadObjectId];

/** Monday 23 November 2026, 10:00 in Stockholm: when the sample case's first meeting is booked. */
const BOOKED = clockAt('2026-11-23T09:00:00.000Z');

/** 08:00 in Stockholm on a day in winter time (CET, UTC+1). */
const winter = (date: string): string => `${date}T07:00:00.000Z`;
/** 08:00 in Stockholm on a day in summer time (CEST, UTC+2). */
const summer = (date: string): string => `${date}T06:00:00.000Z`;

/** The same case, created (and last touched) at another instant. */
const createdAt = (iso: string, c: CaseState = newCase()): CaseState => ({ ...c, createdAt: iso, updatedAt: iso });

function meetingInput(date: string, time: string, patch: Partial<MeetingInput> = {}): MeetingInput {
  return { date, time, durationMinutes: 90, form: 'teams', purpose: 'Samordna insatser från psykiatrin och socialtjänsten', invited: ['personen', 'region', 'kommun'], ...patch };
}

/** Plans a meeting (M1 on a case without meetings), by Anna unless told otherwise. */
function plan(c: CaseState, date: string, time: string, clock: Clock = BOOKED, patch: Partial<MeetingInput> = {}, actor: Actor = ANNA): CaseState {
  return ok(planMeeting(c, meetingInput(date, time, patch), actor, clock));
}

const held = (c: CaseState, clock: Clock, id = 'M1'): CaseState => ok(markMeetingHeld(c, { meetingId: id, rev: meetingIn(c, id).rev }, ANNA, clock));
const invitationSent = (c: CaseState, role: PartyRole, clock: Clock, id = 'M1'): CaseState => ok(markInvitationSent(c, { meetingId: id, rev: meetingIn(c, id).rev, party: role }, BJORN, clock));
const followUpDate = (c: CaseState, date: string, clock: Clock = BOOKED): CaseState => ok(savePlanBasics(c, { followUpDate: date, rev: c.sipPlan?.rev ?? 0 }, ANNA, clock));

function crisisPlanSaved(c: CaseState, reviewDate: string, clock: Clock): CaseState {
  const withSign = ok(
    addSign(c, { description: 'Sover dåligt flera nätter i rad', describedBy: 'narstaende', actions: { region: 'Mottagningen erbjuder tid inom två dagar' }, rev: c.crisisPlan?.rev ?? 0 }, ANNA, clock),
  );
  return ok(saveCrisisPlan(withSign, { reviewDate, rev: withSign.crisisPlan!.rev }, ANNA, clock));
}

/**
 * The reminders of the meeting, plan and activity rules. The sample consent runs to 30 June 2028,
 * so every case here also warrants "consent runs out" ten working days before; that rule has its own tests
 * below (remindersFor unfiltered), and the lists here leave it out.
 */
const remind = (c: CaseState, s: ReminderSettings = S): ReminderDue[] => remindersFor(c, s).filter((x) => x.kind !== 'consentEnding');

interface Expected {
  readonly key: string;
  readonly kind: ReminderKind;
  readonly meetingId?: string | undefined;
  readonly dueDate: string;
  readonly deliverAt: string;
}

const r = (key: string, kind: ReminderKind, dueDate: string, deliverAt: string, meetingId?: string): Expected => ({ key, kind, meetingId, dueDate, deliverAt });

/** The reminders without recipients, sorted by key, for whole-list comparisons. */
function view(list: readonly ReminderDue[]): Expected[] {
  return list.map(({ key, kind, meetingId, dueDate, deliverAt }) => ({ key, kind, meetingId, dueDate, deliverAt })).sort((a, b) => a.key.localeCompare(b.key));
}
const sorted = (list: readonly Expected[]): Expected[] => [...list].sort((a, b) => a.key.localeCompare(b.key));
const keysOf = (list: readonly ReminderDue[]): string[] => list.map((x) => x.key).sort();
const withoutInactive = (list: readonly ReminderDue[]): Expected[] => view(list.filter((x) => x.kind !== 'inactive'));

function only(list: readonly ReminderDue[], kind: ReminderKind): ReminderDue {
  const found = list.filter((x) => x.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, got ${JSON.stringify(found)}`);
  return found[0]!;
}

// Meeting M1 of the main scenario: booked Monday 23 Nov 2026, held Monday 14 Dec 2026 13:00 (12:00Z).
const DEC14 = '2026-12-14T12:00:00.000Z';
const mainMeeting = (): CaseState => plan(newCase(), '2026-12-14', '13:00');

const MAIN_EXPECTED: Expected[] = [
  r(`preMeeting:M1:${DEC14}:10`, 'preMeetingPrompt', '2026-11-30', winter('2026-11-30'), 'M1'),
  r(`preMeeting:M1:${DEC14}:5`, 'preMeetingPrompt', '2026-12-07', winter('2026-12-07'), 'M1'),
  r('invitation:M1', 'invitation', '2026-11-24', winter('2026-11-24'), 'M1'),
  r(`invitationEscalation:M1:${DEC14}`, 'invitationEscalation', '2026-11-30', winter('2026-11-30'), 'M1'),
  r(`meetingSoon:M1:${DEC14}`, 'meetingSoon', '2026-12-11', winter('2026-12-11'), 'M1'),
  r(`meetingNotHeld:M1:${DEC14}`, 'meetingNotHeld', '2026-12-15', winter('2026-12-15'), 'M1'),
  r('inactive:2026-11-23', 'inactive', '2026-12-23', winter('2026-12-23')),
];

// ---------------------------------------------------------------------------------------------
// Consent given, no meeting
// ---------------------------------------------------------------------------------------------

describe('consent given but no first meeting booked', () => {
  it('is due 2 working days after the case was created, at 08:00 Stockholm, for both coordinators', () => {
    const list = remind(newCase());
    expect(view(list)).toEqual(
      sorted([
        r('firstMeeting', 'firstMeeting', '2026-11-25', winter('2026-11-25')),
        // No förmöte held or meeting booked: asked for 3 working days after consent, Thursday 26 November.
        r('preMeetingAfterConsent:2026-11-23', 'preMeetingAfterConsent', '2026-11-26', winter('2026-11-26')),
        r('inactive:2026-11-23', 'inactive', '2026-12-23', winter('2026-12-23')),
      ]),
    );
    for (const x of list) expect(x.recipients).toEqual(RECIPIENTS);
  });

  it.each([
    ['Tuesday 22 Dec 2026 10:00: julafton, juldagen and the weekend are skipped', '2026-12-22T09:00:00.000Z', '2026-12-28', winter('2026-12-28')],
    ['23:30Z on 22 Dec is already Wednesday 23 Dec in Stockholm', '2026-12-22T23:30:00.000Z', '2026-12-29', winter('2026-12-29')],
    ['Tuesday 29 Dec 2026: nyårsafton and nyårsdagen are skipped', '2026-12-29T09:00:00.000Z', '2027-01-04', winter('2027-01-04')],
    ['Wednesday 24 Mar 2027: långfredag, the DST weekend and annandag påsk are skipped', '2027-03-24T09:00:00.000Z', '2027-03-30', summer('2027-03-30')],
    ['Thursday 24 Jun 2027: midsommarafton is skipped', '2027-06-24T07:00:00.000Z', '2027-06-29', summer('2027-06-29')],
    ['Thursday 28 Oct 2027 (summer time): due Monday 1 Nov in winter time', '2027-10-28T08:00:00.000Z', '2027-11-01', winter('2027-11-01')],
  ])('created %s', (_label, created, dueDate, deliverAt) => {
    expect(only(remind(createdAt(created)), 'firstMeeting')).toEqual({ key: 'firstMeeting', kind: 'firstMeeting', meetingId: undefined, dueDate, deliverAt, recipients: RECIPIENTS });
  });

  it('is not there while consent is not yet given', () => {
    const c: CaseState = { ...newCase(), consent: { status: 'notYet' } };
    expect(view(remind(c))).toEqual([r('inactive:2026-11-23', 'inactive', '2026-12-23', winter('2026-12-23'))]);
  });

  it('goes once a meeting is booked', () => {
    expect(remind(mainMeeting()).map((x) => x.kind)).not.toContain('firstMeeting');
  });

  it('stays gone once a meeting has been held', () => {
    const c = held(mainMeeting(), clockAt('2026-12-14T14:00:00.000Z'));
    expect(remind(c).map((x) => x.kind)).not.toContain('firstMeeting');
  });

  it('is VoSS\'s rule (003:94): a SIP case is asked for its förmöte instead', () => {
    const kinds = remind({ ...newCase(), kind: 'sip' }).map((x) => x.kind);
    expect(kinds).not.toContain('firstMeeting');
    expect(kinds).toContain('preMeetingAfterConsent');
    expect(remind({ ...newCase(), kind: 'vss' }).map((x) => x.kind)).toContain('firstMeeting');
  });
});

// ---------------------------------------------------------------------------------------------
// A planned meeting
// ---------------------------------------------------------------------------------------------

describe('a planned SIP meeting', () => {
  it('warrants pre-meeting prompts, the invitation and its escalation, the day-before reminder and the not-held check', () => {
    const list = remind(mainMeeting());
    expect(view(list)).toEqual(sorted(MAIN_EXPECTED));
    for (const x of list) expect(x.recipients).toEqual(RECIPIENTS);
  });

  it('around Christmas and New Year: booked Monday 14 Dec 2026 for Thursday 7 Jan 2027 10:00', () => {
    const c = plan(newCase(), '2027-01-07', '10:00', clockAt('2026-12-14T09:00:00.000Z'));
    const at = '2027-01-07T09:00:00.000Z';
    expect(view(remind(c))).toEqual(
      sorted([
        // 10 working days back from 7 Jan skip trettondedag jul, nyårsdagen, nyårsafton, juldagen and julafton.
        r(`preMeeting:M1:${at}:10`, 'preMeetingPrompt', '2026-12-17', winter('2026-12-17'), 'M1'),
        r(`preMeeting:M1:${at}:5`, 'preMeetingPrompt', '2026-12-28', winter('2026-12-28'), 'M1'),
        r('invitation:M1', 'invitation', '2026-12-15', winter('2026-12-15'), 'M1'),
        r(`invitationEscalation:M1:${at}`, 'invitationEscalation', '2026-12-17', winter('2026-12-17'), 'M1'),
        // Trettondagsafton (5 Jan) is a working day.
        r(`meetingSoon:M1:${at}`, 'meetingSoon', '2027-01-05', winter('2027-01-05'), 'M1'),
        r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2027-01-08', winter('2027-01-08'), 'M1'),
        r('inactive:2026-12-14', 'inactive', '2027-01-13', winter('2027-01-13')),
      ]),
    );
  });

  it('around Easter and the start of summer time: booked Monday 1 Mar 2027 for Tuesday 30 Mar 2027 10:00', () => {
    const c = plan(newCase(), '2027-03-30', '10:00', clockAt('2027-03-01T09:00:00.000Z'));
    const at = '2027-03-30T08:00:00.000Z';
    expect(meetingIn(c).startsAt).toBe(at);
    expect(view(remind(c))).toEqual(
      sorted([
        r(`preMeeting:M1:${at}:10`, 'preMeetingPrompt', '2027-03-12', winter('2027-03-12'), 'M1'),
        r(`preMeeting:M1:${at}:5`, 'preMeetingPrompt', '2027-03-19', winter('2027-03-19'), 'M1'),
        r('invitation:M1', 'invitation', '2027-03-02', winter('2027-03-02'), 'M1'),
        r(`invitationEscalation:M1:${at}`, 'invitationEscalation', '2027-03-12', winter('2027-03-12'), 'M1'),
        // The working day before Tuesday 30 Mar is skärtorsdagen, 25 Mar (still winter time).
        r(`meetingSoon:M1:${at}`, 'meetingSoon', '2027-03-25', winter('2027-03-25'), 'M1'),
        r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2027-03-31', summer('2027-03-31'), 'M1'),
        r('inactive:2027-03-01', 'inactive', '2027-03-31', summer('2027-03-31')),
      ]),
    );
  });

  describe('pre-meeting prompts', () => {
    it('are skipped when they would fall before the day the meeting was booked', () => {
      // Booked Monday 23 Nov for Wednesday 2 Dec: 10 working days before is 18 Nov, 5 is 25 Nov.
      const list = remind(plan(newCase(), '2026-12-02', '13:00'));
      expect(list.filter((x) => x.kind === 'preMeetingPrompt').map((x) => [x.key, x.dueDate])).toEqual([[`preMeeting:M1:${'2026-12-02T12:00:00.000Z'}:5`, '2026-11-25']]);
    });

    it.each([
      ['2026-12-07', ['preMeeting:M1:2026-12-07T12:00:00.000Z:10', '2026-11-23']],
      ['2026-12-04', undefined],
    ])('for a meeting on %s, the 10-day prompt falls on the booking day (kept) or before it (skipped)', (date, expected) => {
      const prompt = remind(plan(newCase(), date, '13:00')).find((x) => x.key === `preMeeting:M1:${date}T12:00:00.000Z:10`);
      expect(prompt === undefined ? undefined : [prompt.key, prompt.dueDate]).toEqual(expected);
    });

    it('are all skipped for a meeting booked the same day', () => {
      const list = remind(plan(newCase(), '2026-11-23', '15:00'));
      expect(list.filter((x) => x.kind === 'preMeetingPrompt')).toEqual([]);
    });

    it('go once the förmöte is held; only they change', () => {
      const before = mainMeeting();
      const after = ok(markPreMeetingHeld(before, { meetingId: 'M1', rev: meetingIn(before).rev }, BJORN, clockAt('2026-11-25T09:00:00.000Z')));
      expect(withoutInactive(remind(after))).toEqual(withoutInactive(remind(before)).filter((x) => x.kind !== 'preMeetingPrompt'));
    });

    it('stay while förmöte answers are only saved, not held', () => {
      const before = mainMeeting();
      const after = ok(savePreMeeting(before, { meetingId: 'M1', rev: meetingIn(before).rev, answers: { goals: 'Att få bo kvar hemma' } }, ANNA, clockAt('2026-11-25T09:00:00.000Z')));
      expect(withoutInactive(remind(after))).toEqual(withoutInactive(remind(before)));
    });
  });

  describe('the invitation to the other principal', () => {
    it('is for kommun when Anna (region) planned the meeting: marking kommun sent removes both reminders', () => {
      const before = mainMeeting();
      const after = invitationSent(before, 'kommun', clockAt('2026-11-24T09:00:00.000Z'));
      expect(withoutInactive(remind(after))).toEqual(withoutInactive(remind(before)).filter((x) => x.kind !== 'invitation' && x.kind !== 'invitationEscalation'));
    });

    it('is for region when Björn (kommun) planned the meeting', () => {
      const c = plan(newCase(), '2026-12-14', '13:00', BOOKED, {}, BJORN);
      expect(view(remind(c))).toEqual(sorted(MAIN_EXPECTED));
      expect(remind(invitationSent(c, 'kommun', clockAt('2026-11-24T09:00:00.000Z'))).map((x) => x.key)).toContain('invitation:M1');
      expect(remind(invitationSent(c, 'region', clockAt('2026-11-24T09:00:00.000Z'))).map((x) => x.kind)).not.toContain('invitation');
    });

    it('is asked for when the other principal is not invited at all: without it the meeting is not a SIP meeting', () => {
      const c = plan(newCase(), '2026-12-14', '13:00', BOOKED, { invited: ['personen', 'region'] });
      // Booked Monday 23 Nov: the invitation reminder the next working day, escalated 10 working days before 14 Dec (30 Nov).
      expect(remind(c).filter((x) => x.kind === 'invitation').map((x) => [x.key, x.dueDate])).toEqual([['invitation:M1', '2026-11-24']]);
      expect(remind(c).filter((x) => x.kind === 'invitationEscalation').map((x) => x.dueDate)).toEqual(['2026-11-30']);
      // Marking the kallelse to kommun sent (which invites it) ends both.
      const invited = invitationSent(c, 'kommun', clockAt('2026-11-24T09:00:00.000Z'));
      expect(meetingIn(invited).invited.map((p) => p.role)).toEqual(['personen', 'region', 'kommun']);
      expect(remind(invited).map((x) => x.kind)).not.toContain('invitation');
      expect(remind(invited).map((x) => x.kind)).not.toContain('invitationEscalation');
    });

    it('is not affected by marking another party\'s invitation sent', () => {
      const before = mainMeeting();
      const after = invitationSent(before, 'personen', clockAt('2026-11-24T09:00:00.000Z'));
      expect(withoutInactive(remind(after))).toEqual(withoutInactive(remind(before)));
    });

    it.each([
      // Booked Monday 23 Nov 2026, so the first reminder is Tuesday 24 Nov.
      ['2026-12-02', undefined, '10 working days before is 18 Nov, before the first reminder'],
      ['2026-12-08', undefined, '10 working days before is 24 Nov, the same day as the first reminder'],
      ['2026-12-09', '2026-11-25', '10 working days before is 25 Nov, after the first reminder'],
    ])('for a meeting on %s the escalation is %s (%s)', (date, escalation, _why) => {
      const list = remind(plan(newCase(), date, '13:00'));
      expect(only(list, 'invitation').dueDate).toBe('2026-11-24');
      expect(list.find((x) => x.kind === 'invitationEscalation')?.dueDate).toBe(escalation);
    });

    // The first invitation reminder is due one working day after booking, unless that is after the
    // meeting day. The boundary: a meeting on the first working day after booking gets it that morning.
    // Prompts (10 and 5 working days before) and the escalation fall before the booking in each case.
    describe('for a meeting booked shortly before it', () => {
      it('booked Monday 23 Nov 2026 10:00 for Tuesday 24 Nov 13:00: due the meeting morning, 24 Nov 08:00', () => {
        const at = '2026-11-24T12:00:00.000Z';
        expect(view(remind(plan(newCase(), '2026-11-24', '13:00')))).toEqual(
          sorted([
            r('invitation:M1', 'invitation', '2026-11-24', winter('2026-11-24'), 'M1'),
            // One working day before the meeting is the booking day itself: kept.
            r(`meetingSoon:M1:${at}`, 'meetingSoon', '2026-11-23', winter('2026-11-23'), 'M1'),
            r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2026-11-25', winter('2026-11-25'), 'M1'),
            r('inactive:2026-11-23', 'inactive', '2026-12-23', winter('2026-12-23')),
          ]),
        );
      });

      it('booked Monday 23 Nov 2026 10:00 for 15:00 the same day: no invitation reminder (24 Nov is after the meeting)', () => {
        const at = '2026-11-23T14:00:00.000Z';
        expect(view(remind(plan(newCase(), '2026-11-23', '15:00')))).toEqual(
          sorted([r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2026-11-24', winter('2026-11-24'), 'M1'), r('inactive:2026-11-23', 'inactive', '2026-12-23', winter('2026-12-23'))]),
        );
      });

      it('booked Friday 27 Nov 2026 for Monday 30 Nov 10:00: the weekend is skipped, due Monday morning', () => {
        const at = '2026-11-30T09:00:00.000Z';
        expect(view(remind(plan(newCase(), '2026-11-30', '10:00', clockAt('2026-11-27T09:00:00.000Z'))))).toEqual(
          sorted([
            r('invitation:M1', 'invitation', '2026-11-30', winter('2026-11-30'), 'M1'),
            r(`meetingSoon:M1:${at}`, 'meetingSoon', '2026-11-27', winter('2026-11-27'), 'M1'),
            r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2026-12-01', winter('2026-12-01'), 'M1'),
            // 27 Nov + 30 days is Sunday 27 Dec: Monday 28 Dec.
            r('inactive:2026-11-27', 'inactive', '2026-12-28', winter('2026-12-28')),
          ]),
        );
      });

      it('booked Friday 27 Nov 2026 for Saturday 28 Nov 10:00: none, the next working day (Monday 30 Nov) is after it', () => {
        const list = remind(plan(newCase(), '2026-11-28', '10:00', clockAt('2026-11-27T09:00:00.000Z')));
        expect(list.map((x) => x.kind)).not.toContain('invitation');
        expect(list.map((x) => x.kind)).not.toContain('invitationEscalation');
        expect(only(list, 'meetingNotHeld').dueDate).toBe('2026-11-30');
      });

      it('booked Wednesday 23 Dec 2026 for Monday 28 Dec 10:00: julafton, juldagen, annandag jul and the weekend are skipped', () => {
        const at = '2026-12-28T09:00:00.000Z';
        expect(view(remind(plan(newCase(), '2026-12-28', '10:00', clockAt('2026-12-23T09:00:00.000Z'))))).toEqual(
          sorted([
            r('invitation:M1', 'invitation', '2026-12-28', winter('2026-12-28'), 'M1'),
            r(`meetingSoon:M1:${at}`, 'meetingSoon', '2026-12-23', winter('2026-12-23'), 'M1'),
            r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2026-12-29', winter('2026-12-29'), 'M1'),
            r('inactive:2026-12-23', 'inactive', '2027-01-22', winter('2027-01-22')),
          ]),
        );
      });

      it('booked Thursday 24 Jun 2027 (summer time) for Monday 28 Jun 10:00: midsommarafton and the weekend are skipped', () => {
        const at = '2027-06-28T08:00:00.000Z';
        expect(view(remind(plan(newCase(), '2027-06-28', '10:00', clockAt('2027-06-24T08:00:00.000Z'))))).toEqual(
          sorted([
            r('invitation:M1', 'invitation', '2027-06-28', summer('2027-06-28'), 'M1'),
            r(`meetingSoon:M1:${at}`, 'meetingSoon', '2027-06-24', summer('2027-06-24'), 'M1'),
            r(`meetingNotHeld:M1:${at}`, 'meetingNotHeld', '2027-06-29', summer('2027-06-29'), 'M1'),
            // 24 Jun + 30 days is Saturday 24 Jul: Monday 26 Jul.
            r('inactive:2027-06-24', 'inactive', '2027-07-26', summer('2027-07-26')),
          ]),
        );
      });
    });
  });

  describe('the meeting-soon reminder (1 working day before) and the not-held check (next working day)', () => {
    it.each([
      ['Monday 28 Dec 2026', '2026-12-01T09:00:00.000Z', '2026-12-28', '10:00', '2026-12-23', winter('2026-12-23'), '2026-12-29', winter('2026-12-29')],
      ['Wednesday 23 Dec 2026', '2026-12-01T09:00:00.000Z', '2026-12-23', '10:00', '2026-12-22', winter('2026-12-22'), '2026-12-28', winter('2026-12-28')],
      ['Wednesday 30 Dec 2026', '2026-12-01T09:00:00.000Z', '2026-12-30', '10:00', '2026-12-29', winter('2026-12-29'), '2027-01-04', winter('2027-01-04')],
      ['Monday 4 Jan 2027', '2026-12-01T09:00:00.000Z', '2027-01-04', '10:00', '2026-12-30', winter('2026-12-30'), '2027-01-05', winter('2027-01-05')],
      ['Thursday 25 Mar 2027 (skärtorsdagen)', '2027-03-01T09:00:00.000Z', '2027-03-25', '14:00', '2027-03-24', winter('2027-03-24'), '2027-03-30', summer('2027-03-30')],
      ['Thursday 24 Jun 2027', '2027-06-01T09:00:00.000Z', '2027-06-24', '10:00', '2027-06-23', summer('2027-06-23'), '2027-06-28', summer('2027-06-28')],
      ['Monday 28 Jun 2027', '2027-06-01T09:00:00.000Z', '2027-06-28', '10:00', '2027-06-24', summer('2027-06-24'), '2027-06-29', summer('2027-06-29')],
      ['Friday 29 Oct 2027', '2027-10-01T09:00:00.000Z', '2027-10-29', '10:00', '2027-10-28', summer('2027-10-28'), '2027-11-01', winter('2027-11-01')],
      ['Monday 1 Nov 2027', '2027-10-01T09:00:00.000Z', '2027-11-01', '10:00', '2027-10-29', summer('2027-10-29'), '2027-11-02', winter('2027-11-02')],
    ])('for a meeting on %s', (_label, bookedAt, date, time, soonDay, soonAt, notHeldDay, notHeldAt) => {
      const c = plan(newCase(), date, time, clockAt(bookedAt));
      const startsAt = meetingIn(c).startsAt;
      const list = remind(c);
      expect(only(list, 'meetingSoon')).toMatchObject({ key: `meetingSoon:M1:${startsAt}`, meetingId: 'M1', dueDate: soonDay, deliverAt: soonAt });
      expect(only(list, 'meetingNotHeld')).toMatchObject({ key: `meetingNotHeld:M1:${startsAt}`, meetingId: 'M1', dueDate: notHeldDay, deliverAt: notHeldAt });
    });

    it('meeting-soon is kept when booked the working day before, skipped when booked the same day', () => {
      expect(only(remind(plan(newCase(), '2026-11-24', '10:00')), 'meetingSoon').dueDate).toBe('2026-11-23');
      const sameDay = remind(plan(newCase(), '2026-11-23', '15:00'));
      expect(sameDay.map((x) => x.kind)).not.toContain('meetingSoon');
      expect(only(sameDay, 'meetingNotHeld').dueDate).toBe('2026-11-24');
    });
  });

  it('two planned meetings each get their own reminders, with distinct keys', () => {
    const c = plan(mainMeeting(), '2027-01-07', '10:00', clockAt('2026-11-24T09:00:00.000Z'));
    const list = remind(c);
    expect(new Set(keysOf(list)).size).toBe(list.length);
    expect(list.filter((x) => x.meetingId === 'M1').map((x) => x.key).sort()).toEqual(MAIN_EXPECTED.filter((x) => x.meetingId === 'M1').map((x) => x.key).sort());
    expect(list.filter((x) => x.meetingId === 'M2').map((x) => x.kind).sort()).toEqual(['invitation', 'invitationEscalation', 'meetingNotHeld', 'meetingSoon', 'preMeetingPrompt', 'preMeetingPrompt']);
  });
});

// ---------------------------------------------------------------------------------------------
// Held meetings: follow-up date, crisis plan
// ---------------------------------------------------------------------------------------------

/** M1 on Wednesday 23 Dec 2026 10:00, marked held at 11:30 the same day. */
const DEC23_HELD = clockAt('2026-12-23T10:30:00.000Z');
const heldBeforeChristmas = (): CaseState => held(plan(newCase(), '2026-12-23', '10:00'), DEC23_HELD);

describe('a held meeting', () => {
  it('with no follow-up date and no crisis plan: next working day, and 5 working days after, across Christmas and New Year', () => {
    const c = heldBeforeChristmas();
    expect(view(remind(c))).toEqual(
      sorted([
        r('noFollowUpDate:M1', 'noFollowUpDate', '2026-12-28', winter('2026-12-28'), 'M1'),
        r('noCrisisPlan:M1', 'noCrisisPlan', '2027-01-05', winter('2027-01-05')),
        r('inactive:2026-12-23', 'inactive', '2027-01-22', winter('2027-01-22')),
      ]),
    );
  });

  it('marked held on skärtorsdagen 2027: the next working day is after Easter, in summer time', () => {
    const c = held(plan(newCase(), '2027-03-25', '14:00', clockAt('2027-03-01T09:00:00.000Z')), clockAt('2027-03-25T15:00:00.000Z'));
    expect(only(remind(c), 'noFollowUpDate')).toMatchObject({ key: 'noFollowUpDate:M1', dueDate: '2027-03-30', deliverAt: summer('2027-03-30') });
    expect(only(remind(c), 'noCrisisPlan')).toMatchObject({ key: 'noCrisisPlan:M1', dueDate: '2027-04-05', deliverAt: summer('2027-04-05') });
  });

  it('no longer has any of the planned meeting\'s reminders', () => {
    const c = held(mainMeeting(), clockAt('2026-12-14T14:00:00.000Z'));
    const kinds = remind(c).map((x) => x.kind);
    for (const gone of ['preMeetingPrompt', 'invitation', 'invitationEscalation', 'meetingSoon', 'meetingNotHeld'] as const) expect(kinds).not.toContain(gone);
    expect(only(remind(c), 'noFollowUpDate').dueDate).toBe('2026-12-15');
    // 5 working days after Monday 14 Dec 2026.
    expect(only(remind(c), 'noCrisisPlan').dueDate).toBe('2026-12-21');
  });

  describe('follow-up', () => {
    it('setting a follow-up date replaces "no follow-up date" with reminders 5 working days before and on the day', () => {
      const c = followUpDate(heldBeforeChristmas(), '2027-03-30', clockAt('2027-01-04T09:00:00.000Z'));
      const list = remind(c);
      expect(list.map((x) => x.kind)).not.toContain('noFollowUpDate');
      expect(view(list.filter((x) => x.kind === 'followUpSoon' || x.kind === 'followUpToday'))).toEqual(
        sorted([r('followUpSoon:2027-03-30', 'followUpSoon', '2027-03-19', winter('2027-03-19')), r('followUpToday:2027-03-30', 'followUpToday', '2027-03-30', summer('2027-03-30'))]),
      );
      // The crisis-plan reminder is not touched by the plan.
      expect(only(list, 'noCrisisPlan').dueDate).toBe('2027-01-05');
    });

    it.each([
      ['Monday 14 Jun 2027', '2027-06-14', '2027-06-07', summer('2027-06-07'), '2027-06-14', summer('2027-06-14')],
      ['julafton 2026', '2026-12-24', '2026-12-17', winter('2026-12-17'), '2026-12-28', winter('2026-12-28')],
      ['nyårsdagen 2027', '2027-01-01', '2026-12-22', winter('2026-12-22'), '2027-01-04', winter('2027-01-04')],
      ['påskafton 2027', '2027-03-27', '2027-03-19', winter('2027-03-19'), '2027-03-30', summer('2027-03-30')],
      ['annandag påsk 2027', '2027-03-29', '2027-03-19', winter('2027-03-19'), '2027-03-30', summer('2027-03-30')],
      ['midsommarafton 2027', '2027-06-25', '2027-06-18', summer('2027-06-18'), '2027-06-28', summer('2027-06-28')],
      ['Sunday 31 Oct 2027, when summer time ends', '2027-10-31', '2027-10-25', summer('2027-10-25'), '2027-11-01', winter('2027-11-01')],
    ])('a follow-up date on %s: the day-of reminder moves to the next working day', (_label, date, soonDay, soonAt, todayDay, todayAt) => {
      const list = remind(followUpDate(newCase(), date));
      expect(only(list, 'followUpSoon')).toEqual({ key: `followUpSoon:${date}`, kind: 'followUpSoon', meetingId: undefined, dueDate: soonDay, deliverAt: soonAt, recipients: RECIPIENTS });
      expect(only(list, 'followUpToday')).toEqual({ key: `followUpToday:${date}`, kind: 'followUpToday', meetingId: undefined, dueDate: todayDay, deliverAt: todayAt, recipients: RECIPIENTS });
    });

    it('a follow-up date set closer than five working days gets the day-of reminder only, not a late "in five working days"', () => {
      // Set on Monday 23 Nov 2026 for Wednesday 25 Nov: five working days before was 18 Nov.
      const list = remind(followUpDate(newCase(), '2026-11-25'));
      expect(list.map((x) => x.kind)).not.toContain('followUpSoon');
      expect(only(list, 'followUpToday').dueDate).toBe('2026-11-25');
      // Exactly five working days ahead (Monday 30 Nov) the reminder is due the day it is set.
      expect(only(remind(followUpDate(newCase(), '2026-11-30')), 'followUpSoon').dueDate).toBe('2026-11-23');
    });

    it('keeps the time the date was set when the rest of the plan changes, and renews it when the date changes', () => {
      const first = followUpDate(newCase(), '2027-03-30');
      const setAt = first.sipPlan?.followUpSetAt;
      expect(setAt).toBe(BOOKED.now.toISOString());
      const later = clockAt('2027-03-25T09:00:00.000Z');
      const edited = ok(savePlanBasics(first, { ownGoals: 'Bo kvar', followUpDate: '2027-03-30', rev: first.sipPlan!.rev }, ANNA, later));
      expect(edited.sipPlan?.followUpSetAt).toBe(setAt);
      expect(remind(edited).map((x) => x.kind)).toContain('followUpSoon');
      const moved = ok(savePlanBasics(edited, { ownGoals: 'Bo kvar', followUpDate: '2027-03-31', rev: edited.sipPlan!.rev }, ANNA, later));
      expect(moved.sipPlan?.followUpSetAt).toBe(later.now.toISOString());
      expect(remind(moved).map((x) => x.kind)).not.toContain('followUpSoon');
    });

    it('changing the follow-up date retires the old keys and brings new ones', () => {
      const first = followUpDate(newCase(), '2027-03-30');
      const second = followUpDate(first, '2027-06-14');
      expect(keysOf(remind(second)).filter((k) => k.startsWith('followUp'))).toEqual(['followUpSoon:2027-06-14', 'followUpToday:2027-06-14']);
    });

    it('booking a follow-up meeting removes "no follow-up date"; cancelling it brings it back unchanged', () => {
      const heldCase = heldBeforeChristmas();
      const booked = plan(heldCase, '2027-03-30', '10:00', clockAt('2027-01-04T09:00:00.000Z'), { followUpOf: 'M1' });
      expect(remind(booked).map((x) => x.kind)).not.toContain('noFollowUpDate');
      expect(remind(booked).filter((x) => x.meetingId === 'M2').map((x) => x.kind)).toContain('meetingSoon');
      const cancelled = ok(cancelMeeting(booked, { meetingId: 'M2', rev: meetingIn(booked, 'M2').rev, reason: 'Personen är sjuk' }, ANNA, clockAt('2027-01-05T09:00:00.000Z')));
      expect(only(remind(cancelled), 'noFollowUpDate')).toEqual(only(remind(heldCase), 'noFollowUpDate'));
      expect(remind(cancelled).filter((x) => x.meetingId === 'M2')).toEqual([]);
    });

    it('a meeting that is not a follow-up does not remove "no follow-up date"', () => {
      const c = plan(heldBeforeChristmas(), '2027-03-30', '10:00', clockAt('2027-01-04T09:00:00.000Z'));
      expect(only(remind(c), 'noFollowUpDate').key).toBe('noFollowUpDate:M1');
    });

    it('the follow-up reminders go once the follow-up meeting is held on the follow-up date', () => {
      const withDate = followUpDate(heldBeforeChristmas(), '2027-03-30', clockAt('2027-01-04T09:00:00.000Z'));
      const booked = plan(withDate, '2027-03-30', '10:00', clockAt('2027-01-04T10:00:00.000Z'), { followUpOf: 'M1' });
      expect(remind(booked).map((x) => x.kind)).toEqual(expect.arrayContaining(['followUpSoon', 'followUpToday']));
      const done = held(booked, clockAt('2027-03-30T10:00:00.000Z'), 'M2');
      const kinds = remind(done).map((x) => x.kind);
      expect(kinds).not.toContain('followUpSoon');
      expect(kinds).not.toContain('followUpToday');      // The plan's date is used up: the next follow-up date is asked for the next working day.
      expect(only(remind(done), 'noFollowUpDate')).toMatchObject({ key: 'noFollowUpDate:M2', dueDate: '2027-03-31', meetingId: 'M2' });
      const next = followUpDate(done, '2027-09-28', clockAt('2027-03-30T12:00:00.000Z'));
      expect(remind(next).map((x) => x.kind)).not.toContain('noFollowUpDate');
      expect(keysOf(remind(next)).filter((k) => k.startsWith('followUp'))).toEqual(['followUpSoon:2027-09-28', 'followUpToday:2027-09-28']);
    });
  });

  describe('crisis plan', () => {
    it('saving it replaces "no crisis plan" with the review reminder 5 working days before the review date', () => {
      const c = crisisPlanSaved(heldBeforeChristmas(), '2027-06-30', clockAt('2027-01-04T09:00:00.000Z'));
      const list = remind(c);
      expect(list.map((x) => x.kind)).not.toContain('noCrisisPlan');
      // 5 working days back from 30 Jun 2027 skip midsommarafton.
      expect(only(list, 'crisisReview')).toEqual({ key: 'crisisReview:2027-06-30', kind: 'crisisReview', meetingId: undefined, dueDate: '2027-06-22', deliverAt: summer('2027-06-22'), recipients: RECIPIENTS });
      // The follow-up reminder is not touched by the crisis plan.
      expect(only(list, 'noFollowUpDate')).toEqual(only(remind(heldBeforeChristmas()), 'noFollowUpDate'));
    });

    it.each([
      ['Thursday 7 Jan 2027', '2027-01-07', '2026-12-28', winter('2026-12-28')],
      ['annandag påsk 2027', '2027-03-29', '2027-03-19', winter('2027-03-19')],
      ['Tuesday 6 Apr 2027, after Easter and the start of summer time', '2027-04-06', '2027-03-30', summer('2027-03-30')],
      ['Monday 1 Nov 2027, after summer time ends', '2027-11-01', '2027-10-25', summer('2027-10-25')],
    ])('a review date on %s', (_label, reviewDate, dueDay, deliverAt) => {
      const c = crisisPlanSaved(newCase(), reviewDate, BOOKED);
      expect(only(remind(c), 'crisisReview')).toMatchObject({ key: `crisisReview:${reviewDate}`, dueDate: dueDay, deliverAt });
    });

    it('a review date closer than five working days when saved gets no late "review coming up"', () => {
      // Saved Monday 23 Nov 2026 with review on Wednesday 25 Nov: five working days before was 18 Nov.
      expect(remind(crisisPlanSaved(newCase(), '2026-11-25', BOOKED)).map((x) => x.kind)).not.toContain('crisisReview');
      expect(only(remind(crisisPlanSaved(newCase(), '2026-11-30', BOOKED)), 'crisisReview').dueDate).toBe('2026-11-23');
    });

    it('a draft crisis plan (revision 0) does not count as saved', () => {
      const c: CaseState = { ...heldBeforeChristmas(), crisisPlan: { ...emptyCrisisPlan(), reviewDate: '2027-06-30' } };
      expect(remind(c).map((x) => x.kind)).toContain('noCrisisPlan');
      expect(remind(c).map((x) => x.kind)).not.toContain('crisisReview');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Inactivity
// ---------------------------------------------------------------------------------------------

describe('a case with no activity for 30 days', () => {
  it.each([
    ['2026-11-23T09:00:00.000Z', 'inactive:2026-11-23', '2026-12-23', winter('2026-12-23')],
    ['2026-11-24T09:00:00.000Z', 'inactive:2026-11-24', '2026-12-28', winter('2026-12-28')],
    ['2026-11-24T23:30:00.000Z', 'inactive:2026-11-25', '2026-12-28', winter('2026-12-28')],
    ['2026-12-01T10:00:00.000Z', 'inactive:2026-12-01', '2027-01-04', winter('2027-01-04')],
    ['2027-02-24T10:00:00.000Z', 'inactive:2027-02-24', '2027-03-30', summer('2027-03-30')],
    ['2027-05-26T08:00:00.000Z', 'inactive:2027-05-26', '2027-06-28', summer('2027-06-28')],
    ['2027-10-01T08:00:00.000Z', 'inactive:2027-10-01', '2027-11-01', winter('2027-11-01')],
  ])('last changed %s → %s, due %s', (updatedAt, key, dueDate, deliverAt) => {
    const c: CaseState = { ...newCase(), consent: { status: 'notYet' }, updatedAt };
    expect(remind(c)).toEqual([{ key, kind: 'inactive', meetingId: undefined, dueDate, deliverAt, recipients: RECIPIENTS }]);
  });

  it('every change to the case starts the 30 days again under a new key', () => {
    const c = ok(linkChat(newCase(), '19:chat@thread.v2', ANNA, clockAt('2026-12-02T09:00:00.000Z')));
    expect(only(remind(c), 'inactive')).toMatchObject({ key: 'inactive:2026-12-02', dueDate: '2027-01-04' });
  });
});

// ---------------------------------------------------------------------------------------------
// A reminder whose cause is gone
// ---------------------------------------------------------------------------------------------

describe('a reminder whose cause is gone is not in the list', () => {
  it('a cancelled meeting leaves none of its reminders', () => {
    const before = mainMeeting();
    const after = ok(cancelMeeting(before, { meetingId: 'M1', rev: meetingIn(before).rev, reason: 'Personen är inlagd' }, ANNA, clockAt('2026-11-25T09:00:00.000Z')));
    expect(remind(after).filter((x) => x.meetingId === 'M1' || x.key.includes('M1'))).toEqual([]);
  });

  describe('a moved meeting (14 Dec 2026 → Monday 11 Jan 2027 13:00, moved on 1 Dec)', () => {
    const NEW = '2027-01-11T12:00:00.000Z';
    const moved = (): CaseState => {
      const before = mainMeeting();
      return ok(moveMeeting(before, { meetingId: 'M1', rev: meetingIn(before).rev, date: '2027-01-11', time: '13:00', durationMinutes: 90 }, ANNA, clockAt('2026-12-01T09:00:00.000Z')));
    };

    it('has the reminders of the new time, and the keys carrying the old time are gone', () => {
      const list = remind(moved());
      const keys = keysOf(list);
      expect(keys).not.toContain(`meetingSoon:M1:${DEC14}`);
      expect(keys).not.toContain(`meetingNotHeld:M1:${DEC14}`);
      expect(list.filter((x) => x.meetingId === 'M1').map(({ kind, dueDate, deliverAt }) => ({ kind, dueDate, deliverAt })).sort((a, b) => `${a.kind}${a.dueDate}`.localeCompare(`${b.kind}${b.dueDate}`))).toEqual([
        // The invitation reminder starts again from the move (Tue 1 Dec): the next working day.
        { kind: 'invitation', dueDate: '2026-12-02', deliverAt: winter('2026-12-02') },
        { kind: 'invitationEscalation', dueDate: '2026-12-21', deliverAt: winter('2026-12-21') },
        { kind: 'meetingNotHeld', dueDate: '2027-01-12', deliverAt: winter('2027-01-12') },
        { kind: 'meetingSoon', dueDate: '2027-01-08', deliverAt: winter('2027-01-08') },
        { kind: 'preMeetingPrompt', dueDate: '2026-12-21', deliverAt: winter('2026-12-21') },
        { kind: 'preMeetingPrompt', dueDate: '2026-12-30', deliverAt: winter('2026-12-30') },
      ]);
      expect(keys).toContain(`meetingSoon:M1:${NEW}`);
      expect(keys).toContain(`meetingNotHeld:M1:${NEW}`);
      expect(keys).toContain(`invitation:M1:${NEW}`);
    });

    it('keeps the kallelse and its reminder when only the length changes', () => {
      const before = mainMeeting();
      const longer = ok(moveMeeting(before, { meetingId: 'M1', rev: meetingIn(before).rev, date: '2026-12-14', time: '13:00', durationMinutes: 120 }, ANNA, clockAt('2026-12-01T09:00:00.000Z')));
      expect(remind(longer).filter((x) => x.kind === 'invitation').map((x) => [x.key, x.dueDate])).toEqual([['invitation:M1', '2026-11-24']]);
    });

    it('asks nothing about a kallelse once the meeting has started, and shows it as late only until its day', () => {
      const c = plan(newCase(), '2026-12-14', '13:00', BOOKED, { invited: ['personen', 'region'] });
      const invitation = remind(c).find((x) => x.kind === 'invitation')!;
      expect(reminderStillTimely(c, invitation, new Date('2026-12-14T11:59:00.000Z'))).toBe(true);
      expect(reminderStillTimely(c, invitation, new Date('2026-12-14T12:00:00.000Z'))).toBe(false);
      expect(reminderStillTimely(c, { kind: 'meetingNotHeld', meetingId: 'M1' }, new Date('2026-12-15T12:00:00.000Z'))).toBe(true);
      expect(overdueKinds(c, S, '2026-12-14')).toContain('invitation');
      expect(overdueKinds(c, S, '2026-12-15')).not.toContain('invitation');
    });

    it('makes the kallelser sent for the old time void: a new one is needed, and the invitation reminder comes again', () => {
      const sent = invitationSent(invitationSent(mainMeeting(), 'kommun', clockAt('2026-11-24T09:00:00.000Z')), 'personen', clockAt('2026-11-24T09:05:00.000Z'));
      expect(remind(sent).map((x) => x.kind)).not.toContain('invitation');
      const m = meetingIn(sent);
      const after = ok(moveMeeting(sent, { meetingId: 'M1', rev: m.rev, date: '2027-01-11', time: '13:00', durationMinutes: 90 }, ANNA, clockAt('2026-12-01T09:00:00.000Z')));
      expect(meetingIn(after).invited).toEqual([
        { role: 'personen', sentForEarlierTime: '2026-11-24T09:05:00.000Z' },
        { role: 'region' },
        { role: 'kommun', sentForEarlierTime: '2026-11-24T09:00:00.000Z' },
      ]);
      expect(remind(after).filter((x) => x.kind === 'invitation').map((x) => [x.key, x.dueDate])).toEqual([[`invitation:M1:${NEW}`, '2026-12-02']]);
      // Sent again for the new time: the reminder goes, and the mark of the old time with it.
      const again = invitationSent(after, 'kommun', clockAt('2026-12-02T09:00:00.000Z'));
      expect(meetingIn(again).invited.find((p) => p.role === 'kommun')).toEqual({ role: 'kommun', sentAt: '2026-12-02T09:00:00.000Z' });
      expect(remind(again).map((x) => x.kind)).not.toContain('invitation');
    });

    // Every reminder whose date follows the meeting's time carries that time in its key.
    it('no key survives the move with a different date: a reminder tied to the old time is retired, not re-dated', () => {
      const before = new Map(remind(mainMeeting()).map((x) => [x.key, x]));
      const redated = remind(moved())
        .filter((x) => before.has(x.key) && before.get(x.key)!.dueDate !== x.dueDate)
        .map((x) => `${x.key}: ${before.get(x.key)!.dueDate} → ${x.dueDate}`);
      expect(redated).toEqual([]);
    });
  });

  it('a closed case whose SIP ends too has no reminders at all', () => {
    const ends = { reason: 'Personen flyttar från kommunen', early: 'moves', sipHolder: SIP_ENDS, sipEndReason: 'Personen flyttar' };
    expect(remindersFor(ok(closeCase(mainMeeting(), ends, ANNA, clockAt('2026-11-24T09:00:00.000Z'))), S)).toEqual([]);
    expect(remindersFor(ok(closeCase(newCase(), ends, BJORN, clockAt('2026-11-24T09:00:00.000Z'))), S)).toEqual([]);
    const busy = crisisPlanSaved(followUpDate(heldBeforeChristmas(), '2027-03-30', clockAt('2027-01-04T09:00:00.000Z')), '2027-06-30', clockAt('2027-01-04T09:00:00.000Z'));
    expect(remind(busy).length).toBeGreaterThan(1);
    expect(remindersFor(ok(closeCase(busy, { ...ends, reason: 'Insatserna är avslutade' }, ANNA, clockAt('2027-01-05T09:00:00.000Z'))), S)).toEqual([]);
  });

  it('a SIP that goes on after VoSS closed keeps its own reminders, for the one who holds it only', () => {
    const at = clockAt('2027-01-04T09:00:00.000Z');
    const busy = crisisPlanSaved(followUpDate(heldBeforeChristmas(), '2027-03-30', at), '2027-06-30', at);
    const before = remindersFor(busy, S);
    const goesOn = ok(closeCase(busy, { reason: undefined, early: 'declines', sipHolder: BJORN.aadObjectId }, ANNA, clockAt('2027-01-05T09:00:00.000Z')));
    const after = remindersFor(goesOn, S);
    // 003:114, "den fortsatta samverkan sker därefter utifrån de behov som finns": the follow-up,
    // the crisis plan's review and the consent it rests on; not VoSS's own (a quiet case).
    expect(after.map((x) => x.kind).sort()).toEqual(['consentEnding', 'crisisReview', 'followUpSoon', 'followUpToday']);
    expect(before.map((x) => x.kind)).toContain('inactive');
    for (const x of after) {
      expect(x.recipients).toEqual([BJORN.aadObjectId]);
      // The same reminder as before closing: its key and day do not move, so it is not sent twice.
      expect(before.find((y) => y.key === x.key)?.dueDate).toBe(x.dueDate);
    }
    // A holder who muted the case gets nothing, and nobody else does either.
    const muted = { ...goesOn, coordinators: goesOn.coordinators.map((x) => (x.aadObjectId === BJORN.aadObjectId ? { ...x, remindersMuted: true } : x)) };
    expect(remindersFor(muted, S)).toEqual([]);
    // Ended later by the holder: nothing more.
    expect(remindersFor(ok(endSip(goesOn, { reason: 'Målen är nådda' }, BJORN, clockAt('2027-04-01T09:00:00.000Z'))), S)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Stable keys
// ---------------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('keys are stable', () => {
  it('the same state gives the same list, also from a copy, and the state is not touched', () => {
    const c = deepFreeze(crisisPlanSaved(followUpDate(plan(mainMeeting(), '2027-01-07', '10:00', clockAt('2026-11-24T09:00:00.000Z')), '2027-03-30'), '2027-06-30', BOOKED));
    const first = remind(c);
    expect(remind(c)).toEqual(first);
    expect(remind(structuredClone(c))).toEqual(first);
    expect(first.length).toBeGreaterThan(5);
  });

  it.each([
    ['linking a group chat', (c: CaseState) => ok(linkChat(c, '19:chat@thread.v2', ANNA, clockAt('2026-11-25T09:00:00.000Z')))],
    ['answering B1', (c: CaseState) => ok(answerNeed(c, { need: 'yes', rev: 0 }, BJORN, clockAt('2026-11-25T09:00:00.000Z')))],
    ['saving förmöte answers', (c: CaseState) => ok(savePreMeeting(c, { meetingId: 'M1', rev: meetingIn(c).rev, answers: { whatMatters: 'Att ha en fast kontakt' } }, ANNA, clockAt('2026-11-25T09:00:00.000Z')))],
    ['marking the invitation to the person sent', (c: CaseState) => invitationSent(c, 'personen', clockAt('2026-11-25T09:00:00.000Z'))],
    ['planning a second meeting', (c: CaseState) => plan(c, '2027-02-01', '10:00', clockAt('2026-11-25T09:00:00.000Z'))],
    ['saving a follow-up date', (c: CaseState) => followUpDate(c, '2027-03-30', clockAt('2026-11-25T09:00:00.000Z'))],
  ])('%s leaves the existing reminders\' keys and dates as they were (only the inactivity nudge moves)', (_label, change) => {
    const before = withoutInactive(remind(mainMeeting()));
    const after = withoutInactive(remind(change(mainMeeting())));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(only(remind(change(mainMeeting())), 'inactive').key).toBe('inactive:2026-11-25');
  });

  it('settings are honoured: other counts and another opening time', () => {
    const s: ReminderSettings = { ...S, firstMeetingAfterWorkingDays: 3, preMeetingPromptsWorkingDaysBefore: [15, 5, 2], officeOpens: '07:30', inactiveDays: 14 };
    const list = remind(mainMeeting(), s);
    expect(list.filter((x) => x.kind === 'preMeetingPrompt').map((x) => [x.key, x.dueDate, x.deliverAt])).toEqual([
      [`preMeeting:M1:${DEC14}:15`, '2026-11-23', '2026-11-23T06:30:00.000Z'],
      [`preMeeting:M1:${DEC14}:5`, '2026-12-07', '2026-12-07T06:30:00.000Z'],
      [`preMeeting:M1:${DEC14}:2`, '2026-12-10', '2026-12-10T06:30:00.000Z'],
    ]);
    expect(only(list, 'inactive')).toMatchObject({ dueDate: '2026-12-07', deliverAt: '2026-12-07T06:30:00.000Z' });
    expect(only(remind(newCase(), s), 'firstMeeting')).toMatchObject({ dueDate: '2026-11-26', deliverAt: '2026-11-26T06:30:00.000Z' });
  });
});

// ---------------------------------------------------------------------------------------------
// deliveryTime
// ---------------------------------------------------------------------------------------------

describe('deliveryTime', () => {
  it.each([
    ['inside office hours on a working day: unchanged', '2026-12-14T09:00:00.000Z', '2026-12-14T09:00:00.000Z'],
    ['exactly at opening: unchanged', '2026-12-14T07:00:00.000Z', '2026-12-14T07:00:00.000Z'],
    ['16:59 on a working day: unchanged', '2026-12-14T15:59:00.000Z', '2026-12-14T15:59:00.000Z'],
    ['annandag pingst (not a holiday since 2005): unchanged', '2027-05-17T08:00:00.000Z', '2027-05-17T08:00:00.000Z'],
    ['valborgsmässoafton (a working day): unchanged', '2027-04-30T12:00:00.000Z', '2027-04-30T12:00:00.000Z'],
    ['07:30 on a working day → 08:00 the same day', '2026-12-14T06:30:00.000Z', winter('2026-12-14')],
    ['00:30 Monday in Stockholm (Sunday in UTC) → 08:00 that Monday', '2026-12-13T23:30:00.000Z', winter('2026-12-14')],
    ['17:00 exactly → next working day 08:00', '2026-12-14T16:00:00.000Z', winter('2026-12-15')],
    ['Friday 18:00 → Monday 08:00', '2026-12-11T17:00:00.000Z', winter('2026-12-14')],
    ['Saturday 10:00 → Monday 08:00', '2026-12-12T09:00:00.000Z', winter('2026-12-14')],
    ['Wednesday 23 Dec 2026 18:00 → Monday 28 Dec', '2026-12-23T17:00:00.000Z', winter('2026-12-28')],
    ['julafton 2026 10:00 → Monday 28 Dec', '2026-12-24T09:00:00.000Z', winter('2026-12-28')],
    ['Wednesday 30 Dec 2026 17:30 → Monday 4 Jan 2027 (nyårsafton, nyårsdagen)', '2026-12-30T16:30:00.000Z', winter('2027-01-04')],
    ['trettondedag jul 2027 → Thursday 7 Jan', '2027-01-06T09:00:00.000Z', winter('2027-01-07')],
    ['skärtorsdagen 25 Mar 2027 17:30 (winter time) → Tuesday 30 Mar 08:00 summer time', '2027-03-25T16:30:00.000Z', summer('2027-03-30')],
    ['långfredagen 2027 10:00 → Tuesday 30 Mar', '2027-03-26T09:00:00.000Z', summer('2027-03-30')],
    ['Sunday 28 Mar 2027 03:30 (just after the clocks go forward) → Tuesday 30 Mar', '2027-03-28T01:30:00.000Z', summer('2027-03-30')],
    ['annandag påsk 2027 07:00 → Tuesday 30 Mar', '2027-03-29T05:00:00.000Z', summer('2027-03-30')],
    ['Tuesday 30 Mar 2027 07:59 summer time → 08:00 the same day', '2027-03-30T05:59:00.000Z', summer('2027-03-30')],
    ['Thursday 24 Jun 2027 17:00 → Monday 28 Jun (midsommarafton)', '2027-06-24T15:00:00.000Z', summer('2027-06-28')],
    ['midsommarafton 2027, 00:30 in Stockholm (still Thursday in UTC) → Monday 28 Jun', '2027-06-24T22:30:00.000Z', summer('2027-06-28')],
    ['Friday 29 Oct 2027 18:00 summer time → Monday 1 Nov 08:00 winter time', '2027-10-29T16:00:00.000Z', winter('2027-11-01')],
    ['Sunday 31 Oct 2027 02:30 summer time (before the clocks go back) → Monday 1 Nov', '2027-10-31T00:30:00.000Z', winter('2027-11-01')],
    ['Sunday 31 Oct 2027 02:30 winter time (after the clocks go back) → Monday 1 Nov', '2027-10-31T01:30:00.000Z', winter('2027-11-01')],
    ['Monday 1 Nov 2027 07:59 winter time → 08:00 the same day', '2027-11-01T06:59:00.000Z', winter('2027-11-01')],
    ['Friday 5 Nov 2027 (allhelgonaafton, a working day) 17:00 → Monday 8 Nov (alla helgons dag is Saturday)', '2027-11-05T16:00:00.000Z', winter('2027-11-08')],
  ])('%s', (_label, dueAt, expected) => {
    expect(deliveryTime(new Date(dueAt), S)).toBe(expected);
  });

  it('honours other office hours', () => {
    const s: ReminderSettings = { ...S, officeOpens: '09:00', officeCloses: '15:00' };
    expect(deliveryTime(new Date('2026-12-14T07:30:00.000Z'), s)).toBe('2026-12-14T08:00:00.000Z');
    expect(deliveryTime(new Date('2026-12-14T14:00:00.000Z'), s)).toBe('2026-12-15T08:00:00.000Z');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over 2026–2028
// ---------------------------------------------------------------------------------------------

const MIN = Date.parse('2026-01-01T00:00:00.000Z');
const MAX = Date.parse('2028-12-31T22:59:00.000Z');
const minute = 60_000;
const instantBetween = (min: number, max: number) => fc.integer({ min: Math.floor(min / minute), max: Math.floor(max / minute) }).map((m) => new Date(m * minute).toISOString());
const dayBetween = (min: number, max: number) => instantBetween(min, max).map((iso) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ).toFormat('yyyy-LL-dd'));
const localDay = (iso: string): string => DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ).toFormat('yyyy-LL-dd');

const meetingArb = fc
  .record({
    startsAtMinute: fc.integer({ min: Math.floor(MIN / minute), max: Math.floor(MAX / minute) }),
    // Often booked a few days ahead, so the booking-day boundaries (same day, the working day before) come up.
    bookedBeforeMinutes: fc.oneof(fc.integer({ min: 1, max: 5 * 24 * 60 }), fc.integer({ min: 1, max: 200 * 24 * 60 })),
    status: fc.constantFrom('planned', 'planned', 'held', 'cancelled'),
    heldAfterMinutes: fc.integer({ min: 0, max: 5 * 24 * 60 }),
    preMeetingHeld: fc.boolean(),
    otherInvited: fc.boolean(),
    otherSent: fc.boolean(),
    byKommun: fc.boolean(),
    followUp: fc.boolean(),
  })
  .map((m) => {
    const startsAt = new Date(m.startsAtMinute * minute).toISOString();
    const createdAt = new Date(Math.max(MIN, (m.startsAtMinute - m.bookedBeforeMinutes) * minute)).toISOString();
    return { ...m, startsAt, createdAt };
  });

const caseArb = fc
  .record({
    createdAt: instantBetween(MIN, Date.parse('2026-06-30T00:00:00.000Z')),
    updatedAt: instantBetween(MIN, MAX),
    consentGiven: fc.boolean(),
    meetings: fc.array(meetingArb, { maxLength: 3 }),
    followUpDate: fc.option(dayBetween(MIN, MAX), { nil: undefined }),
    crisis: fc.option(fc.record({ revision: fc.constantFrom(0, 1, 2), reviewDate: dayBetween(MIN, MAX) }), { nil: undefined }),
  })
  .map((x): CaseState => {
    const base = newCase();
    const sipMeetings: SipMeeting[] = x.meetings.map((m, i) => {
      const principal: Principal = m.byKommun ? 'kommun' : 'region';
      const other: Principal = m.byKommun ? 'region' : 'kommun';
      return {
        id: `M${i + 1}`,
        startsAt: m.startsAt,
        durationMinutes: 90,
        form: 'fysiskt',
        purpose: 'Samordna insatser',
        invited: [{ role: 'personen' }, { role: principal }, ...(m.otherInvited ? [{ role: other, sentAt: m.otherSent ? m.createdAt : undefined } satisfies InvitedParty] : [])],
        status: m.status,
        heldAt: m.status === 'held' ? new Date(Date.parse(m.startsAt) + m.heldAfterMinutes * minute).toISOString() : undefined,
        followUpOf: m.followUp && i > 0 ? `M${i}` : undefined,
        moves: [],
        preMeeting: m.preMeetingHeld ? { heldAt: m.createdAt, heldByAadObjectId: ANNA.aadObjectId } : undefined,
        createdAt: m.createdAt,
        plannedBy: { aadObjectId: m.byKommun ? BJORN.aadObjectId : ANNA.aadObjectId, principal },
        rev: 0,
      };
    });
    return {
      ...base,
      createdAt: x.createdAt,
      updatedAt: x.updatedAt,
      consent: x.consentGiven ? base.consent : { status: 'notYet' },
      sipMeetings,
      sipPlan: x.followUpDate === undefined ? undefined : { ...emptyPlan(), followUpDate: x.followUpDate },
      crisisPlan: x.crisis === undefined ? undefined : { ...emptyCrisisPlan(), ...x.crisis },
    };
  });

/** The other principal is on the meeting's invitation list and the invitation is not marked sent. */
/** No kallelse marked sent to the other principal for the meeting's time, invited or not (a meeting without it is not a SIP meeting until it is). */
function notSentToOther(m: SipMeeting): boolean {
  const other: Principal = m.plannedBy.principal === 'region' ? 'kommun' : 'region';
  return m.invited.find((p) => p.role === other)?.sentAt === undefined;
}

/**
 * The invitation reminder a planned meeting should have, counted on the hand calendar: one working
 * day after the booking day, at 08:00 Stockholm, unless that day is after the meeting day.
 */
function invitationByHand(m: SipMeeting): Expected[] {
  if (!notSentToOther(m)) return [];
  // Counted from the booking or the last change of its time (a new length alone voids no kallelse);
  // a re-timed meeting's reminder names its new time.
  const retimed = [...m.moves].reverse().find((x) => x.from !== x.to);
  const first = oracleAddWorkingDays(localDay(retimed?.at ?? m.createdAt), S.invitationAfterWorkingDays);
  if (first > localDay(m.startsAt)) return [];
  const key = retimed === undefined ? `invitation:${m.id}` : `invitation:${m.id}:${m.startsAt}`;
  return [r(key, 'invitation', first, DateTime.fromISO(`${first}T08:00`, { zone: TZ }).toUTC().toISO()!, m.id)];
}

describe('properties over random cases with meetings in 2026–2028', () => {
  it('every dueDate is a Swedish working day, every deliverAt is 08:00 Stockholm on it, keys are unique', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const list = remind(c);
        expect(new Set(list.map((x) => x.key)).size).toBe(list.length);
        for (const x of list) {
          expect(isWorkingDay(x.dueDate), `${x.key} due ${x.dueDate}`).toBe(true);
          expect(oracleIsWorkingDay(x.dueDate), `${x.key} due ${x.dueDate}`).toBe(true);
          const local = DateTime.fromISO(x.deliverAt, { zone: 'utc' }).setZone(TZ);
          expect(local.toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS"), x.key).toBe(`${x.dueDate}T08:00:00.000`);
          expect(x.deliverAt).toMatch(/^\d{4}-\d{2}-\d{2}T0[67]:00:00\.000Z$/);
          // Delivering a reminder at its deliverAt needs no further moving.
          expect(deliveryTime(new Date(x.deliverAt), S)).toBe(x.deliverAt);
          expect(x.recipients).toEqual(RECIPIENTS);
        }
        expect(remind(structuredClone(c))).toEqual(list);
      }),
      { numRuns: 400 },
    );
  });

  it('meeting reminders belong to planned meetings and fall on the right side of the meeting', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const meetings = new Map(meetingsOf(c).map((m) => [m.id, m]));
        for (const x of remind(c)) {
          if (x.kind === 'noFollowUpDate' || x.meetingId === undefined) continue;
          const m = meetings.get(x.meetingId)!;
          expect(m.status, x.key).toBe('planned');
          const meetingDay = localDay(m.startsAt);
          const bookedDay = localDay(m.createdAt);
          if (x.kind === 'preMeetingPrompt' || x.kind === 'meetingSoon' || x.kind === 'invitationEscalation') {
            expect(x.dueDate < meetingDay, x.key).toBe(true);
            expect(x.dueDate >= bookedDay, x.key).toBe(true);
          }
          if (x.kind === 'meetingNotHeld') expect(x.dueDate > meetingDay, x.key).toBe(true);
          if (x.kind === 'invitation') expect(x.dueDate > bookedDay, x.key).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a planned meeting whose other principal is invited but not sent the invitation has the invitation reminder exactly when the hand calendar says', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const list = remind(c);
        for (const m of meetingsOf(c)) {
          const expected = m.status === 'planned' ? invitationByHand(m) : [];
          expect(view(list.filter((x) => x.kind === 'invitation' && x.meetingId === m.id)), `${m.id} booked ${m.createdAt} for ${m.startsAt}`).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
    // Both sides of the boundary, whatever the draws reached (counting them failed on a rare seed):
    // booked the working day before, due on the meeting day itself; booked that morning, none at all.
    const dayBefore = plan(newCase(), '2026-12-15', '10:00', clockAt('2026-12-14T09:00:00.000Z'));
    const sameDay = plan(newCase(), '2026-12-15', '13:00', clockAt('2026-12-15T07:30:00.000Z'));
    for (const c of [dayBefore, sameDay]) {
      expect(notSentToOther(meetingIn(c))).toBe(true);
      expect(view(remind(c).filter((x) => x.kind === 'invitation'))).toEqual(invitationByHand(meetingIn(c)));
    }
    expect(invitationByHand(meetingIn(dayBefore)).map((x) => x.dueDate)).toEqual([localDay(meetingIn(dayBefore).startsAt)]);
    expect(invitationByHand(meetingIn(sameDay))).toEqual([]);
  });

  it('deliveryTime gives the earliest instant at or after the due time that is in office hours on a working day', () => {
    fc.assert(
      fc.property(instantBetween(MIN, MAX), (iso) => {
        const got = deliveryTime(new Date(iso), S);
        const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ);
        const day = local.toFormat('yyyy-LL-dd');
        const time = local.toFormat('HH:mm');
        let expected: string;
        if (oracleIsWorkingDay(day) && time >= '08:00' && time < '17:00') expected = iso;
        else {
          let d = oracleIsWorkingDay(day) && time < '08:00' ? local.startOf('day') : local.startOf('day').plus({ days: 1 });
          while (!oracleIsWorkingDay(d.toFormat('yyyy-LL-dd'))) d = d.plus({ days: 1 });
          expected = d.set({ hour: 8, minute: 0 }).toUTC().toISO()!;
        }
        expect(got).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Where a reminder goes
// ---------------------------------------------------------------------------------------------

describe('reminderDestination', () => {
  const chat = '19:samordning@thread.v2';
  const choose = (c: CaseState, who: string, delivery: 'personal' | 'groupChat', muted = false): CaseState => ({
    ...c,
    coordinators: c.coordinators.map((x) => (x.aadObjectId === who ? { ...x, reminderDelivery: delivery, remindersMuted: muted } : x)),
  });

  it('is the 1:1 chat unless the coordinator chose the linked group chat, and the case has one', () => {
    const c = newCase();
    expect(reminderDestination(c, ANNA.aadObjectId)).toEqual({ kind: 'user' });
    expect(reminderDestination(choose(c, ANNA.aadObjectId, 'groupChat'), ANNA.aadObjectId)).toEqual({ kind: 'user' });
    const linked = { ...choose(c, ANNA.aadObjectId, 'groupChat'), linkedChatIds: [chat] };
    expect(reminderDestination(linked, ANNA.aadObjectId)).toEqual({ kind: 'chat', chatId: chat });
    expect(reminderDestination(linked, BJORN.aadObjectId)).toEqual({ kind: 'user' });
  });

  it('sends one card to the group chat when both chose it, and the muted one does not count', () => {
    const both = { ...choose(choose(newCase(), ANNA.aadObjectId, 'groupChat'), BJORN.aadObjectId, 'groupChat'), linkedChatIds: [chat] };
    const kinds = [ANNA, BJORN].map((p) => reminderDestination(both, p.aadObjectId).kind).sort();
    expect(kinds).toEqual(['chat', 'sharedChat']);
    const first = [ANNA.aadObjectId, BJORN.aadObjectId].sort()[0]!;
    const other = first === ANNA.aadObjectId ? BJORN.aadObjectId : ANNA.aadObjectId;
    expect(reminderDestination(choose(both, first, 'groupChat', true), other)).toEqual({ kind: 'chat', chatId: chat });
  });
});

describe('snoozedDelivery', () => {
  it.each([
    ['Friday 27 Nov 2026, i morgon', '2026-11-27T10:00:00.000Z', 1, winter('2026-11-30')],
    ['Wednesday 23 Dec 2026, i morgon (julafton to annandag off)', '2026-12-23T10:00:00.000Z', 1, winter('2026-12-28')],
    ['Friday 26 Mar 2027 is långfredagen; Thursday 25 Mar, i morgon, lands after Easter in summer time', '2027-03-25T10:00:00.000Z', 1, summer('2027-03-30')],
    ['Monday 23 Nov 2026, om en vecka (five working days)', '2026-11-23T10:00:00.000Z', 5, winter('2026-11-30')],
  ])('%s', (_label, now, days, expected) => {
    expect(snoozedDelivery(new Date(now), days, S)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Muted coordinators
// ---------------------------------------------------------------------------------------------

describe('a coordinator who muted the case', () => {
  const mute = (c: CaseState, ...who: string[]): CaseState => ({ ...c, coordinators: c.coordinators.map((x) => (who.includes(x.aadObjectId) ? { ...x, remindersMuted: true } : x)) });

  it('gets none of its reminders; the colleague still gets every one', () => {
    const list = remind(mute(mainMeeting(), BJORN.aadObjectId));
    expect(view(list)).toEqual(sorted(MAIN_EXPECTED));
    for (const x of list) expect(x.recipients, x.key).toEqual([ANNA.aadObjectId]);
  });

  it('when both muted it, the case warrants no reminders at all (none with nobody to go to)', () => {
    expect(remind(mute(mainMeeting(), ANNA.aadObjectId, BJORN.aadObjectId))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Which held meeting counts, and on which day it was held
// ---------------------------------------------------------------------------------------------

describe('the latest held meeting', () => {
  it('is the one held last, not the one planned last', () => {
    // M1 for Monday 14 Dec and M2 for Wednesday 2 Dec, both booked on 23 Nov; M2 is held first.
    const both = plan(mainMeeting(), '2026-12-02', '13:00');
    const m2Held = held(both, clockAt('2026-12-02T13:00:00.000Z'), 'M2');
    const c = held(m2Held, clockAt('2026-12-14T13:00:00.000Z'), 'M1');
    // Held Monday 14 Dec: no follow-up date the next working day (15 Dec), no crisis plan 5 working days on (21 Dec).
    expect(view(remind(c).filter((x) => x.kind !== 'inactive'))).toEqual(
      sorted([r('noFollowUpDate:M1', 'noFollowUpDate', '2026-12-15', winter('2026-12-15'), 'M1'), r('noCrisisPlan:M1', 'noCrisisPlan', '2026-12-21', winter('2026-12-21'))]),
    );
  });

  it('counts from the day it was marked held, not the day it was planned for', () => {
    // Planned for Monday 14 Dec 2026, marked held on Wednesday 16 Dec: the next working day is
    // Thursday 17 Dec, and 5 working days on is Wednesday 23 Dec (17, 18, 21, 22, 23).
    const c = held(mainMeeting(), clockAt('2026-12-16T09:00:00.000Z'));
    expect(view(remind(c).filter((x) => x.kind !== 'inactive'))).toEqual(
      sorted([r('noFollowUpDate:M1', 'noFollowUpDate', '2026-12-17', winter('2026-12-17'), 'M1'), r('noCrisisPlan:M1', 'noCrisisPlan', '2026-12-23', winter('2026-12-23'))]),
    );
  });
});

describe('the follow-up date and the meeting held on it', () => {
  /** M1 held on Wednesday 23 Dec 2026; on Monday 4 Jan 2027 the follow-up date is set and M2 booked. */
  const withDate = (date: string): CaseState => followUpDate(heldBeforeChristmas(), date, clockAt('2027-01-04T09:00:00.000Z'));

  it('a meeting that is not the follow-up does not use up the date, even held on it', () => {
    const booked = plan(withDate('2027-03-30'), '2027-03-30', '10:00', clockAt('2027-01-04T10:00:00.000Z'));
    const c = held(booked, clockAt('2027-03-30T10:00:00.000Z'), 'M2');
    const list = remind(c);
    expect(list.map((x) => x.kind)).not.toContain('noFollowUpDate');
    expect(keysOf(list).filter((k) => k.startsWith('followUp'))).toEqual(['followUpSoon:2027-03-30', 'followUpToday:2027-03-30']);
  });

  it('a follow-up meeting marked held the day after it started uses up a date set for that later day', () => {
    // M2 planned for Tuesday 30 Mar 2027 10:00, marked held Wednesday 31 Mar 09:00 (summer time,
    // 07:00Z): the date 31 Mar is used up, and a new one is asked for on Thursday 1 Apr.
    const booked = plan(withDate('2027-03-31'), '2027-03-30', '10:00', clockAt('2027-01-04T10:00:00.000Z'), { followUpOf: 'M1' });
    const c = held(booked, clockAt('2027-03-31T07:00:00.000Z'), 'M2');
    const list = remind(c);
    expect(keysOf(list).filter((k) => k.startsWith('followUp'))).toEqual([]);
    expect(only(list, 'noFollowUpDate')).toMatchObject({ key: 'noFollowUpDate:M2', dueDate: '2027-04-01', deliverAt: summer('2027-04-01'), meetingId: 'M2' });
  });
});

describe('prompts for a moved meeting', () => {
  it('count from the day it was last moved, not the day it was first booked', () => {
    // Booked Monday 23 Nov for 14 Dec; on Tuesday 1 Dec moved to Wednesday 9 Dec 13:00. Ten working
    // days before 9 Dec is Wednesday 25 Nov, before the move: skipped. Five before is Wednesday 2 Dec: kept.
    const before = mainMeeting();
    const c = ok(moveMeeting(before, { meetingId: 'M1', rev: meetingIn(before).rev, date: '2026-12-09', time: '13:00', durationMinutes: 90 }, ANNA, clockAt('2026-12-01T09:00:00.000Z')));
    expect(view(remind(c).filter((x) => x.kind === 'preMeetingPrompt'))).toEqual([r('preMeeting:M1:2026-12-09T12:00:00.000Z:5', 'preMeetingPrompt', '2026-12-02', winter('2026-12-02'), 'M1')]);
  });
});

// ---------------------------------------------------------------------------------------------
// Overdue work
// ---------------------------------------------------------------------------------------------

describe('overdueKinds', () => {
  it('is the first meeting once its working day has passed, not on the day itself', () => {
    // Created Monday 23 Nov 2026: the first meeting is due Wednesday 25 Nov.
    expect(overdueKinds(newCase(), S, '2026-11-25')).toEqual([]);
    expect(overdueKinds(newCase(), S, '2026-11-26')).toEqual(['firstMeeting']);
  });

  /**
   * M1 (14 Dec 2026) held that day at 15:00; at 16:00 M2 is booked for Thursday 17 Dec 10:00, its
   * invitation to kommun not sent. Due: M2's invitation Tue 15 Dec, meeting-soon Wed 16 Dec (not a
   * deadline), not-held Fri 18 Dec; M1's no follow-up date Tue 15 Dec, no crisis plan Mon 21 Dec.
   * The kallelse is late only until M2's day: after it, there is no meeting left to invite to.
   */
  const busy = (): CaseState => plan(held(mainMeeting(), clockAt('2026-12-14T14:00:00.000Z')), '2026-12-17', '10:00', clockAt('2026-12-14T15:00:00.000Z'));

  it('lists only deadlines already passed, soonest first, whatever order the rules produce them in', () => {
    expect(overdueKinds(busy(), S, '2026-12-17')).toEqual(['invitation', 'noFollowUpDate']);
    expect(overdueKinds(busy(), S, '2026-12-22')).toEqual(['noFollowUpDate', 'meetingNotHeld', 'noCrisisPlan']);
  });

  it('leaves out a deadline that falls today and the reminders that only announce something', () => {
    expect(overdueKinds(busy(), S, '2026-12-16')).toEqual(['invitation', 'noFollowUpDate']);
    expect(overdueKinds(busy(), S, '2026-12-18')).toEqual(['noFollowUpDate']);
    expect(overdueKinds(busy(), S, '2026-12-15')).toEqual([]);
  });

  it('names each kind once', () => {
    // A second unheld meeting, M3 on Wednesday 16 Dec, booked with M2: its not-held check is due Thursday 17 Dec.
    const c = plan(busy(), '2026-12-16', '10:00', clockAt('2026-12-14T15:00:00.000Z'));
    expect(overdueKinds(c, S, '2026-12-22')).toEqual(['noFollowUpDate', 'meetingNotHeld', 'noCrisisPlan']);
    // Both kallelser (M2's and M3's) owed on Wednesday 16 Dec: one "invitation".
    expect(overdueKinds(c, S, '2026-12-16')).toEqual(['invitation', 'noFollowUpDate']);
  });
});

describe('reminderDestination, more', () => {
  const chat = '19:samordning@thread.v2';

  it('sends to the group chat when only the coordinator sorted last chose it', () => {
    // Anna's id sorts before Björn's; she keeps her 1:1 chat, so Björn's card is the one in the chat.
    expect([ANNA.aadObjectId, BJORN.aadObjectId].sort()).toEqual([ANNA.aadObjectId, BJORN.aadObjectId]);
    const c: CaseState = { ...newCase(), linkedChatIds: [chat], coordinators: newCase().coordinators.map((x) => (x.aadObjectId === BJORN.aadObjectId ? { ...x, reminderDelivery: 'groupChat' as const } : { ...x, reminderDelivery: 'personal' as const })) };
    expect(reminderDestination(c, BJORN.aadObjectId)).toEqual({ kind: 'chat', chatId: chat });
    expect(reminderDestination(c, ANNA.aadObjectId)).toEqual({ kind: 'user' });
  });

  it('is the 1:1 chat for someone no longer a coordinator of the case (a reminder stored before they left)', () => {
    const c: CaseState = { ...newCase(), linkedChatIds: [chat] };
    expect(reminderDestination(c, OUTSIDER.aadObjectId)).toEqual({ kind: 'user' });
  });
});

describe('wantSameReminders', () => {
  // A case made on Monday 23 November 2026: "book the first meeting" and "nothing for 30 days", to both.
  const monday = createdAt('2026-11-23T09:00:00.000Z');

  it('is true for a change the same day that touches no reminder (a new nickname)', () => {
    expect(wantSameReminders(monday, { ...monday, nickname: 'CD', updatedAt: '2026-11-23T15:00:00.000Z' }, S)).toBe(true);
  });

  it('is false when a due day moves (the first change on Tuesday moves "nothing for 30 days")', () => {
    expect(wantSameReminders(monday, { ...monday, updatedAt: '2026-11-24T09:00:00.000Z' }, S)).toBe(false);
  });

  it('is false when a recipient goes (Björn mutes the case) and when every reminder goes (closed)', () => {
    const muted = { ...monday, coordinators: monday.coordinators.map((x) => (x.aadObjectId === BJORN.aadObjectId ? { ...x, remindersMuted: true } : x)) };
    expect(wantSameReminders(monday, muted, S)).toBe(false);
    expect(wantSameReminders(monday, { ...monday, closure: { reason: 'Avslutat', at: '2026-11-23T15:00:00.000Z', by: ANNA } }, S)).toBe(false);
  });
});

describe('evaluation points (evaluationDue)', () => {
  // 003:120: the instruments are used only with the person's consent; the points are a local setting.
  const YES = clockAt('2026-11-30T09:00:00.000Z');
  const CODE = 'U-7KQ4-M9TX';
  const evaluating = (c: CaseState = newCase()): CaseState => ok(recordEvaluationConsent(c, { answer: 'given', rev: 0, newCode: CODE }, ANNA, YES));
  const evaluationReminders = (c: CaseState, s: ReminderSettings = S) => remindersFor(c, s).filter((r) => r.kind === 'evaluationDue');

  it('asks for each point not done on its day (the next working day when it falls on a day off), to the coordinators', () => {
    expect(evaluationReminders(evaluating())).toEqual([
      { key: 'evaluationDue:P0:2026-11-30', kind: 'evaluationDue', meetingId: undefined, dueDate: '2026-11-30', deliverAt: winter('2026-11-30'), recipients: RECIPIENTS },
      // Sunday 30 May 2027: Monday 31 May, in summer time.
      { key: 'evaluationDue:P6:2027-05-30', kind: 'evaluationDue', meetingId: undefined, dueDate: '2027-05-31', deliverAt: summer('2027-05-31'), recipients: RECIPIENTS },
      { key: 'evaluationDue:P12:2027-11-30', kind: 'evaluationDue', meetingId: undefined, dueDate: '2027-11-30', deliverAt: winter('2027-11-30'), recipients: RECIPIENTS },
    ]);
    expect(evaluationReminders(evaluating(), { ...S, evaluationPointsMonths: [3] }).map((r) => r.key)).toEqual(['evaluationDue:P3:2027-02-28']);
  });

  it('asks for none once a point is done, without a yes, after a withdrawal, after VoSS closed, and in a SIP case', () => {
    const done = ok(markEvaluationDone(evaluating(), { point: 'P0', rev: 1 }, BJORN, YES, S));
    expect(evaluationReminders(done).map((r) => r.key)).toEqual(['evaluationDue:P6:2027-05-30', 'evaluationDue:P12:2027-11-30']);
    expect(evaluationReminders(newCase())).toEqual([]);
    expect(evaluationReminders(ok(recordEvaluationConsent(newCase(), { answer: 'declined', rev: 0, newCode: CODE }, ANNA, YES)))).toEqual([]);
    expect(evaluationReminders(ok(withdrawEvaluationConsent(evaluating(), { rev: 1, date: '2026-11-30' }, ANNA, YES)))).toEqual([]);
    expect(evaluationReminders(ok(closeCase(evaluating(), { reason: 'Klart', early: 'declines', sipHolder: SIP_ENDS, sipEndReason: 'Personen vill inte' }, ANNA, YES)))).toEqual([]);
    expect(evaluationReminders({ ...evaluating(), kind: 'sip' })).toEqual([]);
  });

  it('makes a point late work only once its local grace has run out', () => {
    const c = evaluating();
    // P0 falls on Monday 30 November; ten working days later is Monday 14 December.
    expect(overdueKinds(c, S, '2026-12-14')).not.toContain('evaluationDue');
    expect(overdueKinds(c, S, '2026-12-15')).toContain('evaluationDue');
    expect(overdueKinds(c, { ...S, evaluationGraceWorkingDays: 0 }, '2026-12-01')).toContain('evaluationDue');
    expect(overdueKinds(ok(markEvaluationDone(c, { point: 'P0', rev: 1 }, ANNA, YES, S)), S, '2026-12-15')).not.toContain('evaluationDue');
  });
});
