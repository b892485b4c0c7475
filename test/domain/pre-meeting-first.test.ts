import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../src/domain/case-model';
import { latestPreMeeting, markPreMeetingHeld, planMeeting, planningProposal, relativesAgainstWish, savePreMeeting, type MeetingInput } from '../../src/domain/sip-commands';
import { CASE_PRE_MEETING, type PreMeetingAnswers } from '../../src/domain/sip-model';
import { remindersFor, DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { cancelMeeting } from '../../src/domain/sip-commands';
import { closed, newCase, ok, yesCase } from '../support/domain-helpers';
import { ANNA, BJORN, PNR, clockAt } from '../support/sample-case';

/** Tuesday 24 November 2026, 10:00 in Stockholm: the förmöte, before any meeting is booked. */
const FORMOTE = clockAt('2026-11-24T09:00:00.000Z');

const answers: PreMeetingAnswers = {
  goals: 'Bo kvar i lägenheten',
  invite: ['narstaende', 'boende'],
  relativesMayTakePart: 'yes',
  wishedForm: 'fysiskt',
  wishedPlace: 'Hemma hos personen',
  adaptations: 'Korta pauser, skriftlig sammanfattning',
};

const meeting = (patch: Partial<MeetingInput> = {}): MeetingInput => ({ date: '2026-12-14', time: '10:00', durationMinutes: 90, form: 'teams', purpose: 'Samordna insatser', invited: ['personen', 'region', 'kommun'], ...patch });

const held = (c: CaseState = newCase(), a: PreMeetingAnswers = answers): CaseState => {
  const saved = ok(savePreMeeting(c, { meetingId: CASE_PRE_MEETING, rev: 0, answers: a }, BJORN, FORMOTE));
  return ok(markPreMeetingHeld(saved, { meetingId: CASE_PRE_MEETING, rev: 1 }, BJORN, FORMOTE));
};

describe('a förmöte before any meeting is booked (000:31)', () => {
  it('is saved on the case, audited as such, and marked held, which ticks B3 (and B1)', () => {
    const saved = savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers }, BJORN, FORMOTE);
    expect(saved.ok && saved.audit.map((e) => [e.action, e.detail])).toEqual([['sip.casePreMeetingSaved', undefined]]);
    const c = held();
    expect(c.preMeeting).toMatchObject({ ...answers, rev: 2, heldAt: FORMOTE.now.toISOString(), heldByAadObjectId: BJORN.aadObjectId });
    expect(c.sipMeetings ?? []).toEqual([]);
    expect(c.baseline.items.B3).toMatchObject({ status: 'done', source: 'sip' });
    expect(c.baseline.need).toBe('yes');
  });

  it('refuses a stale card, a closed case, a role the form does not offer and a personnummer', () => {
    const c = ok(savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers }, BJORN, FORMOTE));
    expect(savePreMeeting(c, { meetingId: CASE_PRE_MEETING, rev: 0, answers: { goals: 'x' } }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
    expect(savePreMeeting(closed(newCase()), { meetingId: CASE_PRE_MEETING, rev: 0, answers }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'caseClosed' });
    expect(savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers: { invite: ['region'] } }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalid', about: 'sip', problems: [{ field: 'invite', kind: 'invalid' }] });
    // A form the planning form does not offer: a forged card, named as the question it answers.
    const forged = { wishedForm: 'brevduva' } as unknown as typeof answers;
    expect(savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers: forged }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'invalid', about: 'sip', problems: [{ field: 'wishedForm', kind: 'invalid' }] });
    expect(savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers: { wishedPlace: `Hos ${PNR}` } }, ANNA, FORMOTE)).toEqual({
      ok: false,
      error: 'invalid',
      about: 'sip',
      problems: [{ field: 'wishedPlace', kind: 'personnummer' }],
    });
  });

  it('is taken over by the next meeting planned, and is not offered on its own while one is planned', () => {
    const c = ok(planMeeting(held(), meeting(), ANNA, FORMOTE));
    expect(c.preMeeting).toBeUndefined();
    expect(c.sipMeetings![0]!.preMeeting).toMatchObject({ ...answers, heldAt: FORMOTE.now.toISOString() });
    expect(c.sipMeetings![0]!.preMeeting).not.toHaveProperty('rev');
    expect(latestPreMeeting(c)).toMatchObject({ goals: 'Bo kvar i lägenheten' });
    expect(savePreMeeting(c, { meetingId: CASE_PRE_MEETING, rev: 0, answers }, ANNA, FORMOTE)).toEqual({ ok: false, error: 'stale' });
  });
});

describe('what the förmöte proposes for booking', () => {
  it('nothing before a förmöte', () => {
    expect(planningProposal(newCase())).toBeUndefined();
  });

  it('the person, both principals and whom the person asked for; the form and place they wished', () => {
    expect(planningProposal(held())).toEqual({ heldAt: FORMOTE.now.toISOString(), invited: ['personen', 'region', 'kommun', 'narstaende', 'boende'], form: 'fysiskt', place: 'Hemma hos personen' });
  });

  it('no närstående when the person objected (000:264: unless the person objects)', () => {
    const c = held(newCase(), { ...answers, relativesMayTakePart: 'no' });
    expect(planningProposal(c)?.invited).toEqual(['personen', 'region', 'kommun', 'boende']);
  });

  it('a förmöte saved but not held proposes too, and says it was not held', () => {
    const c = ok(savePreMeeting(newCase(), { meetingId: CASE_PRE_MEETING, rev: 0, answers: { wishedForm: 'telefon' } }, ANNA, FORMOTE));
    expect(planningProposal(c)).toEqual({ heldAt: undefined, invited: ['personen', 'region', 'kommun'], form: 'telefon', place: undefined });
  });
});

describe('närstående invited after the person said no', () => {
  it('is flagged on the meeting, naming the förmöte, and not otherwise', () => {
    const no = held(yesCase(), { ...answers, relativesMayTakePart: 'no' });
    const withRelatives = ok(planMeeting(no, meeting({ invited: ['personen', 'region', 'kommun', 'narstaende'] }), ANNA, FORMOTE));
    expect(relativesAgainstWish(withRelatives, withRelatives.sipMeetings![0]!)).toBe(true);
    const without = ok(planMeeting(no, meeting(), ANNA, FORMOTE));
    expect(relativesAgainstWish(without, without.sipMeetings![0]!)).toBe(false);
    const yes = ok(planMeeting(held(), meeting({ invited: ['personen', 'region', 'kommun', 'narstaende'] }), ANNA, FORMOTE));
    expect(relativesAgainstWish(yes, yes.sipMeetings![0]!)).toBe(false);
  });
});

describe('"hold the förmöte" after consent', () => {
  const kinds = (c: CaseState) => remindersFor(c, DEFAULT_REMINDER_SETTINGS).map((r) => r.kind);

  it('is wanted until a förmöte is held, and not again when the meeting it was held for is cancelled', () => {
    expect(kinds(newCase())).toContain('preMeetingAfterConsent');
    expect(kinds(held())).not.toContain('preMeetingAfterConsent');
    const planned = ok(planMeeting(held(), meeting(), ANNA, FORMOTE));
    const cancelled = ok(cancelMeeting(planned, { meetingId: 'M1', rev: planned.sipMeetings![0]!.rev, reason: 'Personen är sjuk' }, ANNA, FORMOTE));
    expect(kinds(cancelled)).toContain('firstMeeting');
    expect(kinds(cancelled)).not.toContain('preMeetingAfterConsent');
  });
});
