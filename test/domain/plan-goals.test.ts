import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../src/domain/case-model';
import { addEffort, addGoal, contentOf, planDifferences, planMissing, planOf, removeEffort, removeGoal, savePlanBasics, establishPlan, versionInForce } from '../../src/domain/plan-commands';
import { markMeetingHeld, planMeeting } from '../../src/domain/sip-commands';
import { applied, ev, expectNoText, meetingIn, newCase, ok, problemsOf } from '../support/domain-helpers';
import { ANNA, BJORN, PNR, clockAt } from '../support/sample-case';

// "På resursgruppsmötet bestäms … utifrån personens egna mål, och vem som gör vad" (000:179);
// between meetings the work is with the delmål (000:134). Efforts can be tied to a goal or delmål.

const NOW = clockAt('2026-11-23T09:00:00.000Z');
const rev = (c: CaseState) => planOf(c).rev;
const goal = (c: CaseState, text: string, patch: { partOf?: string; by?: string } = {}) => addGoal(c, { text, ...patch, rev: rev(c) }, ANNA, NOW);

describe('goals and delmål', () => {
  it('adds the person\'s goals and delmål with their own dates, numbered G1, G2…', () => {
    const one = applied(goal(newCase(), '  Bo kvar i min lägenhet  '));
    expect(planOf(one.state).goals).toEqual([{ id: 'G1', text: 'Bo kvar i min lägenhet' }]);
    expect(one.audit).toEqual([ev('plan.goalAdded', ANNA, NOW, 'G1')]);
    expectNoText(one.audit, 'lägenhet');
    const two = ok(goal(one.state, 'Betala hyran själv varje månad', { partOf: 'G1', by: '2027-03-01' }));
    expect(planOf(two).goals).toEqual([
      { id: 'G1', text: 'Bo kvar i min lägenhet' },
      { id: 'G2', text: 'Betala hyran själv varje månad', partOf: 'G1', by: '2027-03-01' },
    ]);
    expect(planOf(two).nextGoalNumber).toBe(3);
  });

  it('names every problem: the words, a delmål without a date or of a delmål, a past or bad date, a personnummer', () => {
    const c = ok(goal(ok(goal(newCase(), 'Bo kvar')), 'Delmål', { partOf: 'G1', by: '2027-01-01' }));
    expect(problemsOf(goal(c, '  '))).toEqual([{ field: 'goalText', kind: 'required' }]);
    expect(problemsOf(goal(c, 'Ett delmål', { partOf: 'G1' }))).toEqual([{ field: 'goalBy', kind: 'required' }]);
    expect(problemsOf(goal(c, 'Delmål av delmål', { partOf: 'G2', by: '2027-02-01' }))).toEqual([{ field: 'goalPartOf', kind: 'notFound' }]);
    expect(problemsOf(goal(c, 'Till ett mål som inte finns', { partOf: 'G9', by: '2027-02-01' }))).toEqual([{ field: 'goalPartOf', kind: 'notFound' }]);
    expect(problemsOf(goal(c, 'Förr', { partOf: 'G1', by: '2026-11-01' }))).toEqual([{ field: 'goalBy', kind: 'past' }]);
    expect(problemsOf(goal(c, 'Fel', { partOf: 'G1', by: '2027-02-30' }))).toEqual([{ field: 'goalBy', kind: 'invalid' }]);
    expect(problemsOf(goal(c, `Mål för ${PNR}`))).toEqual([{ field: 'goalText', kind: 'personnummer' }]);
    expect(problemsOf(goal(c, 'x'.repeat(301)))).toEqual([{ field: 'goalText', kind: 'tooLong', limit: 300 }]);
  });

  it('ties an effort to a goal or delmål that is in the plan, and to nothing else', () => {
    const c = ok(goal(ok(goal(newCase(), 'Bo kvar')), 'Betala hyran', { partOf: 'G1', by: '2027-03-01' }));
    const tied = ok(addEffort(c, { what: 'Stöd med ekonomin', responsible: 'kommun', goal: 'G2', rev: rev(c) }, BJORN, NOW));
    expect(planOf(tied).efforts[0]).toMatchObject({ id: 'E1', goal: 'G2' });
    const loose = ok(addEffort(tied, { what: 'Samtal', responsible: 'region', goal: '', rev: rev(tied) }, ANNA, NOW));
    expect(planOf(loose).efforts[1]).not.toHaveProperty('goal');
    expect(problemsOf(addEffort(loose, { what: 'Samtal', responsible: 'region', goal: 'G7', rev: rev(loose) }, ANNA, NOW))).toEqual([{ field: 'goal', kind: 'notFound' }]);
  });

  it('removes only a goal nothing is tied to: not one with delmål or efforts', () => {
    const c = ok(goal(ok(goal(newCase(), 'Bo kvar')), 'Betala hyran', { partOf: 'G1', by: '2027-03-01' }));
    const tied = ok(addEffort(c, { what: 'Stöd med ekonomin', responsible: 'kommun', goal: 'G2', rev: rev(c) }, BJORN, NOW));
    expect(problemsOf(removeGoal(tied, { goalId: 'G1', rev: rev(tied) }, ANNA, NOW))).toEqual([{ field: 'goal', kind: 'inUse' }]);
    expect(problemsOf(removeGoal(tied, { goalId: 'G2', rev: rev(tied) }, ANNA, NOW))).toEqual([{ field: 'goal', kind: 'inUse' }]);
    const free = ok(removeEffort(tied, { effortId: 'E1', rev: rev(tied) }, ANNA, NOW));
    const noSub = applied(removeGoal(free, { goalId: 'G2', rev: rev(free) }, ANNA, NOW));
    expect(noSub.audit).toEqual([ev('plan.goalRemoved', ANNA, NOW, 'G2')]);
    const none = ok(removeGoal(noSub.state, { goalId: 'G1', rev: rev(noSub.state) }, ANNA, NOW));
    expect(planOf(none).goals).toBeUndefined();
    // Gone already (a second press, another coordinator): the card is out of date.
    expect(removeGoal(none, { goalId: 'G1', rev: rev(none) }, ANNA, NOW)).toEqual({ ok: false, error: 'stale' });
    // A stale card is refused before anything else.
    expect(addGoal(c, { text: 'Nytt', rev: rev(c) - 1 }, ANNA, NOW)).toEqual({ ok: false, error: 'stale' });
  });

  it('goals belong to a version: a goal added after it was upprättad is a difference of the draft', () => {
    const booked = ok(planMeeting(newCase(), { date: '2026-12-14', time: '13:00', durationMinutes: 60, form: 'teams', purpose: 'SIP', invited: ['personen', 'region', 'kommun'] }, ANNA, NOW));
    const after = clockAt('2026-12-14T15:00:00.000Z');
    const held = ok(markMeetingHeld(booked, { meetingId: 'M1', rev: meetingIn(booked, 'M1').rev }, ANNA, after));
    const withGoal = ok(addGoal(held, { text: 'Bo kvar', rev: rev(held) }, ANNA, after));
    const basics = ok(savePlanBasics(withGoal, { ownGoals: 'Bo kvar hemma', personDoesThemselves: 'Handlar', overallResponsible: 'kommun', followUpDate: '2027-03-01', noOtherParties: true, rev: rev(withGoal) }, ANNA, after));
    const k = ok(addEffort(basics, { what: 'Boendestöd', responsible: 'kommun', goal: 'G1', rev: rev(basics) }, BJORN, after));
    const r = ok(addEffort(k, { what: 'Samtal', responsible: 'region', rev: rev(k) }, ANNA, after));
    const v1 = ok(establishPlan(r, { rev: rev(r) }, ANNA, after));
    expect(versionInForce(planOf(v1))?.content.goals).toEqual([{ id: 'G1', text: 'Bo kvar' }]);
    const sub = ok(addGoal(v1, { text: 'Städa en gång i veckan', partOf: 'G1', by: '2027-02-01', rev: rev(v1) }, BJORN, after));
    expect(planOf(sub).establishedAt).toBeUndefined();
    expect(versionInForce(planOf(sub))?.content.goals).toEqual([{ id: 'G1', text: 'Bo kvar' }]);
    expect(planDifferences(versionInForce(planOf(sub))!.content, contentOf(planOf(sub)))).toEqual([{ kind: 'goalAdded', goal: { id: 'G2', text: 'Städa en gång i veckan', partOf: 'G1', by: '2027-02-01' } }]);
  });
});

describe('the person\'s own goals as a part of the plan', () => {
  it('are there when written in the person\'s words or one by one', () => {
    const c = newCase();
    expect(planMissing(planOf(c))).toContain('ownGoals');
    expect(planMissing(planOf(ok(goal(c, 'Bo kvar'))))).not.toContain('ownGoals');
    expect(planMissing({ ...planOf(c), ownGoals: 'Bo kvar hemma' })).not.toContain('ownGoals');
  });
});
