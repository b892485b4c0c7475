import { describe, expect, it } from 'vitest';
import { advancePhase, closeCase, endSip, markHolderTold, setBaselineItem, setReminderPreferences, SIP_ENDS, type Clock } from '../../src/domain/case-commands';
import { followUpOf } from '../../src/domain/case-follow-ups';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import type { CaseState } from '../../src/domain/case-model';
import { closingCheck } from '../../src/domain/closing';
import { consentRev, withdrawConsent } from '../../src/domain/consent';
import { addEffort, establishPlan, planOf, savePlanBasics } from '../../src/domain/plan-commands';
import { markMeetingHeld, planMeeting, type MeetingInput } from '../../src/domain/sip-commands';
import { sipHolder, sipWritableBy, worksOn } from '../../src/domain/sip-holder';
import { actorOnly, applied, ev, meetingIn, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, PNR, TZ, clockAt } from '../support/sample-case';

// 003:114: "Arbetet enligt modellen kan avslutas när man har genomfört momenten i modellen och det
// finns en fungerande planering kring mål och insatser. Den fortsatta samverkan sker därefter
// utifrån de behov som finns."

const BOOKED = clockAt('2026-11-23T09:00:00.000Z');
/** The meeting was on Monday 14 December; everything after happens in January. */
const AFTER = clockAt('2026-12-14T15:00:00.000Z');
const JANUARY = clockAt('2027-01-11T09:00:00.000Z');

function meeting(date: string, patch: Partial<MeetingInput> = {}): MeetingInput {
  return { date, time: '13:00', durationMinutes: 90, form: 'teams', purpose: 'Samordna insatser', invited: ['personen', 'region', 'kommun'], ...patch };
}

const withMeeting = (c: CaseState = newCase(), date = '2026-12-14', clock: Clock = BOOKED): CaseState => ok(planMeeting(c, meeting(date), ANNA, clock));
const heldMeeting = (c: CaseState = withMeeting()): CaseState => ok(markMeetingHeld(c, { meetingId: 'M1', rev: meetingIn(c, 'M1').rev }, ANNA, AFTER));

/**
 * A plan with every part the law asks for, established after the held meeting. The law asks for a
 * follow-up date (planMissing), so an upprättad plan always has one: its SIP lives on.
 */
function established(c: CaseState): CaseState {
  const basics = ok(savePlanBasics(c, { ownGoals: 'Bo kvar hemma', personDoesThemselves: 'Handlar själv', overallResponsible: 'kommun', followUpDate: '2027-03-01', rev: planOf(c).rev }, ANNA, AFTER));
  const kommun = ok(addEffort(basics, { what: 'Boendestöd', responsible: 'kommun', rev: planOf(basics).rev }, BJORN, AFTER));
  const region = ok(addEffort(kommun, { what: 'Samtal på mottagningen', responsible: 'region', rev: planOf(kommun).rev }, ANNA, AFTER));
  const other = ok(addEffort(region, { what: 'Sjukersättning utreds', responsible: 'annan', otherParty: 'Försäkringskassan', rev: planOf(region).rev }, ANNA, AFTER));
  return ok(establishPlan(other, { rev: planOf(other).rev }, ANNA, AFTER));
}

describe('closingCheck', () => {
  it('finds the condition unmet on a new case, and says what is missing and what is open', () => {
    const check = closingCheck(newCase(), TZ);
    expect(check).toMatchObject({ conditionMet: false, missing: ['plan', 'heldMeeting'], sipLivesOn: false, plannedMeetings: [] });
    // B1 unanswered: only B1 applies.
    expect(check.openBaselineItems).toEqual(['B1']);
  });

  it('finds it met with an upprättad plan and a held meeting, and the SIP living on with a follow-up date', () => {
    const done = established(heldMeeting());
    const check = closingCheck(done, TZ);
    expect(check.conditionMet).toBe(true);
    expect(check.missing).toEqual([]);
    expect(check.sipLivesOn).toBe(true);
    // The held meeting ticked B1 (need: yes) and the SIP items it settles; the rest are open.
    expect(check.openBaselineItems).not.toContain('B1');
    expect(check.openBaselineItems.length).toBeGreaterThan(0);
  });

  it('lists a planned meeting as left behind, and a SIP with one as living on', () => {
    const check = closingCheck(withMeeting(), TZ);
    expect(check.plannedMeetings.map((m) => m.id)).toEqual(['M1']);
    expect(check.sipLivesOn).toBe(true);
    expect(check.missing).toEqual(['plan', 'heldMeeting']);
  });
});

describe('closeCase against 003:114', () => {
  it('closes a case that meets the condition without asking why, and says so', () => {
    const done = established(heldMeeting());
    const ends = { kind: 'ended', reason: 'Personen klarar sig med ordinarie insatser' } as const;
    const { state, audit } = applied(closeCase(done, { reason: undefined, early: 'moves', sipHolder: SIP_ENDS, sipEndReason: ends.reason }, BJORN, JANUARY));
    // An early reason given anyway is not recorded: the case did not close early.
    expect(state.closure).toEqual({ reason: '', at: JANUARY.now.toISOString(), by: actorOnly(BJORN), conditionMet: true, early: undefined, sip: ends });
    expect(audit).toEqual([ev('case.closed', BJORN, JANUARY), ev('sip.ended', BJORN, JANUARY)]);
  });

  it('asks for the reason to close early when the condition is not met, and refuses one it does not know', () => {
    expect(closeCase(newCase(), { reason: 'Skäl' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'earlyReason', kind: 'required' } });
    expect(closeCase(newCase(), { reason: 'Skäl', early: 'bored' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'earlyReason', kind: 'invalid' } });
    for (const early of ['declines', 'moves', 'died'] as const) {
      const { state, audit } = applied(closeCase(newCase(), { reason: undefined, early }, ANNA, JANUARY));
      expect(state.closure).toMatchObject({ conditionMet: false, early, reason: '' });
      expect(audit).toEqual([ev('case.closedEarly', ANNA, JANUARY, early)]);
    }
  });

  it('asks who holds a SIP that lives on, and refuses someone who is not a coordinator', () => {
    const c = withMeeting();
    expect(closeCase(c, { reason: undefined, early: 'declines' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'sipHolder', kind: 'required' } });
    expect(closeCase(c, { reason: undefined, early: 'declines', sipHolder: 'someone-else' }, ANNA, JANUARY)).toEqual({
      ok: false,
      error: 'invalidField',
      problem: { field: 'sipHolder', kind: 'invalid' },
    });
  });

  it('lets the SIP go on with the coordinator chosen, audited without names', () => {
    const done = established(heldMeeting());
    const { state, audit } = applied(closeCase(done, { reason: undefined, sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));
    expect(state.closure?.sip).toEqual({ kind: 'continues', holder: actorOnly(BJORN), noticePending: true });
    expect(sipHolder(state)).toEqual(actorOnly(BJORN));
    expect(audit).toEqual([ev('case.closed', ANNA, JANUARY), ev('sip.continuesAfterClosing', ANNA, JANUARY, 'kommun')]);
  });

  it('ends the SIP too only with why, guarded like any free text', () => {
    const c = withMeeting();
    const ends = { reason: undefined, early: 'declines', sipHolder: SIP_ENDS };
    expect(closeCase(c, ends, ANNA, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'sipEndReason', kind: 'required' } });
    expect(closeCase(c, { ...ends, sipEndReason: `Gäller ${PNR}` }, ANNA, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'sipEndReason', kind: 'personnummer' } });
    const { state, audit } = applied(closeCase(c, { ...ends, sipEndReason: ' Personen vill inte ha SIP ' }, ANNA, JANUARY));
    expect(state.closure?.sip).toEqual({ kind: 'ended', reason: 'Personen vill inte ha SIP' });
    // The planned meeting is cancelled with it.
    expect(audit.map((e) => e.action)).toEqual(['case.closedEarly', 'sip.ended', 'sip.meetingCancelled']);
    expect(JSON.stringify(audit)).not.toContain('Personen vill');
  });

  it('ignores a SIP choice when nothing lives on', () => {
    const { state } = applied(closeCase(newCase(), { reason: undefined, early: 'died', sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));
    expect(state.closure?.sip).toBeUndefined();
  });
});

describe('after VoSS closed with the SIP going on', () => {
  const goesOn = (): CaseState => ok(closeCase(established(heldMeeting()), { reason: undefined, sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));

  it('the holder can plan the follow-up meeting and change consent; the other coordinator cannot', () => {
    const c = goesOn();
    expect(sipWritableBy(c, BJORN.aadObjectId)).toBe(true);
    expect(sipWritableBy(c, ANNA.aadObjectId)).toBe(false);
    const next = applied(planMeeting(c, meeting('2027-03-01', { followUpOf: 'M1' }), BJORN, JANUARY));
    expect(next.state.sipMeetings?.map((m) => m.status)).toEqual(['held', 'planned']);
    expect(planMeeting(c, meeting('2027-03-01', { followUpOf: 'M1' }), ANNA, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
    expect(withdrawConsent(c, { rev: consentRev(c), date: '2027-01-11' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
    expect(withdrawConsent(c, { rev: consentRev(c), date: '2027-01-11' }, BJORN, JANUARY).ok).toBe(true);
  });

  it('keeps the checklist and the phases as VoSS left them, for the holder too', () => {
    const c = goesOn();
    expect(setBaselineItem(c, { item: 'B8', status: 'done', rev: c.baseline.items.B8.rev }, BJORN, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
    expect(advancePhase(c, { from: 'avslutat', to: 'avslutat' }, BJORN, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
    // A meeting held after closing does not tick the checklist.
    const planned = ok(planMeeting(c, meeting('2027-03-01', { followUpOf: 'M1' }), BJORN, JANUARY));
    const held = ok(markMeetingHeld(planned, { meetingId: 'M2', rev: meetingIn(planned, 'M2').rev }, BJORN, clockAt('2027-03-01T14:00:00.000Z')));
    expect(held.baseline).toEqual(c.baseline);
  });

  it('stays in the holder’s work and leaves the other’s', () => {
    const c = goesOn();
    expect(worksOn(c, BJORN.aadObjectId)).toBe(true);
    expect(worksOn(c, ANNA.aadObjectId)).toBe(false);
  });

  it('is ended by the holder only, with why; then nobody can change it', () => {
    const c = goesOn();
    expect(endSip(c, { reason: 'Klart' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
    expect(endSip(c, { reason: ' ' }, BJORN, JANUARY)).toEqual({ ok: false, error: 'reasonRequired', problem: { field: 'sipEndReason', kind: 'required' } });
    expect(endSip(newCase(), { reason: 'Klart' }, BJORN, JANUARY)).toEqual({ ok: false, error: 'stale' });
    const { state, audit } = applied(endSip(c, { reason: 'Målen är nådda' }, BJORN, JANUARY));
    expect(state.closure?.sip).toEqual({ kind: 'ended', reason: 'Målen är nådda', at: JANUARY.now.toISOString(), by: actorOnly(BJORN) });
    expect(audit).toEqual([ev('sip.ended', BJORN, JANUARY)]);
    expect(worksOn(state, BJORN.aadObjectId)).toBe(false);
    expect(planMeeting(state, meeting('2027-03-01'), BJORN, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
  });
});

describe('what closing leaves behind (review of 30 November)', () => {
  it('cancels the planned meetings when the SIP ends too, at closing or later, with why', () => {
    const c = withMeeting();
    const { state, audit } = applied(closeCase(c, { reason: undefined, early: 'moves', sipHolder: SIP_ENDS, sipEndReason: 'Personen flyttar till en annan region' }, ANNA, JANUARY));
    expect(state.sipMeetings?.map((m) => [m.status, m.cancelReason])).toEqual([['cancelled', 'Personen flyttar till en annan region']]);
    expect(audit.map((e) => [e.action, e.detail])).toContainEqual(['sip.meetingCancelled', 'M1']);
    // Going on with Björn keeps it planned; ending it later cancels it then.
    const goesOn = ok(closeCase(c, { reason: undefined, early: 'declines', sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));
    expect(goesOn.sipMeetings?.[0]?.status).toBe('planned');
    const ended = applied(endSip(goesOn, { reason: 'Personen vill inte ha fler möten' }, BJORN, JANUARY));
    expect(ended.state.sipMeetings?.[0]).toMatchObject({ status: 'cancelled', cancelReason: 'Personen vill inte ha fler möten' });
    expect(ended.audit.map((e) => e.action)).toEqual(['sip.ended', 'sip.meetingCancelled']);
  });

  it('does not let a SIP go on for a person who has died', () => {
    expect(closeCase(withMeeting(), { reason: undefined, early: 'died', sipHolder: BJORN.aadObjectId }, ANNA, JANUARY)).toEqual({
      ok: false,
      error: 'invalidField',
      problem: { field: 'sipHolder', kind: 'invalid' },
    });
  });

  it('tells the holder chosen by the colleague who closed, once, and records the principal, not the name', () => {
    const { state, audit } = applied(closeCase(withMeeting(), { reason: undefined, early: 'declines', sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));
    expect(state.closure?.sip).toEqual({ kind: 'continues', holder: actorOnly(BJORN), noticePending: true });
    expect(audit).toContainEqual(ev('sip.continuesAfterClosing', ANNA, JANUARY, 'kommun'));
    expect(followUpOf(withMeeting(), state, DEFAULT_REMINDER_SETTINGS)).toMatchObject({ notify: true });
    const told = applied(markHolderTold(state, JANUARY));
    expect(told.state.closure?.sip).toEqual({ kind: 'continues', holder: actorOnly(BJORN) });
    expect(markHolderTold(told.state, JANUARY)).toEqual({ ok: true, state: told.state, audit: [] });
    // Choosing oneself needs no message.
    const mine = ok(closeCase(withMeeting(), { reason: undefined, early: 'declines', sipHolder: ANNA.aadObjectId }, ANNA, JANUARY));
    expect(mine.closure?.sip).toEqual({ kind: 'continues', holder: actorOnly(ANNA) });
  });

  it('lets the holder, and only the holder, set their reminders after closing', () => {
    const c = ok(closeCase(withMeeting(), { reason: undefined, early: 'declines', sipHolder: BJORN.aadObjectId }, ANNA, JANUARY));
    expect(setReminderPreferences(c, { muted: true, delivery: 'personal' }, BJORN, JANUARY).ok).toBe(true);
    expect(setReminderPreferences(c, { muted: true, delivery: 'personal' }, ANNA, JANUARY)).toEqual({ ok: false, error: 'caseClosed' });
  });

  it('does not ask who holds a SIP whose follow-up date was followed up and nothing is planned', () => {
    const done = established(heldMeeting());
    const followUp = ok(planMeeting(done, meeting('2027-03-01', { followUpOf: 'M1' }), ANNA, JANUARY));
    const held = ok(markMeetingHeld(followUp, { meetingId: 'M2', rev: meetingIn(followUp, 'M2').rev }, ANNA, clockAt('2027-03-01T14:00:00.000Z')));
    expect(closingCheck(done, TZ).sipLivesOn).toBe(true);
    expect(closingCheck(held, TZ).sipLivesOn).toBe(false);
  });
});
