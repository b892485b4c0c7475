import { describe, expect, it } from 'vitest';
import { answerNeed, setBaselineItem, type Clock } from '../../src/domain/case-commands';
import type { CaseState } from '../../src/domain/case-model';
import { baselineProgress } from '../../src/domain/case-rules';
import { markMeetingHeld, planMeeting, type MeetingInput } from '../../src/domain/sip-commands';
import { actorOnly, closed, ev, meetingIn, newCase, ok } from '../support/domain-helpers';
import { ANNA, BJORN, clockAt } from '../support/sample-case';

// 000:35: "Vård- och stödinsatser erbjudas mellan SIP-mötena utifrån personens behov och den egna
// verksamhetens uppdrag." B8 is ongoing: after each held SIP meeting it is asked again for the
// period until the next one, and the checklist keeps what was said for each period.

const BOOKED = clockAt('2026-11-23T09:00:00.000Z');
const FIRST_HELD = clockAt('2026-12-14T15:00:00.000Z');
const BETWEEN = clockAt('2027-01-11T09:00:00.000Z');
const SECOND_HELD = clockAt('2027-03-01T15:00:00.000Z');

function meeting(date: string, patch: Partial<MeetingInput> = {}): MeetingInput {
  return { date, time: '13:00', durationMinutes: 60, form: 'teams', purpose: 'Samordna insatser', invited: ['personen', 'region', 'kommun'], ...patch };
}

const plan = (c: CaseState, date: string, clock: Clock, patch: Partial<MeetingInput> = {}) => ok(planMeeting(c, meeting(date, patch), ANNA, clock));
const hold = (c: CaseState, id: string, clock: Clock) => markMeetingHeld(c, { meetingId: id, rev: meetingIn(c, id).rev }, ANNA, clock);
const setB8 = (c: CaseState, status: 'done' | 'notApplicable' | 'notStarted', clock: Clock, reason?: string) =>
  ok(setBaselineItem(c, { item: 'B8', status, reason, rev: c.baseline.items.B8.rev }, BJORN, clock));

describe('B8 for each period between SIP meetings', () => {
  it('the first held SIP meeting starts B8\'s first period; an unanswered time before it is not kept', () => {
    const c = plan(newCase(), '2026-12-14', BOOKED);
    const held = hold(c, 'M1', FIRST_HELD);
    if (!held.ok) throw new Error('not held');
    expect(held.state.baseline.items.B8).toEqual({ status: 'notStarted', rev: 1, period: 'M1' });
    expect(held.state.baseline).not.toHaveProperty('b8Periods');
    expect(held.audit).toContainEqual(ev('baseline.b8PeriodStarted', ANNA, FIRST_HELD, 'M1'));
  });

  it('the next held meeting keeps what B8 said for the period and asks again', () => {
    const first = ok(hold(plan(newCase(), '2026-12-14', BOOKED), 'M1', FIRST_HELD));
    const answered = setB8(first, 'done', BETWEEN);
    const second = ok(hold(plan(answered, '2027-03-01', BETWEEN, { followUpOf: 'M1' }), 'M2', SECOND_HELD));
    expect(second.baseline.b8Periods).toEqual([{ after: 'M1', until: 'M2', status: 'done', reason: undefined, by: actorOnly(BJORN), at: BETWEEN.now.toISOString() }]);
    expect(second.baseline.items.B8).toEqual({ status: 'notStarted', rev: answered.baseline.items.B8.rev + 1, period: 'M2' });
    // Asked again: B8 counts as open until it is answered for the new period.
    expect(baselineProgress(second).complete).toBe(false);
  });

  it('a period left unanswered is kept as unanswered; one left undone keeps its reason', () => {
    const first = ok(hold(plan(newCase(), '2026-12-14', BOOKED), 'M1', FIRST_HELD));
    const second = ok(hold(plan(first, '2027-03-01', BETWEEN, { followUpOf: 'M1' }), 'M2', SECOND_HELD));
    const undone = setB8(second, 'notApplicable', clockAt('2027-03-10T09:00:00.000Z'), 'Personen avböjer insatser just nu');
    const third = ok(hold(plan(undone, '2027-06-01', clockAt('2027-03-10T09:00:00.000Z'), { followUpOf: 'M2' }), 'M3', clockAt('2027-06-01T15:00:00.000Z')));
    expect(third.baseline.b8Periods?.map((p) => [p.after, p.until, p.status, p.reason])).toEqual([
      ['M1', 'M2', 'notStarted', undefined],
      ['M2', 'M3', 'notApplicable', 'Personen avböjer insatser just nu'],
    ]);
  });

  it('a B8 answered before the first meeting is kept as the time before it', () => {
    const yes = ok(answerNeed(plan(newCase(), '2026-12-14', BOOKED), { need: 'yes', rev: 0 }, ANNA, BOOKED));
    const early = setB8(yes, 'done', BOOKED);
    const held = ok(hold(early, 'M1', FIRST_HELD));
    expect(held.baseline.b8Periods?.map((p) => [p.after, p.until, p.status])).toEqual([[undefined, 'M1', 'done']]);
  });

  it('a card showing B8 for the period that ended is stale', () => {
    const first = ok(hold(plan(newCase(), '2026-12-14', BOOKED), 'M1', FIRST_HELD));
    const oldRev = first.baseline.items.B8.rev;
    const second = ok(hold(plan(first, '2027-03-01', BETWEEN, { followUpOf: 'M1' }), 'M2', SECOND_HELD));
    expect(setBaselineItem(second, { item: 'B8', status: 'done', rev: oldRev }, BJORN, SECOND_HELD)).toEqual({ ok: false, error: 'stale' });
  });

  it('a meeting without the other principal is not a SIP meeting and starts no period', () => {
    const c = ok(hold(plan(newCase(), '2026-12-14', BOOKED, { invited: ['personen', 'region'] }), 'M1', FIRST_HELD));
    expect(c.baseline.items.B8.period).toBeUndefined();
  });

  it('nothing changes when B1 says no need, or after VoSS closed', () => {
    const noNeed = ok(answerNeed(plan(newCase(), '2026-12-14', BOOKED), { need: 'no', reason: 'Inget behov', rev: 0 }, ANNA, BOOKED));
    expect(ok(hold(noNeed, 'M1', FIRST_HELD)).baseline.items.B8).toEqual(noNeed.baseline.items.B8);
    const first = ok(hold(plan(newCase(), '2026-12-14', BOOKED), 'M1', FIRST_HELD));
    const shut = closed(first);
    expect(shut.baseline.items.B8.period).toBe('M1');
  });
});

describe('B8 periods are kept through everything else the checklist goes through', () => {
  it('a SIP tick, a crisis plan or a changed B1 keeps the earlier periods', () => {
    const yes = ok(answerNeed(plan(newCase(), '2026-12-14', BOOKED), { need: 'yes', rev: 0 }, ANNA, BOOKED));
    const first = ok(hold(setB8(yes, 'done', BOOKED), 'M1', FIRST_HELD));
    expect(first.baseline.b8Periods).toHaveLength(1);
    // The follow-up ticks B6 as it is held: the period before M1 stays, and M1–M2 is added.
    const second = ok(hold(plan(first, '2027-03-01', BETWEEN, { followUpOf: 'M1' }), 'M2', SECOND_HELD));
    expect(second.baseline.items.B6.status).toBe('done');
    expect(second.baseline.b8Periods?.map((p) => [p.after, p.until])).toEqual([
      [undefined, 'M1'],
      ['M1', 'M2'],
    ]);
    const reanswered = ok(answerNeed(second, { need: 'yes', reason: undefined, rev: second.baseline.items.B1.rev }, BJORN, SECOND_HELD));
    expect(reanswered.baseline.b8Periods).toEqual(second.baseline.b8Periods);
    const no = ok(answerNeed(second, { need: 'no', reason: 'Behovet är borta', rev: second.baseline.items.B1.rev }, BJORN, SECOND_HELD));
    expect(no.baseline.b8Periods).toEqual(second.baseline.b8Periods);
  });

  it('a meeting marked held late, after a later one, starts no period', () => {
    const both = plan(plan(newCase(), '2026-12-14', BOOKED), '2027-03-01', BOOKED);
    const m2 = ok(hold(both, 'M2', SECOND_HELD));
    expect(m2.baseline.items.B8.period).toBe('M2');
    const m1 = ok(hold(m2, 'M1', SECOND_HELD));
    expect(m1.baseline.items.B8).toBe(m2.baseline.items.B8);
    expect(m1.baseline.b8Periods).toEqual(m2.baseline.b8Periods);
  });
});
