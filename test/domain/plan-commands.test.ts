import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertiesOnBudget } from '../support/property-budget';
import { localDate } from '../../src/domain/calendar-date';
import { answerNeed, closeCase, setBaselineItem, type Change, type Clock } from '../../src/domain/case-commands';
import { BASELINE_ITEMS, type Actor, type CaseState } from '../../src/domain/case-model';
import {
  addEffort,
  addSign,
  crisisPlanOf,
  emptyCrisisPlan,
  emptyPlan,
  draftChanges,
  establishMissing,
  establishPlan,
  PLAN_LIMITS,
  planDifferences,
  planVersionKey,
  planVersions,
  versionInForce,
  planMissing,
  planOf,
  removeEffort,
  removeSign,
  saveCrisisPlan,
  savePlanBasics,
  type CrisisBasics,
  type EffortInput,
  type PlanBasics,
  type PlanChange,
  type PlanField,
  type PlanPart,
  type SignInput,
} from '../../src/domain/plan-commands';
import { CRISIS_ACTORS, EFFORT_RESPONSIBLE, SIGN_DESCRIBED_BY, type CrisisActor, type Effort, type EffortResponsible, type SipPlan } from '../../src/domain/plan-model';
import { actorOnly, addDays, applied, closed, ev, expectAuditedChange, expectNoText, markedTextArb, newCase, problemsOf, meetingIn, stringsIn, TEXT_MARK, withHeldMeeting, yesCase, type Applied } from '../support/domain-helpers';
import { ANNA, BJORN, PNR, clockAt, CLOCK, LATER, OUTSIDER } from '../support/sample-case';
import { closingCheck } from '../../src/domain/closing';

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

const TODAY = '2026-11-23';

/** The plan's own fields, all filled in and valid on CLOCK's day. */
const BASICS: PlanBasics = {
  ownGoals: 'Jag vill bo kvar i min lägenhet',
  personDoesThemselves: 'Tar min medicin och handlar själv',
  overallResponsible: 'kommun',
  followUpDate: '2027-03-01',
};
const KOMMUN_EFFORT: EffortInput = { what: 'Boendestöd', howOften: 'Två gånger i veckan', from: '2027-01-11', responsible: 'kommun' };
const ANNAN_EFFORT: EffortInput = { what: 'Sjukersättning utreds', responsible: 'annan', otherParty: 'Försäkringskassan' };

const SIGN: SignInput = {
  description: 'Sover dåligt flera nätter i rad',
  describedBy: 'narstaende',
  actions: { personen: 'Ringer boendestödet', region: 'Mottagningen erbjuder tid inom två dagar' },
  contact: 'Psykiatrimottagning Väst, telefontid 8–9',
};
const CRISIS: CrisisBasics = { triggers: 'Stress kring ekonomin', personDoesThemselves: 'Går ut och går, ringer sin syster', reviewDate: '2027-05-31' };

type EstablishResult = ReturnType<typeof establishPlan>;
type AnyChange = PlanChange | EstablishResult | Change;

function errorOf(change: AnyChange): string {
  if (change.ok) throw new Error('expected the command to be refused');
  expect(change).not.toHaveProperty('state');
  return change.error;
}

const planRev = (c: CaseState): number => planOf(c).rev;
const crisisRev = (c: CaseState): number => crisisPlanOf(c).rev;

function basics(c: CaseState, patch: Partial<PlanBasics> = {}, actor: Actor = ANNA, clock: Clock = CLOCK): CaseState {
  return applied(savePlanBasics(c, { ...BASICS, ...patch, rev: planRev(c) }, actor, clock)).state;
}

function effort(c: CaseState, input: EffortInput = KOMMUN_EFFORT, actor: Actor = BJORN, clock: Clock = CLOCK): CaseState {
  return applied(addEffort(c, { ...input, rev: planRev(c) }, actor, clock)).state;
}

/** A plan with every part the law asks for, not yet established: E1 by kommun, E2 by Försäkringskassan. */
const REGION_EFFORT: EffortInput = { what: 'Samtal på mottagningen', howOften: 'Varannan vecka', responsible: 'region' };

/** Basics, an effort from each principal and one from another party, after a held SIP meeting. */
function completePlan(c: CaseState = withHeldMeeting(newCase())): CaseState {
  return effort(effort(effort(basics(c)), REGION_EFFORT, ANNA), ANNAN_EFFORT);
}

function establishedPlan(c: CaseState = withHeldMeeting(newCase())): CaseState {
  const complete = completePlan(c);
  return applied(establishPlan(complete, { rev: planRev(complete) }, ANNA, LATER)).state;
}

function sign(c: CaseState, patch: Partial<SignInput> = {}, actor: Actor = ANNA, clock: Clock = CLOCK): CaseState {
  return applied(addSign(c, { ...SIGN, ...patch, rev: crisisRev(c) }, actor, clock)).state;
}

function saveCrisis(c: CaseState, patch: Partial<CrisisBasics> = {}, actor: Actor = ANNA, clock: Clock = CLOCK): Applied {
  return applied(saveCrisisPlan(c, { ...CRISIS, ...patch, rev: crisisRev(c) }, actor, clock));
}

function noCase(): CaseState {
  return applied(answerNeed(newCase(), { need: 'no', reason: 'Behöver bara insatser från kommunen', rev: 0 }, ANNA, CLOCK)).state;
}

const PLAN_PARTS: PlanPart[] = ['efforts', 'regionPart', 'kommunPart', 'otherParties', 'overallResponsible', 'ownGoals', 'personDoesThemselves', 'followUpDate'];
/** The plan's parts, and a held SIP meeting (the plan is upprättad at one). */
const ALL_PARTS: PlanPart[] = [...PLAN_PARTS, 'heldMeeting'];

/** Whether a SIP meeting (both principals invited) has been held, written from the rule. */
const sipMeetingHeld = (c: CaseState): boolean => (c.sipMeetings ?? []).some((m) => m.status === 'held' && m.invited.some((p) => p.role === 'region') && m.invited.some((p) => p.role === 'kommun'));

const eff = (id: string, responsible: EffortResponsible, otherParty?: string): Effort => ({ id, what: `Insats ${id}`, responsible, otherParty });

/**
 * What a plan lacks before it may be upprättad, written from the rule (SoL 2 kap. 7 §, HSL 16 kap.
 * 4 §: efforts, each principal's part, measures by others, overall responsibility; and the method's
 * own goals, what the person does, follow-up date) rather than with planMissing, so the property
 * below does not check establishPlan against its own helper.
 */
function gapsOf(plan: SipPlan, meetingHeld = true): PlanPart[] {
  const by = new Set(plan.efforts.map((e) => e.responsible));
  const present: Record<PlanPart, boolean> = {
    efforts: plan.efforts.length > 0,
    // "Respektive huvudman": an effort from each principal, or why it has none.
    regionPart: by.has('region') || plan.regionNoEffortsReason !== undefined,
    kommunPart: by.has('kommun') || plan.kommunNoEffortsReason !== undefined,
    otherParties: by.has('annan') || plan.noOtherParties === true,
    overallResponsible: plan.overallResponsible !== undefined,
    ownGoals: plan.ownGoals !== undefined,
    personDoesThemselves: plan.personDoesThemselves !== undefined,
    followUpDate: plan.followUpDate !== undefined,
    heldMeeting: meetingHeld,
  };
  return ALL_PARTS.filter((part) => !present[part]);
}

/** A plan as data, with everything the law and the method ask for. */
const FULL: SipPlan = {
  ownGoals: 'Bo kvar',
  personDoesThemselves: 'Handlar själv',
  efforts: [eff('E1', 'region'), eff('E3', 'kommun'), eff('E2', 'annan', 'Försäkringskassan')],
  overallResponsible: 'region',
  followUpDate: '2027-03-01',
  nextEffortNumber: 3,
  rev: 4,
};

// ---------------------------------------------------------------------------------------------
// planMissing
// ---------------------------------------------------------------------------------------------

describe('planMissing', () => {
  it('an empty plan misses all eight parts, in the order the card shows them', () => {
    expect(planMissing(emptyPlan())).toEqual(PLAN_PARTS);
  });

  it('a complete plan misses nothing', () => {
    expect(planMissing(FULL)).toEqual([]);
  });

  it.each<[string, Partial<SipPlan>, PlanPart[]]>([
    // The four parts SoL 2 kap. 7 § and HSL 16 kap. 4 § require.
    ['no efforts at all (and so no principal has a part; no one else was ruled out either)', { efforts: [] }, ['efforts', 'regionPart', 'kommunPart', 'otherParties']],
    ['no efforts, with "no other parties" ticked', { efforts: [], noOtherParties: true }, ['efforts', 'regionPart', 'kommunPart']],
    ['only "annan" has an effort: neither principal has a part', { efforts: [eff('E2', 'annan', 'Försäkringskassan')] }, ['regionPart', 'kommunPart']],
    ['only the person has an effort', { efforts: [eff('E1', 'personen')], noOtherParties: true }, ['regionPart', 'kommunPart']],
    ['only the person and "annan" have efforts', { efforts: [eff('E1', 'personen'), eff('E2', 'annan', 'Hyresvärden')] }, ['regionPart', 'kommunPart']],
    // Respektive huvudman: one principal's efforts do not stand for the other's.
    ['only the region has efforts', { efforts: [eff('E1', 'region'), eff('E2', 'annan', 'Hyresvärden')] }, ['kommunPart']],
    ['only the kommun has efforts', { efforts: [eff('E1', 'kommun')], noOtherParties: true }, ['regionPart']],
    ['a reason for the region stands in for its efforts, not for the kommun\'s', { efforts: [], noOtherParties: true, regionNoEffortsReason: 'Regionen har inga insatser just nu' }, ['efforts', 'kommunPart']],
    ['no "annan" effort and "no other parties" not ticked', { efforts: [eff('E1', 'region'), eff('E2', 'kommun')] }, ['otherParties']],
    ['no "annan" effort and "no other parties" explicitly false', { efforts: [eff('E1', 'kommun'), eff('E2', 'region')], noOtherParties: false }, ['otherParties']],
    ['no overall responsibility', { overallResponsible: undefined }, ['overallResponsible']],
    // What the method adds.
    ['no own goals', { ownGoals: undefined }, ['ownGoals']],
    ['nothing the person does themselves', { personDoesThemselves: undefined }, ['personDoesThemselves']],
    ['no follow-up date', { followUpDate: undefined }, ['followUpDate']],
    ['several parts at once, still in order', { followUpDate: undefined, ownGoals: undefined, overallResponsible: undefined }, ['overallResponsible', 'ownGoals', 'followUpDate']],
  ])('%s', (_label, patch, missing) => {
    expect(planMissing({ ...FULL, ...patch })).toEqual(missing);
  });

  it.each<[string, Effort[], boolean | undefined]>([
    ['one effort by each principal, no one else', [eff('E1', 'region'), eff('E2', 'kommun')], true],
    ['both principals and a named other party', [eff('E1', 'kommun'), eff('E3', 'region'), eff('E2', 'annan', 'Hyresvärden')], undefined],
    ['"annan" satisfies measures by others even when "no other parties" is also ticked', [eff('E1', 'region'), eff('E3', 'kommun'), eff('E2', 'annan', 'Hyresvärden')], true],
    ["the person's own efforts next to both principals'", [eff('E1', 'personen'), eff('E2', 'kommun'), eff('E3', 'region')], true],
  ])('is satisfied by %s', (_label, efforts, noOtherParties) => {
    expect(planMissing({ ...FULL, efforts, noOtherParties })).toEqual([]);
  });

  it('is satisfied by one principal\'s efforts and the other\'s stated reason', () => {
    expect(planMissing({ ...FULL, efforts: [eff('E1', 'region')], noOtherParties: true, kommunNoEffortsReason: 'Personen har tackat nej till kommunens insatser' })).toEqual([]);
  });

  it('does not care whether the plan is established or how far its numbering has come', () => {
    expect(planMissing({ ...FULL, establishedAt: CLOCK.now.toISOString(), establishedByAadObjectId: ANNA.aadObjectId, nextEffortNumber: 99, rev: 40 })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// savePlanBasics
// ---------------------------------------------------------------------------------------------

describe('savePlanBasics', () => {
  describe('a valid save', () => {
    it('creates the plan on a case that has none: trimmed, rev 1, version bumped, audited without text', () => {
      const before = newCase();
      expect(before.sipPlan).toBeUndefined();
      const { state, audit } = applied(
        savePlanBasics(
          before,
          { ownGoals: '  Jag vill bo kvar i min lägenhet\n', personDoesThemselves: ' Tar min medicin ', overallResponsible: 'region', followUpDate: ' 2027-03-01 ', noOtherParties: true, rev: 0 },
          ANNA,
          CLOCK,
        ),
      );
      expect(state.sipPlan).toEqual({
        ownGoals: 'Jag vill bo kvar i min lägenhet',
        personDoesThemselves: 'Tar min medicin',
        overallResponsible: 'region',
        followUpDate: '2027-03-01',
        followUpSetAt: CLOCK.now.toISOString(),
        noOtherParties: true,
        efforts: [],
        nextEffortNumber: 1,
        rev: 1,
        establishedAt: undefined,
        establishedByAadObjectId: undefined,
      });
      expect(state.version).toBe(before.version + 1);
      expect(state.updatedAt).toBe(CLOCK.now.toISOString());
      expect(audit).toEqual([ev('plan.saved', ANNA, CLOCK)]);
      expect(audit[0]?.detail).toBeUndefined();
      expectNoText(audit, 'lägenhet', 'medicin', '2027-03-01');
      // Nothing else about the case changes.
      expect({ ...state, sipPlan: undefined, version: 0, updatedAt: '' }).toEqual({ ...before, sipPlan: undefined, version: 0, updatedAt: '' });
      expect(state.baseline).toBe(before.baseline);
      expect(state.crisisPlan).toBeUndefined();
    });

    it('stores blank texts, an unticked "no other parties" and a blank date as absent', () => {
      const c = basics(newCase(), { ownGoals: '   ', personDoesThemselves: '', followUpDate: ' ', noOtherParties: false, overallResponsible: undefined });
      const plan = planOf(c);
      expect(plan.ownGoals).toBeUndefined();
      expect(plan.personDoesThemselves).toBeUndefined();
      expect(plan.followUpDate).toBeUndefined();
      expect(plan.noOtherParties).toBeUndefined();
      expect(plan.overallResponsible).toBeUndefined();
    });

    it('saves the form whole: a field sent empty clears what was there, and the efforts stay', () => {
      const c = completePlan();
      const { state } = applied(savePlanBasics(c, { ownGoals: BASICS.ownGoals, rev: planRev(c) }, BJORN, LATER));
      expect(planOf(state)).toMatchObject({ ownGoals: BASICS.ownGoals, personDoesThemselves: undefined, overallResponsible: undefined, followUpDate: undefined });
      expect(planOf(state).efforts).toBe(planOf(c).efforts);
      expect(planOf(state).nextEffortNumber).toBe(planOf(c).nextEffortNumber);
    });

    it('accepts exactly the limit, counted in code points after trimming', () => {
      const atLimit = 'x'.repeat(PLAN_LIMITS.text);
      const emoji = '😀'.repeat(PLAN_LIMITS.text);
      const plan = planOf(basics(newCase(), { ownGoals: `  ${atLimit}  `, personDoesThemselves: emoji }));
      expect(plan.ownGoals).toBe(atLimit);
      expect(plan.personDoesThemselves).toBe(emoji);
    });

    it('accepts a follow-up date today', () => {
      expect(planOf(basics(newCase(), { followUpDate: TODAY })).followUpDate).toBe(TODAY);
    });

    it('does not change the state it was given', () => {
      const before = completePlan();
      const snapshot = structuredClone(before);
      applied(savePlanBasics(before, { ...BASICS, ownGoals: 'Nya mål', rev: planRev(before) }, BJORN, LATER));
      expect(before).toEqual(snapshot);
    });
  });

  describe('free text', () => {
    it.each<[PlanField & keyof PlanBasics]>([['ownGoals'], ['personDoesThemselves']])('refuses a personnummer in %s, naming the field and not echoing it', (field) => {
      const problems = problemsOf(savePlanBasics(newCase(), { ...BASICS, [field]: `Gäller ${PNR} som vill bo kvar`, rev: 0 }, ANNA, CLOCK));
      expect(problems).toEqual([{ field, kind: 'personnummer' }]);
      expect(stringsIn(problems).join(' ')).not.toContain('1212');
    });

    it.each<[PlanField & keyof PlanBasics]>([['ownGoals'], ['personDoesThemselves']])('refuses %s one character over the limit, naming the limit', (field) => {
      const problems = problemsOf(savePlanBasics(newCase(), { ...BASICS, [field]: 'x'.repeat(PLAN_LIMITS.text + 1), rev: 0 }, ANNA, CLOCK));
      expect(problems).toEqual([{ field, kind: 'tooLong', limit: PLAN_LIMITS.text }]);
    });

    it('reports a personnummer rather than the length when the text is both', () => {
      const problems = problemsOf(savePlanBasics(newCase(), { ...BASICS, ownGoals: `${PNR} ${'x'.repeat(PLAN_LIMITS.text)}`, rev: 0 }, ANNA, CLOCK));
      expect(problems).toEqual([{ field: 'ownGoals', kind: 'personnummer' }]);
    });
  });

  describe('follow-up date', () => {
    it.each(['2027-02-29', '2026-13-01', '2026-12-00', '1 mars 2027', '2027-3-01', '01/03/2027', '2027-03-01T10:00', PNR])('refuses %j as invalid', (followUpDate) => {
      expect(problemsOf(savePlanBasics(newCase(), { ...BASICS, followUpDate, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'followUpDate', kind: 'invalid' }]);
    });

    it.each([
      ['yesterday', '2026-11-22'],
      ['last year', '2025-12-01'],
    ])('refuses a date in the past: %s', (_label, followUpDate) => {
      expect(problemsOf(savePlanBasics(newCase(), { ...BASICS, followUpDate, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'followUpDate', kind: 'past' }]);
    });

    it.each([
      // 23:59:59 on the 23rd in Stockholm is still the 23rd.
      ['a second before midnight in winter', '2026-11-23T22:59:59.000Z', '2026-11-23', true],
      // 00:30 on the 24th in Stockholm, while UTC still says the 23rd.
      ['just after midnight in winter', '2026-11-23T23:30:00.000Z', '2026-11-23', false],
      ['just after midnight in winter, the new day', '2026-11-23T23:30:00.000Z', '2026-11-24', true],
      // Summer time, UTC+2: 00:30 on 16 June is 22:30 UTC on the 15th.
      ['just after midnight in summer', '2027-06-15T22:30:00.000Z', '2027-06-15', false],
      ['just after midnight in summer, the new day', '2027-06-15T22:30:00.000Z', '2027-06-16', true],
      ['late evening in summer, before midnight', '2027-06-15T21:30:00.000Z', '2027-06-15', true],
    ])('counts "past" by the Stockholm date: %s', (_label, now, followUpDate, accepted) => {
      const change = savePlanBasics(newCase(), { ...BASICS, followUpDate, rev: 0 }, ANNA, clockAt(now));
      if (accepted) expect(planOf(applied(change).state).followUpDate).toBe(followUpDate);
      else expect(problemsOf(change)).toEqual([{ field: 'followUpDate', kind: 'past' }]);
    });
  });

  it('reports every problem at once, and stores nothing', () => {
    const before = newCase();
    const change = savePlanBasics(before, { ownGoals: PNR, personDoesThemselves: 'x'.repeat(PLAN_LIMITS.text + 1), followUpDate: '2026-02-30', overallResponsible: 'region', rev: 0 }, ANNA, CLOCK);
    expect(problemsOf(change)).toEqual([
      { field: 'ownGoals', kind: 'personnummer' },
      { field: 'personDoesThemselves', kind: 'tooLong', limit: PLAN_LIMITS.text },
      { field: 'followUpDate', kind: 'invalid' },
    ]);
    expect(before.sipPlan).toBeUndefined();
  });

  describe('no-op', () => {
    it('saving what is already there (give or take whitespace) hands back the same state, unaudited', () => {
      const c = basics(newCase(), { noOtherParties: true });
      const change = applied(
        savePlanBasics(c, { ownGoals: ` ${BASICS.ownGoals} `, personDoesThemselves: `${BASICS.personDoesThemselves}\n`, overallResponsible: 'kommun', followUpDate: BASICS.followUpDate, noOtherParties: true, rev: planRev(c) }, BJORN, LATER),
      );
      expect(change.state).toBe(c);
      expect(change.audit).toEqual([]);
    });

    it('an empty form on a case without a plan creates nothing', () => {
      const c = newCase();
      const change = applied(savePlanBasics(c, { rev: 0 }, ANNA, CLOCK));
      expect(change.state).toBe(c);
      expect(change.audit).toEqual([]);
      expect(change.state.sipPlan).toBeUndefined();
    });

    it('"no other parties" false and absent are the same', () => {
      const c = basics(newCase());
      const change = applied(savePlanBasics(c, { ...BASICS, noOtherParties: false, rev: planRev(c) }, ANNA, LATER));
      expect(change.state).toBe(c);
    });

    it('an unchanged save keeps an established plan established', () => {
      const c = establishedPlan();
      const change = applied(savePlanBasics(c, { ...BASICS, rev: planRev(c) }, BJORN, LATER));
      expect(change.state).toBe(c);
      expect(planOf(change.state).establishedAt).toBe(LATER.now.toISOString());
    });
  });

  it('changing an established plan makes it a draft again, to be established anew', () => {
    const c = establishedPlan();
    expect(planOf(c).establishedAt).toBeDefined();
    const { state, audit } = applied(savePlanBasics(c, { ...BASICS, followUpDate: '2027-04-01', rev: planRev(c) }, BJORN, LATER));
    expect(planOf(state).establishedAt).toBeUndefined();
    expect(planOf(state).establishedByAadObjectId).toBeUndefined();
    expect(planOf(state).followUpDate).toBe('2027-04-01');
    expect(planOf(state).rev).toBe(planRev(c) + 1);
    expect(audit).toEqual([ev('plan.saved', BJORN, LATER)]);
    expect(planMissing(planOf(state))).toEqual([]);
    expect(planOf(applied(establishPlan(state, { rev: planRev(state) }, BJORN, LATER)).state).establishedByAadObjectId).toBe(BJORN.aadObjectId);
  });

  it("refuses a stale rev, before and after a colleague's change", () => {
    expect(errorOf(savePlanBasics(newCase(), { ...BASICS, rev: 1 }, ANNA, CLOCK))).toBe('stale');
    const c = basics(newCase());
    expect(errorOf(savePlanBasics(c, { ...BASICS, ownGoals: 'Annat mål', rev: 0 }, BJORN, LATER))).toBe('stale');
  });

  it('refuses a closed case, whatever the rev and even with invalid input', () => {
    const c = closed(basics(newCase()));
    expect(errorOf(savePlanBasics(c, { ...BASICS, ownGoals: 'Annat', rev: planRev(c) }, ANNA, LATER))).toBe('caseClosed');
    expect(errorOf(savePlanBasics(c, { ...BASICS, ownGoals: PNR, rev: 99 }, ANNA, LATER))).toBe('caseClosed');
  });
});

// ---------------------------------------------------------------------------------------------
// addEffort and removeEffort
// ---------------------------------------------------------------------------------------------

describe('addEffort', () => {
  it('adds E1, trimmed, as a draft change audited by its id only', () => {
    const before = newCase();
    const { state, audit } = applied(addEffort(before, { what: '  Boendestöd ', howOften: ' Två gånger i veckan\n', from: ' 2027-01-11 ', responsible: 'kommun', rev: 0 }, BJORN, CLOCK));
    expect(planOf(state).efforts).toEqual([{ id: 'E1', what: 'Boendestöd', howOften: 'Två gånger i veckan', from: '2027-01-11', responsible: 'kommun', otherParty: undefined }]);
    expect(planOf(state)).toMatchObject({ nextEffortNumber: 2, rev: 1 });
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(CLOCK.now.toISOString());
    expect(audit).toEqual([ev('plan.effortAdded', BJORN, CLOCK, 'E1')]);
    expectNoText(audit, 'Boendestöd', 'Två gånger');
  });

  it('stores blank optional texts as absent', () => {
    const e = planOf(effort(newCase(), { what: 'Hemtjänst', howOften: '  ', from: '', responsible: 'region' })).efforts[0];
    expect(e).toEqual({ id: 'E1', what: 'Hemtjänst', howOften: undefined, from: undefined, responsible: 'region', otherParty: undefined });
  });

  it.each(EFFORT_RESPONSIBLE.map((r) => [r]))('accepts %s as responsible', (responsible) => {
    const input: EffortInput = { what: 'Insatsen', responsible, otherParty: 'Försäkringskassan' };
    expect(planOf(effort(newCase(), input)).efforts[0]?.responsible).toBe(responsible);
  });

  it('accepts a start date in the past: an effort may already be under way', () => {
    expect(planOf(effort(newCase(), { ...KOMMUN_EFFORT, from: '2025-01-01' })).efforts[0]?.from).toBe('2025-01-01');
  });

  it.each([undefined, '', '   \n'])('requires what (%j)', (what) => {
    expect(problemsOf(addEffort(newCase(), { ...KOMMUN_EFFORT, what, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'what', kind: 'required' }]);
  });

  describe('other party', () => {
    it.each([undefined, '', '  '])('"annan" requires the other party (%j)', (otherParty) => {
      expect(problemsOf(addEffort(newCase(), { ...ANNAN_EFFORT, otherParty, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'otherParty', kind: 'required' }]);
    });

    it('"annan" keeps the other party, trimmed', () => {
      expect(planOf(effort(newCase(), { ...ANNAN_EFFORT, otherParty: '  Försäkringskassan ' })).efforts[0]).toMatchObject({ responsible: 'annan', otherParty: 'Försäkringskassan' });
    });

    it.each<[EffortResponsible]>([['region'], ['kommun'], ['personen']])('%s drops an other party typed anyway', (responsible) => {
      const c = effort(newCase(), { what: 'Insatsen', responsible, otherParty: 'Hyresvärden' });
      expect(planOf(c).efforts[0]?.otherParty).toBeUndefined();
      expect(stringsIn(c.sipPlan)).not.toContain('Hyresvärden');
    });
  });

  it.each(['2027-02-29', '2027-1-11', 'snart', '11 januari', PNR])('refuses the from-date %j as invalid', (from) => {
    expect(problemsOf(addEffort(newCase(), { ...KOMMUN_EFFORT, from, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'from', kind: 'invalid' }]);
  });

  describe('free text', () => {
    it.each<['what' | 'howOften' | 'otherParty', number]>([
      ['what', PLAN_LIMITS.what],
      ['howOften', PLAN_LIMITS.howOften],
      ['otherParty', PLAN_LIMITS.otherParty],
    ])('%s: a personnummer is refused, the limit (%i) is accepted and one more is too long', (field, limit) => {
      const base: EffortInput = { ...ANNAN_EFFORT, howOften: 'Varje vecka' };
      expect(problemsOf(addEffort(newCase(), { ...base, [field]: `Gäller ${PNR}`, rev: 0 }, ANNA, CLOCK))).toEqual([{ field, kind: 'personnummer' }]);
      expect(problemsOf(addEffort(newCase(), { ...base, [field]: 'x'.repeat(limit + 1), rev: 0 }, ANNA, CLOCK))).toEqual([{ field, kind: 'tooLong', limit }]);
      expect(planOf(effort(newCase(), { ...base, [field]: 'x'.repeat(limit) })).efforts[0]?.[field]).toBe('x'.repeat(limit));
    });

    it('guards the other-party field even when it would be dropped', () => {
      // Conservative: the text was typed into the form, so a personnummer in it is refused either way.
      expect(problemsOf(addEffort(newCase(), { ...KOMMUN_EFFORT, otherParty: PNR, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'otherParty', kind: 'personnummer' }]);
    });
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(addEffort(newCase(), { what: ' ', howOften: PNR, from: 'imorgon', responsible: 'annan', rev: 0 }, ANNA, CLOCK));
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'what', kind: 'required' },
        { field: 'howOften', kind: 'personnummer' },
        { field: 'otherParty', kind: 'required' },
        { field: 'from', kind: 'invalid' },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  describe('numbering', () => {
    it('numbers E1, E2… and never reuses an id after removal', () => {
      let c = effort(effort(newCase()), ANNAN_EFFORT);
      expect(planOf(c).efforts.map((e) => e.id)).toEqual(['E1', 'E2']);
      c = applied(removeEffort(c, { effortId: 'E2', rev: planRev(c) }, ANNA, CLOCK)).state;
      c = effort(c);
      expect(planOf(c).efforts.map((e) => e.id)).toEqual(['E1', 'E3']);
      for (const id of ['E1', 'E3']) c = applied(removeEffort(c, { effortId: id, rev: planRev(c) }, ANNA, CLOCK)).state;
      expect(planOf(c).efforts).toEqual([]);
      expect(planOf(c).nextEffortNumber).toBe(4);
      expect(planOf(effort(c)).efforts.map((e) => e.id)).toEqual(['E4']);
    });

    it(`allows ${PLAN_LIMITS.efforts} efforts and refuses one more as tooMany`, () => {
      let c = newCase();
      for (let i = 0; i < PLAN_LIMITS.efforts; i++) c = effort(c, { what: `Insats ${i + 1}`, responsible: 'region' });
      expect(planOf(c).efforts).toHaveLength(PLAN_LIMITS.efforts);
      expect(problemsOf(addEffort(c, { ...KOMMUN_EFFORT, rev: planRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'efforts', kind: 'tooMany' }]);
      // Together with the input's own problems.
      expect(problemsOf(addEffort(c, { what: '', responsible: 'kommun', rev: planRev(c) }, ANNA, CLOCK))).toEqual([
        { field: 'what', kind: 'required' },
        { field: 'efforts', kind: 'tooMany' },
      ]);
      // Room again after a removal, with a fresh id.
      c = applied(removeEffort(c, { effortId: 'E7', rev: planRev(c) }, ANNA, CLOCK)).state;
      expect(planOf(effort(c)).efforts.at(-1)?.id).toBe(`E${PLAN_LIMITS.efforts + 1}`);
    });
  });

  it('adding to an established plan makes it a draft again', () => {
    const c = establishedPlan();
    const plan = planOf(effort(c, { what: 'Hemsjukvård', responsible: 'region' }));
    expect(plan.establishedAt).toBeUndefined();
    expect(plan.establishedByAadObjectId).toBeUndefined();
  });

  it('refuses a stale rev and a closed case', () => {
    const c = effort(newCase());
    expect(errorOf(addEffort(c, { ...ANNAN_EFFORT, rev: 0 }, ANNA, CLOCK))).toBe('stale');
    expect(errorOf(addEffort(closed(c), { ...ANNAN_EFFORT, rev: planRev(c) }, ANNA, LATER))).toBe('caseClosed');
  });

  it('does not change the state it was given', () => {
    const before = completePlan();
    const snapshot = structuredClone(before);
    applied(addEffort(before, { ...KOMMUN_EFFORT, rev: planRev(before) }, ANNA, LATER));
    expect(before).toEqual(snapshot);
  });
});

describe('removeEffort', () => {
  it('removes the effort, keeps the others as they were, and audits the id only', () => {
    const before = completePlan();
    const { state, audit } = applied(removeEffort(before, { effortId: 'E1', rev: planRev(before) }, ANNA, LATER));
    expect(planOf(state).efforts).toEqual(planOf(before).efforts.slice(1));
    expect(planOf(state).efforts[0]).toBe(planOf(before).efforts[1]);
    expect(planOf(state)).toMatchObject({ rev: planRev(before) + 1, nextEffortNumber: planOf(before).nextEffortNumber });
    expect(state.version).toBe(before.version + 1);
    expect(audit).toEqual([ev('plan.effortRemoved', ANNA, LATER, 'E1')]);
  });

  it('an unknown or already removed effort means the card is out of date', () => {
    const c = completePlan();
    expect(errorOf(removeEffort(c, { effortId: 'E9', rev: planRev(c) }, ANNA, LATER))).toBe('stale');
    expect(errorOf(removeEffort(c, { effortId: 'Boendestöd', rev: planRev(c) }, ANNA, LATER))).toBe('stale');
    const removed = applied(removeEffort(c, { effortId: 'E2', rev: planRev(c) }, ANNA, LATER)).state;
    expect(errorOf(removeEffort(removed, { effortId: 'E2', rev: planRev(removed) }, ANNA, LATER))).toBe('stale');
  });

  it('removing from an established plan makes it a draft, and may make it incomplete', () => {
    const c = establishedPlan();
    const { state } = applied(removeEffort(c, { effortId: 'E3', rev: planRev(c) }, BJORN, LATER));
    expect(planOf(state).establishedAt).toBeUndefined();
    expect(planMissing(planOf(state))).toEqual(['otherParties']);
    // The region's only effort gone: the region's part is missing until it has one, or a reason.
    const withoutRegion = applied(removeEffort(c, { effortId: 'E2', rev: planRev(c) }, BJORN, LATER)).state;
    expect(planMissing(planOf(withoutRegion))).toEqual(['regionPart']);
  });

  it('refuses a stale rev and a closed case', () => {
    const c = completePlan();
    expect(errorOf(removeEffort(c, { effortId: 'E1', rev: planRev(c) - 1 }, ANNA, LATER))).toBe('stale');
    expect(errorOf(removeEffort(closed(c), { effortId: 'E1', rev: planRev(c) }, ANNA, LATER))).toBe('caseClosed');
  });
});

// ---------------------------------------------------------------------------------------------
// establishPlan
// ---------------------------------------------------------------------------------------------

describe('establishPlan', () => {
  it('refuses an empty plan before any meeting as incomplete, naming all eight parts and the held meeting, and stores nothing', () => {
    const c = newCase();
    const change = establishPlan(c, { rev: 0 }, ANNA, CLOCK);
    expect(change).toEqual({ ok: false, error: 'incomplete', missing: ALL_PARTS });
    expect(c.sipPlan).toBeUndefined();
  });

  it('records whether it was drawn up together with the person, when the card asked (000:264)', () => {
    const complete = completePlan();
    const withPerson = applied(establishPlan(complete, { rev: planRev(complete), withPerson: 'yes' }, ANNA, LATER)).state;
    expect(planOf(withPerson).establishedWithPerson).toBe(true);
    const without = applied(establishPlan(complete, { rev: planRev(complete), withPerson: 'no' }, ANNA, LATER)).state;
    expect(planOf(without).establishedWithPerson).toBe(false);
    // A card shown before the question marks it upprättad without saying.
    expect(planOf(establishedPlan()).establishedWithPerson).toBeUndefined();
    // A change makes the plan a draft again: the answer went with the establishment.
    const changed = basics(withPerson, { ownGoals: 'Ett annat mål' }, ANNA, LATER);
    expect(planOf(changed).establishedAt).toBeUndefined();
    expect(planOf(changed).establishedWithPerson).toBeUndefined();
  });

  it('names exactly what is still missing', () => {
    const c = effort(basics(withHeldMeeting(newCase()), { ownGoals: '', followUpDate: undefined }), { what: 'Går själv till gymmet', responsible: 'personen' });
    expect(establishPlan(c, { rev: planRev(c) }, ANNA, CLOCK)).toEqual({ ok: false, error: 'incomplete', missing: ['regionPart', 'kommunPart', 'otherParties', 'ownGoals', 'followUpDate'] });
  });

  it('"no other parties" ticked stands in for an effort by someone else', () => {
    const c = effort(effort(basics(withHeldMeeting(newCase()), { noOtherParties: true })), REGION_EFFORT, ANNA);
    expect(applied(establishPlan(c, { rev: planRev(c) }, ANNA, CLOCK)).state.sipPlan?.establishedAt).toBe(CLOCK.now.toISOString());
  });

  it("a principal's stated reason stands in for its efforts, and is kept as typed", () => {
    const c = effort(basics(withHeldMeeting(newCase()), { noOtherParties: true, regionNoEffortsReason: '  Personen tackar nej till regionens insatser ' }));
    expect(planOf(c).regionNoEffortsReason).toBe('Personen tackar nej till regionens insatser');
    expect(applied(establishPlan(c, { rev: planRev(c) }, ANNA, CLOCK)).state.sipPlan?.establishedAt).toBe(CLOCK.now.toISOString());
    expect(problemsOf(savePlanBasics(c, { kommunNoEffortsReason: `Se ${PNR}`, rev: planRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'kommunNoEffortsReason', kind: 'personnummer' }]);
    // An effort from the region replaces its reason; a save from the card (which no longer shows the
    // field) then changes nothing, so an established plan stays established.
    const withEffort = effort(c, REGION_EFFORT, ANNA);
    expect(planOf(withEffort).regionNoEffortsReason).toBeUndefined();
    const agreed = applied(establishPlan(withEffort, { rev: planRev(withEffort) }, ANNA, CLOCK)).state;
    const { regionNoEffortsReason: _hidden, ...asTheCardSends } = planOf(agreed);
    const resaved = applied(savePlanBasics(agreed, { ...asTheCardSends, rev: planRev(agreed) }, ANNA, LATER));
    expect(resaved.state).toBe(agreed);
    expect(planOf(applied(savePlanBasics(agreed, { ...asTheCardSends, regionNoEffortsReason: 'Kvar från ett gammalt kort', rev: planRev(agreed) }, ANNA, LATER)).state).establishedAt).toBe(CLOCK.now.toISOString());
    // A reason alone is a change: saved, audited, and it makes an established plan a draft.
    const established = applied(establishPlan(c, { rev: planRev(c) }, ANNA, CLOCK)).state;
    const saved = applied(savePlanBasics(established, { ...planOf(established), regionNoEffortsReason: 'Personen vill vänta med regionens insatser', rev: planRev(established) }, ANNA, LATER));
    expect(planOf(saved.state)).toMatchObject({ regionNoEffortsReason: 'Personen vill vänta med regionens insatser', establishedAt: undefined });
    expect(saved.audit).toEqual([ev('plan.saved', ANNA, LATER)]);
  });

  it('establishes a complete plan: when, by whom, audited, and nothing else changes', () => {
    const before = completePlan();
    const { state, audit } = applied(establishPlan(before, { rev: planRev(before) }, ANNA, LATER));
    const { followUpSetAt: _set, nextEffortNumber: _next, rev: _rev, ...content } = planOf(before);
    const version = { version: 1, content, establishedAt: LATER.now.toISOString(), establishedByAadObjectId: ANNA.aadObjectId, withPerson: undefined, meetingId: 'M1', meetingHeldAt: meetingIn(before).heldAt, attendees: [{ role: 'personen' }, { role: 'region' }, { role: 'kommun' }], changes: [] };
    expect(state.sipPlan).toEqual({
      ...before.sipPlan,
      establishedAt: LATER.now.toISOString(),
      establishedByAadObjectId: ANNA.aadObjectId,
      establishedWithPerson: undefined,
      established: version,
      versions: [{ version: 1, establishedAt: LATER.now.toISOString(), meetingId: 'M1', followUpDate: planOf(before).followUpDate }],
      rev: planRev(before) + 1,
    });
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(LATER.now.toISOString());
    expect(audit).toEqual([ev('plan.established', ANNA, LATER)]);
    expect(state.baseline).toBe(before.baseline);
  });

  it('establishing twice is a no-op', () => {
    const c = establishedPlan();
    const change = applied(establishPlan(c, { rev: planRev(c) }, BJORN, clockAt('2026-12-01T09:00:00.000Z')));
    expect(change.state).toBe(c);
    expect(change.audit).toEqual([]);
    expect(planOf(change.state)).toMatchObject({ establishedAt: LATER.now.toISOString(), establishedByAadObjectId: ANNA.aadObjectId });
  });

  it('refuses a stale rev before checking completeness, and a closed case before anything', () => {
    const c = completePlan();
    expect(errorOf(establishPlan(c, { rev: planRev(c) - 1 }, ANNA, LATER))).toBe('stale');
    expect(errorOf(establishPlan(newCase(), { rev: 3 }, ANNA, LATER))).toBe('stale');
    expect(errorOf(establishPlan(closed(c), { rev: planRev(c) }, ANNA, LATER))).toBe('caseClosed');
    expect(errorOf(establishPlan(closed(newCase()), { rev: 0 }, ANNA, LATER))).toBe('caseClosed');
  });

  it('does not change the state it was given', () => {
    const before = completePlan();
    const snapshot = structuredClone(before);
    applied(establishPlan(before, { rev: planRev(before) }, ANNA, LATER));
    expect(before).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
// Versions of the plan: upprättad at a held SIP meeting, each one kept in full
// ---------------------------------------------------------------------------------------------

describe('plan versions', () => {
  const at = (iso: string) => clockAt(iso);

  it('cannot be upprättad before a SIP meeting is held: a planned or cancelled one, or one without the other principal, does not count', () => {
    const plain = completePlan(newCase());
    expect(establishPlan(plain, { rev: planRev(plain) }, ANNA, LATER)).toEqual({ ok: false, error: 'incomplete', missing: ['heldMeeting'] });
    const held = withHeldMeeting(newCase());
    const planned = { ...held, sipMeetings: [{ ...meetingIn(held), status: 'planned' as const, heldAt: undefined }] };
    const cancelled = { ...held, sipMeetings: [{ ...meetingIn(held), status: 'cancelled' as const }] };
    const onlyRegion = { ...held, sipMeetings: [{ ...meetingIn(held), invited: meetingIn(held).invited.filter((p) => p.role !== 'kommun') }] };
    for (const c of [planned, cancelled, onlyRegion].map((x) => completePlan(x))) {
      expect(establishPlan(c, { rev: planRev(c) }, ANNA, LATER)).toEqual({ ok: false, error: 'incomplete', missing: ['heldMeeting'] });
      expect(establishMissing(c)).toEqual(['heldMeeting']);
    }
    expect(establishMissing(completePlan())).toEqual([]);
  });

  it('version 1 names the meeting it was drawn up at and who took part there, and is kept as plan_0001', () => {
    const c = completePlan(withHeldMeeting(newCase(), { attendance: { person: false, personAbsentReason: 'Sjuk', absent: ['kommun'] } }));
    const change = applied(establishPlan(c, { rev: planRev(c), withPerson: 'no' }, BJORN, LATER));
    const v = planOf(change.state).established!;
    expect(v).toMatchObject({ version: 1, meetingId: 'M1', withPerson: false, establishedByAadObjectId: BJORN.aadObjectId, attendees: [{ role: 'region' }], changes: [] });
    expect(change.snapshots).toEqual([{ key: 'plan_0001', content: v }]);
    expect(planVersionKey(12)).toBe('plan_0012');
    // Attendance not recorded (a meeting marked held before it was asked): nobody is named.
    const unrecorded = completePlan(withHeldMeeting(newCase(), { attendance: null }));
    expect(planOf(applied(establishPlan(unrecorded, { rev: planRev(unrecorded) }, ANNA, LATER)).state).established?.attendees).toBeUndefined();
  });

  it('a change starts a draft of version 2 and leaves version 1 as agreed; version 2, upprättad at the follow-up, says what changed', () => {
    const v1 = establishedPlan();
    const inForce = planOf(v1).established!;
    let c = basics(v1, { ownGoals: 'Att få ett arbete', followUpDate: '2027-06-01' }, BJORN, LATER);
    c = effort(c, { what: 'Arbetsträning', responsible: 'kommun' }, BJORN, LATER);
    c = applied(removeEffort(c, { effortId: 'E1', rev: planRev(c) }, BJORN, LATER)).state;
    const draft = planOf(c);
    expect(draft.establishedAt).toBeUndefined();
    expect(draft.established).toBe(inForce);
    expect(versionInForce(draft)).toBe(inForce);
    expect(closingCheck(c, 'Europe/Stockholm').missing).not.toContain('plan');
    const e1 = planOf(v1).efforts[0]!;
    const e4 = draft.efforts.find((e) => e.id === 'E4')!;
    expect(draftChanges(draft)).toEqual([
      { kind: 'changed', field: 'ownGoals' },
      { kind: 'changed', field: 'followUpDate' },
      { kind: 'effortRemoved', effort: e1 },
      { kind: 'effortAdded', effort: e4 },
    ]);
    // Upprättad at the follow-up meeting, M2: version 2, with the same differences, kept as plan_0002.
    const followUp = withHeldMeeting(c, { heldAt: '2026-12-14T10:00:00.000Z' });
    const change = applied(establishPlan(followUp, { rev: planRev(followUp), withPerson: 'yes' }, ANNA, at('2026-12-14T11:00:00.000Z')));
    const v2 = planOf(change.state).established!;
    expect(v2).toMatchObject({ version: 2, meetingId: 'M2', withPerson: true, changes: draftChanges(draft) });
    expect(change.snapshots).toEqual([{ key: 'plan_0002', content: v2 }]);
    expect(planOf(change.state).versions).toEqual([
      // Each with the follow-up date it set, which the statistics hold the next meeting to.
      { version: 1, establishedAt: LATER.now.toISOString(), meetingId: 'M1', followUpDate: inForce.content.followUpDate },
      { version: 2, establishedAt: '2026-12-14T11:00:00.000Z', meetingId: 'M2', followUpDate: '2027-06-01' },
    ]);
    expect(draftChanges(planOf(change.state))).toBeUndefined();
  });

  it('a change taken back (an effort added by mistake, then removed) makes the version in force the plan again, with no new version', () => {
    const v1 = establishedPlan();
    const inForce = planOf(v1).established!;
    const added = effort(v1, { what: 'Fel insats', responsible: 'kommun' }, BJORN, LATER);
    expect(planOf(added).establishedAt).toBeUndefined();
    const removed = applied(removeEffort(added, { effortId: 'E4', rev: planRev(added) }, BJORN, LATER));
    expect(planOf(removed.state)).toMatchObject({ establishedAt: inForce.establishedAt, establishedByAadObjectId: inForce.establishedByAadObjectId, established: inForce, versions: planOf(v1).versions });
    expect(removed.snapshots).toBeUndefined();
    expect(draftChanges(planOf(removed.state))).toBeUndefined();
    // Establishing it again is a no-op: it is the version in force.
    expect(applied(establishPlan(removed.state, { rev: planRev(removed.state) }, ANNA, LATER)).audit).toEqual([]);
  });

  it('a plan upprättad before versions were kept is version 1 as it stands, and gets its full copy when first changed', () => {
    const complete = completePlan();
    // As an earlier version stored it: upprättad, with no version of its own.
    const old = { ...complete, sipPlan: { ...planOf(complete), establishedAt: '2026-11-02T10:00:00.000Z', establishedByAadObjectId: ANNA.aadObjectId } };
    const legacy = versionInForce(planOf(old));
    expect(legacy).toMatchObject({ version: 1, establishedAt: '2026-11-02T10:00:00.000Z', changes: [] });
    expect(legacy?.meetingId).toBeUndefined();
    expect(planVersions(planOf(old))).toEqual([{ version: 1, establishedAt: '2026-11-02T10:00:00.000Z' }]);
    const changed = applied(savePlanBasics(old, { ...BASICS, ownGoals: 'Nytt mål', rev: planRev(old) }, BJORN, LATER));
    expect(changed.snapshots).toEqual([{ key: 'plan_0001', content: legacy }]);
    expect(planOf(changed.state).established).toEqual(legacy);
    // Only the first change keeps it; the next ones do not write it again.
    expect(applied(addEffort(changed.state, { what: 'Hemtjänst', responsible: 'kommun', rev: planRev(changed.state) }, BJORN, LATER)).snapshots).toBeUndefined();
    const v2 = applied(establishPlan(changed.state, { rev: planRev(changed.state) }, ANNA, LATER));
    expect(planOf(v2.state).established).toMatchObject({ version: 2, changes: [{ kind: 'changed', field: 'ownGoals' }] });
  });

  it('compares versions by what they say: an unticked box is no change, every edited field and effort is', () => {
    const base = { efforts: [eff('E1', 'kommun')], noOtherParties: undefined };
    expect(planDifferences(base, { ...base, noOtherParties: false })).toEqual([]);
    expect(planDifferences(base, { ...base, noOtherParties: true })).toEqual([{ kind: 'changed', field: 'noOtherParties' }]);
    expect(planDifferences(base, { efforts: [{ ...eff('E1', 'kommun'), howOften: 'Varje dag' }] })).toEqual([
      { kind: 'effortRemoved', effort: eff('E1', 'kommun') },
      { kind: 'effortAdded', effort: { ...eff('E1', 'kommun'), howOften: 'Varje dag' } },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Crisis and action plan: addSign and removeSign
// ---------------------------------------------------------------------------------------------

describe('addSign', () => {
  it('adds S1, trimmed, with only the actions filled in, audited by its id only', () => {
    const before = newCase();
    const { state, audit } = applied(
      addSign(
        before,
        { description: '  Sover dåligt flera nätter i rad ', describedBy: 'narstaende', actions: { personen: ' Ringer boendestödet ', narstaende: '   ', kommun: '', region: 'Mottagningen erbjuder tid\n' }, contact: ' Psykiatrimottagning Väst ', rev: 0 },
        ANNA,
        CLOCK,
      ),
    );
    expect(crisisPlanOf(state)).toEqual({
      signs: [{ id: 'S1', description: 'Sover dåligt flera nätter i rad', describedBy: 'narstaende', actions: { personen: 'Ringer boendestödet', region: 'Mottagningen erbjuder tid' }, contact: 'Psykiatrimottagning Väst' }],
      revision: 0,
      nextSignNumber: 2,
      rev: 1,
    });
    expect(crisisPlanOf(state).signs[0]?.actions).not.toHaveProperty('narstaende');
    expect(crisisPlanOf(state).signs[0]?.actions).not.toHaveProperty('kommun');
    expect(state.version).toBe(before.version + 1);
    expect(state.updatedAt).toBe(CLOCK.now.toISOString());
    expect(state.sipPlan).toBeUndefined();
    expect(state.baseline).toBe(before.baseline);
    expect(audit).toEqual([ev('crisis.signAdded', ANNA, CLOCK, 'S1')]);
    expectNoText(audit, 'Sover', 'boendestödet', 'Mottagningen', 'Psykiatri');
  });

  it('stores a blank contact as absent and ignores actors it does not know', () => {
    const actions = { kommun: 'Hemtjänsten ringer', grannen: 'Knackar på' } as unknown as SignInput['actions'];
    const s = crisisPlanOf(sign(newCase(), { actions, contact: '  ' })).signs[0];
    expect(s?.actions).toEqual({ kommun: 'Hemtjänsten ringer' });
    expect(s?.contact).toBeUndefined();
  });

  it.each(SIGN_DESCRIBED_BY.map((d) => [d]))('accepts a sign described by %s', (describedBy) => {
    expect(crisisPlanOf(sign(newCase(), { describedBy })).signs[0]?.describedBy).toBe(describedBy);
  });

  it.each([undefined, '', '  '])('requires a description (%j)', (description) => {
    expect(problemsOf(addSign(newCase(), { ...SIGN, description, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'description', kind: 'required' }]);
  });

  it.each<[string, SignInput['actions']]>([
    ['no actions', {}],
    ['only blank actions', { personen: '  ', narstaende: '', kommun: '\n', region: undefined }],
  ])('requires at least one action: %s', (_label, actions) => {
    expect(problemsOf(addSign(newCase(), { ...SIGN, actions, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'actions', kind: 'required' }]);
  });

  it.each(CRISIS_ACTORS.map((who) => [who]))('refuses a personnummer in the action of %s', (who) => {
    const actions = { ...SIGN.actions, [who]: `Ring mamma, hon har ${PNR}` };
    const problems = problemsOf(addSign(newCase(), { ...SIGN, actions, rev: 0 }, ANNA, CLOCK));
    expect(problems).toEqual([{ field: 'actions', kind: 'personnummer' }]);
    expect(stringsIn(problems).join(' ')).not.toContain('1212');
  });

  it('refuses a personnummer in the contact and in the description', () => {
    expect(problemsOf(addSign(newCase(), { ...SIGN, contact: `Systern, ${PNR}`, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'contact', kind: 'personnummer' }]);
    expect(problemsOf(addSign(newCase(), { ...SIGN, description: `${PNR} sover dåligt`, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'description', kind: 'personnummer' }]);
  });

  it('names a field once even when several actions have the same problem', () => {
    const actions = { personen: PNR, region: `Ring ${PNR}`, kommun: 'x'.repeat(PLAN_LIMITS.action + 1), narstaende: 'y'.repeat(PLAN_LIMITS.action + 1) };
    expect(problemsOf(addSign(newCase(), { ...SIGN, actions, rev: 0 }, ANNA, CLOCK))).toEqual([
      { field: 'actions', kind: 'personnummer' },
      { field: 'actions', kind: 'tooLong', limit: PLAN_LIMITS.action },
    ]);
  });

  it.each<['description' | 'action' | 'contact', number]>([
    ['description', PLAN_LIMITS.what],
    ['action', PLAN_LIMITS.action],
    ['contact', PLAN_LIMITS.contact],
  ])('%s: accepts the limit (%i) and refuses one more', (what, limit) => {
    const input = (text: string): SignInput =>
      what === 'description' ? { ...SIGN, description: text } : what === 'contact' ? { ...SIGN, contact: text } : { ...SIGN, actions: { kommun: text } };
    const field: PlanField = what === 'action' ? 'actions' : what;
    expect(problemsOf(addSign(newCase(), { ...input('x'.repeat(limit + 1)), rev: 0 }, ANNA, CLOCK))).toEqual([{ field, kind: 'tooLong', limit }]);
    expect(sign(newCase(), input('x'.repeat(limit))).crisisPlan?.signs).toHaveLength(1);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(addSign(newCase(), { description: '', describedBy: 'personal', actions: {}, contact: PNR, rev: 0 }, ANNA, CLOCK));
    expect(problems).toEqual([
      { field: 'contact', kind: 'personnummer' },
      { field: 'description', kind: 'required' },
      { field: 'actions', kind: 'required' },
    ]);
  });

  it(`allows ${PLAN_LIMITS.signs} signs and refuses one more as tooMany`, () => {
    let c = newCase();
    for (let i = 0; i < PLAN_LIMITS.signs; i++) c = sign(c, { description: `Tecken ${i + 1}` });
    expect(crisisPlanOf(c).signs).toHaveLength(PLAN_LIMITS.signs);
    expect(problemsOf(addSign(c, { ...SIGN, rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'signs', kind: 'tooMany' }]);
    c = applied(removeSign(c, { signId: 'S3', rev: crisisRev(c) }, ANNA, CLOCK)).state;
    expect(crisisPlanOf(sign(c)).signs.at(-1)?.id).toBe(`S${PLAN_LIMITS.signs + 1}`);
  });

  it('refuses a stale rev and a closed case', () => {
    const c = sign(newCase());
    expect(errorOf(addSign(c, { ...SIGN, rev: 0 }, ANNA, CLOCK))).toBe('stale');
    expect(errorOf(addSign(closed(c), { ...SIGN, rev: crisisRev(c) }, ANNA, LATER))).toBe('caseClosed');
  });

  it('does not change the state it was given', () => {
    const before = sign(newCase());
    const snapshot = structuredClone(before);
    applied(addSign(before, { ...SIGN, rev: crisisRev(before) }, BJORN, LATER));
    expect(before).toEqual(snapshot);
  });
});

describe('removeSign', () => {
  it('removes the sign, keeps the others, and audits the id only; ids are never reused', () => {
    const before = sign(sign(newCase()), { description: 'Slutar svara i telefon' });
    const { state, audit, snapshots } = applied(removeSign(before, { signId: 'S2', rev: crisisRev(before) }, BJORN, LATER));
    expect(crisisPlanOf(state).signs).toEqual([crisisPlanOf(before).signs[0]]);
    // Only a saved revision is kept as a copy; a draft change writes none.
    expect(snapshots).toEqual([]);
    expect(crisisPlanOf(state)).toMatchObject({ rev: crisisRev(before) + 1, nextSignNumber: 3, revision: 0 });
    expect(state.version).toBe(before.version + 1);
    expect(audit).toEqual([ev('crisis.signRemoved', BJORN, LATER, 'S2')]);
    expect(crisisPlanOf(sign(state)).signs.map((s) => s.id)).toEqual(['S1', 'S3']);
  });

  it('an unknown or already removed sign means the card is out of date', () => {
    const c = sign(newCase());
    expect(errorOf(removeSign(c, { signId: 'S2', rev: crisisRev(c) }, ANNA, LATER))).toBe('stale');
    const removed = applied(removeSign(c, { signId: 'S1', rev: crisisRev(c) }, ANNA, LATER)).state;
    expect(errorOf(removeSign(removed, { signId: 'S1', rev: crisisRev(removed) }, ANNA, LATER))).toBe('stale');
  });

  it('refuses a stale rev and a closed case', () => {
    const c = sign(newCase());
    expect(errorOf(removeSign(c, { signId: 'S1', rev: 0 }, ANNA, LATER))).toBe('stale');
    expect(errorOf(removeSign(closed(c), { signId: 'S1', rev: crisisRev(c) }, ANNA, LATER))).toBe('caseClosed');
  });
});

// ---------------------------------------------------------------------------------------------
// saveCrisisPlan
// ---------------------------------------------------------------------------------------------

describe('saveCrisisPlan', () => {
  describe('what a saved plan needs', () => {
    it.each([undefined, '', '   '])('a review date is always required (%j)', (reviewDate) => {
      const c = sign(newCase());
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, reviewDate, rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'reviewDate', kind: 'required' }]);
    });

    it.each(['2027-02-29', '31 maj', '2027-5-31', PNR])('refuses the review date %j as invalid', (reviewDate) => {
      const c = sign(newCase());
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, reviewDate, rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'reviewDate', kind: 'invalid' }]);
    });

    it('refuses a review date in the past by the Stockholm date, and accepts today', () => {
      const c = sign(newCase());
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, reviewDate: '2026-11-22', rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field: 'reviewDate', kind: 'past' }]);
      // 00:30 on 24 November in Stockholm: the 23rd is yesterday although UTC still says the 23rd.
      const afterMidnight = clockAt('2026-11-23T23:30:00.000Z');
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, reviewDate: '2026-11-23', rev: crisisRev(c) }, ANNA, afterMidnight))).toEqual([{ field: 'reviewDate', kind: 'past' }]);
      expect(crisisPlanOf(saveCrisis(c, { reviewDate: '2026-11-24' }, ANNA, afterMidnight).state).reviewDate).toBe('2026-11-24');
      expect(crisisPlanOf(saveCrisis(c, { reviewDate: TODAY }).state).reviewDate).toBe(TODAY);
    });

    it('requires at least one warning sign', () => {
      expect(problemsOf(saveCrisisPlan(newCase(), { ...CRISIS, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'signs', kind: 'required' }]);
      const removed = applied(removeSign(sign(newCase()), { signId: 'S1', rev: 1 }, ANNA, CLOCK)).state;
      expect(problemsOf(saveCrisisPlan(removed, { ...CRISIS, rev: crisisRev(removed) }, ANNA, CLOCK))).toEqual([{ field: 'signs', kind: 'required' }]);
    });

    it.each<['triggers' | 'personDoesThemselves']>([['triggers'], ['personDoesThemselves']])('guards %s against personnummer and length', (field) => {
      const c = sign(newCase());
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, [field]: `Bror ${PNR}`, rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field, kind: 'personnummer' }]);
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, [field]: 'x'.repeat(PLAN_LIMITS.text + 1), rev: crisisRev(c) }, ANNA, CLOCK))).toEqual([{ field, kind: 'tooLong', limit: PLAN_LIMITS.text }]);
      expect(crisisPlanOf(saveCrisis(c, { [field]: 'x'.repeat(PLAN_LIMITS.text) }).state)[field]).toBe('x'.repeat(PLAN_LIMITS.text));
    });

    it('reports every problem at once, and nothing is saved or ticked', () => {
      const c = newCase();
      expect(problemsOf(saveCrisisPlan(c, { triggers: PNR, reviewDate: '', rev: 0 }, ANNA, CLOCK))).toEqual([
        { field: 'triggers', kind: 'personnummer' },
        { field: 'reviewDate', kind: 'required' },
        { field: 'signs', kind: 'required' },
      ]);
      expect(c.crisisPlan).toBeUndefined();
      expect(c.baseline.items.B7.status).toBe('notStarted');
    });
  });

  describe('revisions', () => {
    it('the first save is revision 1, trimmed, kept in full as crisis_0001, and audited without text', () => {
      const before = sign(yesCase());
      const change = applied(saveCrisisPlan(before, { triggers: '  Stress kring ekonomin ', personDoesThemselves: '', reviewDate: ' 2027-05-31 ', rev: crisisRev(before) }, BJORN, LATER));
      const saved = crisisPlanOf(change.state);
      expect(saved).toEqual({
        ...crisisPlanOf(before),
        triggers: 'Stress kring ekonomin',
        personDoesThemselves: undefined,
        reviewDate: '2027-05-31',
        revision: 1,
        savedAt: LATER.now.toISOString(),
        savedByAadObjectId: BJORN.aadObjectId,
        rev: crisisRev(before) + 1,
      });
      expect(change.snapshots).toEqual([{ key: 'crisis_0001', content: saved }]);
      // The snapshot holds the full plan, signs and all, as it was saved.
      expect((change.snapshots?.[0]?.content as typeof saved).signs).toEqual(crisisPlanOf(before).signs);
      expect(change.state.version).toBe(before.version + 1);
      expect(change.state.updatedAt).toBe(LATER.now.toISOString());
      expect(change.audit).toEqual([ev('crisis.revised', BJORN, LATER, 'rev1'), ev('baseline.autoTicked', BJORN, LATER, 'B7:done')]);
      expectNoText(change.audit, 'Stress', 'Sover', 'boendestödet', '2027-05-31');
    });

    it('the second save is revision 2, crisis_0002, with its own content; the first snapshot is untouched', () => {
      const first = saveCrisis(sign(yesCase()));
      const kept = structuredClone(first.snapshots);
      const withMore = sign(first.state, { description: 'Slutar svara i telefon', actions: { narstaende: 'Ringer mottagningen' } }, BJORN, LATER);
      const second = saveCrisis(withMore, { triggers: 'Stress kring ekonomin och boendet', reviewDate: '2027-06-30' }, BJORN, LATER);
      const saved = crisisPlanOf(second.state);
      expect(saved).toMatchObject({ revision: 2, triggers: 'Stress kring ekonomin och boendet', reviewDate: '2027-06-30', savedByAadObjectId: BJORN.aadObjectId, savedAt: LATER.now.toISOString() });
      expect(saved.signs.map((s) => s.id)).toEqual(['S1', 'S2']);
      expect(second.snapshots).toEqual([{ key: 'crisis_0002', content: saved }]);
      // The review date it replaced, and the day: whether the review came in time is counted from it.
      expect(saved.reviews).toEqual([{ due: '2027-05-31', revisedOn: '2026-11-23' }]);
      expect(crisisPlanOf(first.state).reviews).toBeUndefined();
      expect(second.audit).toEqual([ev('crisis.revised', BJORN, LATER, 'rev2')]);
      expect(second.state.baseline).toBe(withMore.baseline);
      expect(first.snapshots).toEqual(kept);
      expect((first.snapshots?.[0]?.content as { signs: unknown[] }).signs).toHaveLength(1);
    });

    it('every save is a new revision, even of the same content', () => {
      const first = saveCrisis(sign(yesCase()));
      const again = saveCrisis(first.state);
      expect(crisisPlanOf(again.state).revision).toBe(2);
      expect(again.snapshots?.map((s) => s.key)).toEqual(['crisis_0002']);
      expect(again.state.version).toBe(first.state.version + 1);
    });

    it('pads the revision to four digits', () => {
      const c: CaseState = { ...sign(newCase()), crisisPlan: { ...crisisPlanOf(sign(newCase())), revision: 9 } };
      expect(saveCrisis(c).snapshots?.map((s) => s.key)).toEqual(['crisis_0010']);
    });

    it('editing signs after a save does not make a revision; the next save does', () => {
      const first = saveCrisis(sign(yesCase()));
      const edited = sign(first.state, { description: 'Drar sig undan' });
      expect(crisisPlanOf(edited)).toMatchObject({ revision: 1, savedAt: CLOCK.now.toISOString() });
      const change = applied(addSign(first.state, { ...SIGN, rev: crisisRev(first.state) }, ANNA, CLOCK));
      expect(change.snapshots ?? []).toEqual([]);
    });
  });

  describe('B7', () => {
    it('ticks itself with source "sip" on the first complete save when B1 says yes, leaving B1 as it was', () => {
      const before = sign(yesCase());
      const { state } = saveCrisis(before, {}, BJORN, LATER);
      expect(state.baseline.items.B7).toEqual({ status: 'done', by: actorOnly(BJORN), at: LATER.now.toISOString(), rev: 1, source: 'sip' });
      expect(state.baseline.need).toBe('yes');
      expect(state.baseline.items.B1).toBe(before.baseline.items.B1);
      for (const id of BASELINE_ITEMS.filter((x) => x !== 'B7')) expect(state.baseline.items[id]).toBe(before.baseline.items[id]);
    });

    it('ticks itself when B1 is still unanswered and answers B1 "yes", as the meeting flow does', () => {
      // Otherwise B7 would be done but closed, and no coordinator could change it.
      const before = sign(newCase());
      const { state, audit } = saveCrisis(before);
      expect(state.baseline.items.B7).toMatchObject({ status: 'done', source: 'sip', rev: 1 });
      expect(state.baseline.need).toBe('yes');
      expect(state.baseline.items.B1).toMatchObject({ status: 'done', source: 'sip', rev: before.baseline.items.B1.rev + 1 });
      expect(audit.map((e) => e.detail)).toEqual(['rev1', 'B7:done', 'B1:yes']);
    });

    it('ticks one a coordinator left undone with a reason: the flow has done it after all', () => {
      const c0 = yesCase();
      const set = applied(setBaselineItem(c0, { item: 'B7', status: 'notApplicable', reason: 'Personen ville inte först', rev: 0 }, BJORN, CLOCK)).state;
      const { state } = saveCrisis(sign(set), {}, ANNA, LATER);
      expect(state.baseline.items.B7).toMatchObject({ status: 'done', source: 'sip', rev: 2 });
    });

    it.each([['done', 'done', undefined]] as const)('is not overwritten when a coordinator already set it %s', (_label, status, reason) => {
      const c0 = yesCase();
      const set = applied(setBaselineItem(c0, { item: 'B7', status, reason, rev: 0 }, BJORN, CLOCK)).state;
      const before = sign(set);
      const { state, audit } = saveCrisis(before, {}, ANNA, LATER);
      expect(state.baseline).toBe(before.baseline);
      expect(state.baseline.items.B7).toMatchObject({ status, by: actorOnly(BJORN), rev: 1 });
      expect(state.baseline.items.B7.source).toBeUndefined();
      expect(audit).toEqual([ev('crisis.revised', ANNA, LATER, 'rev1')]);
      expectNoText(audit, 'läkaren');
    });

    it('is left alone when B1 was answered "no"', () => {
      const before = sign(noCase());
      const { state, audit } = saveCrisis(before);
      expect(state.baseline).toBe(before.baseline);
      expect(state.baseline.items.B7).toEqual({ status: 'notStarted', rev: 0 });
      expect(audit.map((e) => e.action)).toEqual(['crisis.revised']);
      expect(crisisPlanOf(state).revision).toBe(1);
    });

    it('ticks again, with the next rev, when a coordinator reset it and the plan is saved anew', () => {
      const first = saveCrisis(sign(yesCase()));
      const reset = applied(setBaselineItem(first.state, { item: 'B7', status: 'notStarted', rev: 1 }, BJORN, LATER)).state;
      expect(reset.baseline.items.B7).toMatchObject({ status: 'notStarted', rev: 2 });
      const { state, audit } = saveCrisis(reset, {}, ANNA, LATER);
      expect(state.baseline.items.B7).toEqual({ status: 'done', by: actorOnly(ANNA), at: LATER.now.toISOString(), rev: 3, source: 'sip' });
      expect(audit.map((e) => e.detail)).toEqual(['rev2', 'B7:done']);
    });

    it('a refused save ticks nothing', () => {
      const c = yesCase();
      expect(problemsOf(saveCrisisPlan(c, { ...CRISIS, rev: 0 }, ANNA, CLOCK))).toEqual([{ field: 'signs', kind: 'required' }]);
      expect(c.baseline.items.B7.status).toBe('notStarted');
    });

    it('adding and removing signs never ticks B7', () => {
      const before = yesCase();
      const added = applied(addSign(before, { ...SIGN, rev: 0 }, ANNA, CLOCK));
      expect(added.state.baseline).toBe(before.baseline);
      const removed = applied(removeSign(added.state, { signId: 'S1', rev: 1 }, ANNA, CLOCK));
      expect(removed.state.baseline).toBe(before.baseline);
    });
  });

  it('refuses a stale rev and a closed case', () => {
    const c = sign(newCase());
    expect(errorOf(saveCrisisPlan(c, { ...CRISIS, rev: 0 }, ANNA, CLOCK))).toBe('stale');
    expect(errorOf(saveCrisisPlan(closed(c), { ...CRISIS, rev: crisisRev(c) }, ANNA, LATER))).toBe('caseClosed');
  });

  it('does not change the state it was given', () => {
    const before = sign(yesCase());
    const snapshot = structuredClone(before);
    saveCrisis(before, {}, ANNA, LATER);
    expect(before).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------
// Every command: closed case, stale rev, no mutation
// ---------------------------------------------------------------------------------------------

type Doc = 'plan' | 'crisis';
const revOf = (c: CaseState, doc: Doc): number => (doc === 'plan' ? planRev(c) : crisisRev(c));

/** Each command, run with a given rev on a case that has a complete plan (E1, E2) and a sign (S1). */
const COMMANDS: ReadonlyArray<readonly [string, Doc, (c: CaseState, rev: number) => PlanChange | EstablishResult]> = [
  ['savePlanBasics', 'plan', (c, rev) => savePlanBasics(c, { ...BASICS, ownGoals: 'Att få ett arbete', rev }, BJORN, LATER)],
  ['addEffort', 'plan', (c, rev) => addEffort(c, { what: 'Hemsjukvård', responsible: 'region', rev }, BJORN, LATER)],
  ['removeEffort', 'plan', (c, rev) => removeEffort(c, { effortId: 'E1', rev }, BJORN, LATER)],
  ['establishPlan', 'plan', (c, rev) => establishPlan(c, { rev }, BJORN, LATER)],
  ['addSign', 'crisis', (c, rev) => addSign(c, { ...SIGN, description: 'Slutar äta', rev }, BJORN, LATER)],
  ['removeSign', 'crisis', (c, rev) => removeSign(c, { signId: 'S1', rev }, BJORN, LATER)],
  ['saveCrisisPlan', 'crisis', (c, rev) => saveCrisisPlan(c, { ...CRISIS, rev }, BJORN, LATER)],
];

/** B1 yes, a complete plan and a crisis plan with one sign, with a few changes behind each. */
function ready(): CaseState {
  const c = sign(sign(completePlan(withHeldMeeting(yesCase()))), { description: 'Tillfälligt' });
  return applied(removeSign(c, { signId: 'S2', rev: crisisRev(c) }, ANNA, CLOCK)).state;
}

describe.each(COMMANDS)('%s', (_name, doc, run) => {
  it('succeeds with the current rev and bumps exactly its own document', () => {
    const before = ready();
    const { state, audit } = applied(run(before, revOf(before, doc)));
    expect(audit.length).toBeGreaterThan(0);
    expect(state.version).toBe(before.version + 1);
    expect(revOf(state, doc)).toBe(revOf(before, doc) + 1);
    const other: Doc = doc === 'plan' ? 'crisis' : 'plan';
    expect(doc === 'plan' ? state.crisisPlan : state.sipPlan).toBe(doc === 'plan' ? before.crisisPlan : before.sipPlan);
    expect(revOf(state, other)).toBe(revOf(before, other));
  });

  it.each([-1, 1, 7])('refuses a rev off by %i as stale, storing nothing', (offset) => {
    const before = ready();
    const snapshot = structuredClone(before);
    expect(errorOf(run(before, revOf(before, doc) + offset))).toBe('stale');
    expect(before).toEqual(snapshot);
  });

  it('refuses a closed case with the current rev, and with a stale one', () => {
    const c = closed(ready());
    expect(errorOf(run(c, revOf(c, doc)))).toBe('caseClosed');
    expect(errorOf(run(c, revOf(c, doc) + 1))).toBe('caseClosed');
  });

  it('never mutates the state it was given, whether it succeeds or not', () => {
    for (const before of [ready(), closed(ready()), newCase()]) {
      const snapshot = structuredClone(before);
      run(before, revOf(before, doc));
      run(before, revOf(before, doc) + 1);
      expect(before).toEqual(snapshot);
    }
  });
});

describe('the two documents and the rest of the case', () => {
  it('a change to the crisis plan does not make a plan card stale, nor the other way round', () => {
    const c = ready();
    const planCardRev = planRev(c);
    const crisisCardRev = crisisRev(c);
    const afterCrisis = applied(addSign(c, { ...SIGN, rev: crisisCardRev }, ANNA, CLOCK)).state;
    const afterPlan = applied(savePlanBasics(afterCrisis, { ...BASICS, ownGoals: 'Nytt mål', rev: planCardRev }, BJORN, CLOCK)).state;
    expect(applied(saveCrisisPlan(afterPlan, { ...CRISIS, rev: crisisCardRev + 1 }, ANNA, CLOCK)).state.crisisPlan?.revision).toBe(1);
  });

  it('a checklist change does not make a plan card stale', () => {
    const c = completePlan();
    const answered = applied(answerNeed(c, { need: 'yes', rev: 0 }, BJORN, CLOCK)).state;
    expect(applied(establishPlan(answered, { rev: planRev(c) }, ANNA, LATER)).state.sipPlan?.establishedAt).toBeDefined();
  });

  it('emptyPlan and emptyCrisisPlan start at rev 0 and number 1', () => {
    expect(emptyPlan()).toEqual({ efforts: [], nextEffortNumber: 1, rev: 0 });
    expect(emptyCrisisPlan()).toEqual({ signs: [], revision: 0, nextSignNumber: 1, rev: 0 });
    expect(planOf(newCase())).toEqual(emptyPlan());
    expect(crisisPlanOf(newCase())).toEqual(emptyCrisisPlan());
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: any sequence of plan and crisis commands
// ---------------------------------------------------------------------------------------------

type Text = string | undefined;
const textArb: fc.Arbitrary<Text> = markedTextArb(PLAN_LIMITS.text);
/** Free text that passes the guard (short, no personnummer), so that most steps get somewhere. */
const goodTextArb: fc.Arbitrary<string> = fc.string({ minLength: 0, maxLength: 20 }).map((s) => `${TEXT_MARK} ${s.replace(/\d/g, '')}`);
const someTextArb = fc.oneof({ arbitrary: goodTextArb, weight: 6 }, { arbitrary: textArb, weight: 1 });

type Rev = 'current' | number;
const revArb: fc.Arbitrary<Rev> = fc.oneof({ arbitrary: fc.constant('current' as const), weight: 6 }, { arbitrary: fc.nat({ max: 6 }), weight: 1 });
const actorArb: fc.Arbitrary<Actor> = fc.oneof({ arbitrary: fc.constantFrom<Actor>(ANNA, BJORN), weight: 5 }, { arbitrary: fc.constant<Actor>(OUTSIDER), weight: 1 });
/** Days from today, or something that is not a date at all. */
type DateIn = number | string | undefined;
const dateArb: fc.Arbitrary<DateIn> = fc.oneof(
  { arbitrary: fc.integer({ min: -2, max: 400 }), weight: 8 },
  { arbitrary: fc.constantFrom<DateIn>(undefined, '', '  ', '2027-02-29', 'nästa vecka', PNR), weight: 1 },
);

type PlanCommand =
  | { readonly kind: 'basics'; readonly actor: Actor; readonly rev: Rev; readonly ownGoals: Text; readonly personDoes: Text; readonly overall: 'region' | 'kommun' | undefined; readonly followUp: DateIn; readonly noOther: boolean | undefined }
  | { readonly kind: 'addEffort'; readonly actor: Actor; readonly rev: Rev; readonly what: Text; readonly howOften: Text; readonly from: DateIn; readonly responsible: EffortResponsible; readonly otherParty: Text }
  | { readonly kind: 'removeEffort'; readonly actor: Actor; readonly rev: Rev; readonly effort: number }
  | { readonly kind: 'establish'; readonly actor: Actor; readonly rev: Rev }
  | { readonly kind: 'addSign'; readonly actor: Actor; readonly rev: Rev; readonly description: Text; readonly describedBy: SignInput['describedBy']; readonly actions: Partial<Record<CrisisActor, Text>>; readonly contact: Text }
  | { readonly kind: 'removeSign'; readonly actor: Actor; readonly rev: Rev; readonly sign: number }
  | { readonly kind: 'saveCrisis'; readonly actor: Actor; readonly rev: Rev; readonly triggers: Text; readonly personDoes: Text; readonly review: DateIn }
  /** A coordinator answering B1 or setting B7 by hand, between the plan steps. */
  | { readonly kind: 'need'; readonly need: 'yes' | 'no'; readonly actor: Actor }
  | { readonly kind: 'setB7'; readonly status: 'notStarted' | 'done' | 'notApplicable'; readonly actor: Actor }
  | { readonly kind: 'close'; readonly actor: Actor };

const commandArb: fc.Arbitrary<PlanCommand> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('basics' as const),
      actor: actorArb,
      rev: revArb,
      ownGoals: someTextArb,
      personDoes: someTextArb,
      overall: fc.constantFrom('region' as const, 'kommun' as const, undefined),
      followUp: dateArb,
      noOther: fc.constantFrom(true, false, undefined),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('addEffort' as const),
      actor: actorArb,
      rev: revArb,
      what: someTextArb,
      howOften: textArb,
      from: dateArb,
      responsible: fc.constantFrom(...EFFORT_RESPONSIBLE),
      otherParty: someTextArb,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeEffort' as const), actor: actorArb, rev: revArb, effort: fc.nat({ max: 6 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('establish' as const), actor: actorArb, rev: revArb }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('addSign' as const),
      actor: actorArb,
      rev: revArb,
      description: someTextArb,
      describedBy: fc.constantFrom(...SIGN_DESCRIBED_BY),
      actions: fc.record({ personen: someTextArb, narstaende: textArb, kommun: textArb, region: someTextArb }, { requiredKeys: [] }),
      contact: textArb,
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeSign' as const), actor: actorArb, rev: revArb, sign: fc.nat({ max: 4 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('saveCrisis' as const), actor: actorArb, rev: revArb, triggers: someTextArb, personDoes: textArb, review: dateArb }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('need' as const), need: fc.constantFrom('yes' as const, 'no' as const), actor: actorArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('setB7' as const), status: fc.constantFrom('notStarted' as const, 'done' as const, 'notApplicable' as const), actor: actorArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const), actor: actorArb }), weight: 1 },
);

/** Up to two days pass between two steps, so that follow-up and review dates slip into the past. */
const stepArb = fc.record({ command: commandArb, minutesLater: fc.integer({ min: 0, max: 2 * 24 * 60 }) });

const PLAN_KINDS = new Set<PlanCommand['kind']>(['basics', 'addEffort', 'removeEffort', 'establish']);
const CRISIS_KINDS = new Set<PlanCommand['kind']>(['addSign', 'removeSign', 'saveCrisis']);
/** Every detail the plan commands and the manual steps may audit: fixed codes only. */
const FIXED_DETAIL = /^(E\d+|S\d+|rev\d+|B7:(notStarted|done|notApplicable)|B1:(yes|no))$/;
const ERRORS = ['caseClosed', 'stale', 'invalid', 'incomplete', 'notCoordinator', 'reasonRequired', 'itemNotOpen'];
const PLAN_FIELDS = new Set<PlanField>(['ownGoals', 'personDoesThemselves', 'overallResponsible', 'followUpDate', 'what', 'howOften', 'from', 'otherParty', 'efforts', 'triggers', 'reviewDate', 'description', 'actions', 'contact', 'signs']);

function runCommand(c: CaseState, cmd: PlanCommand, clock: Clock): PlanChange | EstablishResult | Change {
  const today = localDate(clock.now, clock.timeZone);
  const date = (d: DateIn): string | undefined => (typeof d === 'number' ? addDays(today, d) : d);
  const rev = (doc: Doc): number => ('rev' in cmd && cmd.rev !== 'current' ? cmd.rev : revOf(c, doc));
  switch (cmd.kind) {
    case 'basics':
      return savePlanBasics(
        c,
        { ownGoals: cmd.ownGoals, personDoesThemselves: cmd.personDoes, overallResponsible: cmd.overall, followUpDate: date(cmd.followUp), noOtherParties: cmd.noOther, rev: rev('plan') },
        cmd.actor,
        clock,
      );
    case 'addEffort':
      return addEffort(c, { what: cmd.what, howOften: cmd.howOften, from: date(cmd.from), responsible: cmd.responsible, otherParty: cmd.otherParty, rev: rev('plan') }, cmd.actor, clock);
    case 'removeEffort':
      return removeEffort(c, { effortId: `E${cmd.effort + 1}`, rev: rev('plan') }, cmd.actor, clock);
    case 'establish':
      return establishPlan(c, { rev: rev('plan') }, cmd.actor, clock);
    case 'addSign':
      return addSign(c, { description: cmd.description, describedBy: cmd.describedBy, actions: cmd.actions, contact: cmd.contact, rev: rev('crisis') }, cmd.actor, clock);
    case 'removeSign':
      return removeSign(c, { signId: `S${cmd.sign + 1}`, rev: rev('crisis') }, cmd.actor, clock);
    case 'saveCrisis':
      return saveCrisisPlan(c, { triggers: cmd.triggers, personDoesThemselves: cmd.personDoes, reviewDate: date(cmd.review), rev: rev('crisis') }, cmd.actor, clock);
    case 'need':
      return answerNeed(c, { need: cmd.need, reason: `${TEXT_MARK} inget behov`, rev: c.baseline.items.B1.rev }, cmd.actor, clock);
    case 'setB7':
      return setBaselineItem(c, { item: 'B7', status: cmd.status, reason: `${TEXT_MARK} gäller inte`, rev: c.baseline.items.B7.rev }, cmd.actor, clock);
    case 'close':
      return closeCase(c, { reason: `${TEXT_MARK} avslutat` }, cmd.actor, clock);
  }
}

describe('any sequence of plan and crisis commands', () => {
  it('keeps versions, revs, revisions, establishment, B7 and the audit trail in order', () => {
    /** How often the interesting outcomes happen across all runs: the generators must reach them. */
    const reached = { established: 0, revised: 0, b7Ticked: 0, stale: 0, invalid: 0, incomplete: 0, noOp: 0 };
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40, size: 'max' }), fc.boolean(), (steps, meetingHeld) => {
        let c = meetingHeld ? withHeldMeeting(newCase()) : newCase();
        let now = CLOCK.now.getTime();
        let audited = 0;
        let lastRevision = 0;
        for (const { command: cmd, minutesLater } of steps) {
          now += minutesLater * 60_000;
          const clock = clockAt(new Date(now).toISOString());
          const before = c;
          const untouched = structuredClone(before);
          const change = runCommand(before, cmd, clock);
          // The input is never mutated, whatever the outcome.
          expect(before).toEqual(untouched);
          const doc: Doc | undefined = PLAN_KINDS.has(cmd.kind) ? 'plan' : CRISIS_KINDS.has(cmd.kind) ? 'crisis' : undefined;

          if (!change.ok) {
            expect(ERRORS).toContain(change.error);
            expect(change).not.toHaveProperty('state');
            if (before.closure !== undefined) expect(change.error).toBe('caseClosed');
            else if (doc !== undefined && 'rev' in cmd && cmd.rev !== 'current' && cmd.rev !== revOf(before, doc)) expect(change.error).toBe('stale');
            if (change.error === 'invalid') {
              expect(change.problems.length).toBeGreaterThan(0);
              for (const p of change.problems) expect(PLAN_FIELDS.has(p.field)).toBe(true);
              for (const s of stringsIn(change.problems)) expect(s).not.toContain(TEXT_MARK);
              if (doc !== undefined) reached.invalid++;
            }
            if (change.error === 'incomplete') {
              expect(cmd.kind).toBe('establish');
              expect(change.missing.length).toBeGreaterThan(0);
              expect(change.missing).toEqual(gapsOf(planOf(before), sipMeetingHeld(before)));
              reached.incomplete++;
            }
            if (change.error === 'stale') reached.stale++;
            continue;
          }

          // A no-op hands back the very same state; a change bumps the version by exactly one,
          // even when saveCrisisPlan audits the B7 tick as a second entry.
          if (change.audit.length === 0) {
            expect(change.state).toBe(before);
            expect('snapshots' in change ? (change.snapshots ?? []) : []).toEqual([]);
            if (doc !== undefined) expect(['basics', 'establish']).toContain(cmd.kind);
            if (cmd.kind === 'establish') expect(planOf(before).establishedAt).toBeDefined();
            reached.noOp++;
            continue;
          }
          expectAuditedChange(before, change, cmd.actor, clock, FIXED_DETAIL);
          audited++;

          const [planBefore, planAfter] = [planOf(before), planOf(change.state)];
          const [crisisBefore, crisisAfter] = [crisisPlanOf(before), crisisPlanOf(change.state)];
          // Revs never go down; a plan command bumps only the plan, a crisis command only the crisis plan.
          expect(planAfter.rev).toBeGreaterThanOrEqual(planBefore.rev);
          expect(crisisAfter.rev).toBeGreaterThanOrEqual(crisisBefore.rev);
          expect(planAfter.rev).toBe(planBefore.rev + (doc === 'plan' ? 1 : 0));
          expect(crisisAfter.rev).toBe(crisisBefore.rev + (doc === 'crisis' ? 1 : 0));
          if (doc === 'plan') expect(change.state.crisisPlan).toBe(before.crisisPlan);
          if (doc === 'crisis') expect(change.state.sipPlan).toBe(before.sipPlan);
          expect(planAfter.nextEffortNumber).toBeGreaterThanOrEqual(planBefore.nextEffortNumber);
          expect(crisisAfter.nextSignNumber).toBeGreaterThanOrEqual(crisisBefore.nextSignNumber);

          // Revisions strictly increase with each successful save, and only then; each comes with its snapshot.
          const snapshots = 'snapshots' in change ? (change.snapshots ?? []) : [];
          if (cmd.kind === 'saveCrisis') {
            expect(crisisAfter.revision).toBe(crisisBefore.revision + 1);
            expect(crisisAfter.revision).toBeGreaterThan(lastRevision);
            lastRevision = crisisAfter.revision;
            expect(snapshots).toEqual([{ key: `crisis_${String(crisisAfter.revision).padStart(4, '0')}`, content: crisisAfter }]);
            expect(crisisAfter.signs.length).toBeGreaterThan(0);
            expect(crisisAfter.reviewDate).toBeDefined();
            expect(change.audit[0]).toMatchObject({ action: 'crisis.revised', detail: `rev${crisisAfter.revision}` });
            // B7 ticks itself exactly when it was not started and B1 is not "no".
            const shouldTick = before.baseline.items.B7.status !== 'done' && before.baseline.need !== 'no';
            if (shouldTick) {
              expect(change.state.baseline.items.B7).toEqual({ status: 'done', by: actorOnly(cmd.actor), at: clock.now.toISOString(), rev: before.baseline.items.B7.rev + 1, source: 'sip' });
              const b1Too = before.baseline.need === undefined;
              expect(change.audit.slice(1)).toEqual([ev('baseline.autoTicked', cmd.actor, clock, 'B7:done'), ...(b1Too ? [ev('baseline.autoTicked', cmd.actor, clock, 'B1:yes')] : [])]);
              expect(change.state.baseline.need).toBe(b1Too ? 'yes' : before.baseline.need);
              reached.b7Ticked++;
            } else {
              expect(change.state.baseline).toBe(before.baseline);
              expect(change.audit).toHaveLength(1);
            }
            if (!shouldTick) expect(change.state.baseline.need).toBe(before.baseline.need);
            reached.revised++;
          } else {
            expect(crisisAfter.revision).toBe(crisisBefore.revision);
            if (cmd.kind !== 'establish') expect(snapshots).toEqual([]);
            if (doc !== undefined) {
              expect(change.audit).toHaveLength(1);
              expect(change.state.baseline).toBe(before.baseline);
            }
          }
          if (doc === 'plan') expect(change.audit[0]?.action).toMatch(/^plan\./);
          if (doc === 'crisis') expect(change.audit[0]?.action).toMatch(/^crisis\./);

          // Establishment: only establishPlan sets it, only on a complete plan; every other plan change clears it.
          if (cmd.kind === 'establish') {
            // Establishing an established plan is a no-op, so an audited one was a draft before.
            expect(planBefore.establishedAt).toBeUndefined();
            expect(gapsOf(planBefore, sipMeetingHeld(before))).toEqual([]);
            expect(planAfter).toMatchObject({ establishedAt: clock.now.toISOString(), establishedByAadObjectId: cmd.actor.aadObjectId });
            // Each upprättad plan is the next version, kept in full as it stood, and listed.
            const number = (planBefore.established?.version ?? 0) + 1;
            expect(planAfter.established).toMatchObject({ version: number, establishedAt: clock.now.toISOString(), meetingId: 'M1' });
            expect(planAfter.established?.content).toEqual(JSON.parse(JSON.stringify({ ...planBefore, established: undefined, versions: undefined, followUpSetAt: undefined, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined, nextEffortNumber: undefined, rev: undefined })));
            expect(planAfter.versions?.map((v) => v.version)).toEqual(Array.from({ length: number }, (_, i) => i + 1));
            expect(snapshots).toEqual([{ key: `plan_${String(number).padStart(4, '0')}`, content: planAfter.established }]);
            reached.established++;
          } else if (doc === 'plan') {
            // A draft leaves the version in force as it was agreed; a change back to it makes it the plan in force again.
            expect(planAfter.established).toBe(planBefore.established);
            const { followUpSetAt: _s, establishedAt: _a, establishedByAadObjectId: _b, establishedWithPerson: _w, established: _e, versions: _v, nextEffortNumber: _n, rev: _r, ...content } = planAfter;
            // Compared by content: keys in order at every level, undefined fields dropped.
            const canonical = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([k1], [k2]) => k1.localeCompare(k2))) : x));
            const backToAgreed = planAfter.established !== undefined && canonical(content) === canonical(planAfter.established.content);
            expect(planAfter.establishedAt).toBe(backToAgreed ? planAfter.established!.establishedAt : undefined);
          } else {
            expect(change.state.sipPlan).toBe(before.sipPlan);
          }
          c = change.state;

          // Invariants of every state reached.
          const plan = planOf(c);
          if (plan.establishedAt !== undefined) expect(gapsOf(plan)).toEqual([]);
          expect(plan.efforts.length).toBeLessThanOrEqual(PLAN_LIMITS.efforts);
          expect(new Set(plan.efforts.map((e) => e.id)).size).toBe(plan.efforts.length);
          for (const e of plan.efforts) {
            expect(Number(e.id.slice(1))).toBeLessThan(plan.nextEffortNumber);
            if (e.responsible !== 'annan') expect(e.otherParty).toBeUndefined();
            else expect(e.otherParty).toBeDefined();
          }
          const crisis = crisisPlanOf(c);
          expect(crisis.signs.length).toBeLessThanOrEqual(PLAN_LIMITS.signs);
          expect(new Set(crisis.signs.map((s) => s.id)).size).toBe(crisis.signs.length);
          for (const s of crisis.signs) {
            expect(Number(s.id.slice(1))).toBeLessThan(crisis.nextSignNumber);
            expect(Object.keys(s.actions).length).toBeGreaterThan(0);
            // Stored texts are trimmed and never blank.
            for (const text of [s.description, ...Object.values(s.actions)]) expect(text !== '' && text === text.trim()).toBe(true);
          }
        }
        expect(c.version).toBe(1 + audited);
      }),
      { numRuns: 300 },
    );
    // The generators reach every outcome worth checking (with overwhelming probability in 300 runs).
    if (!propertiesOnBudget()) for (const [outcome, count] of Object.entries(reached)) expect(count, outcome).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals say they are about the plan (the bot picks the plan's texts by it, not the SIP meeting's)
// ---------------------------------------------------------------------------------------------

describe('a refused plan command', () => {
  it.each<[string, (c: CaseState) => PlanChange, PlanField, string]>([
    ['savePlanBasics with a past follow-up date', (c) => savePlanBasics(c, { ...BASICS, followUpDate: '2026-11-22', rev: 0 }, ANNA, CLOCK), 'followUpDate', 'past'],
    ['addEffort without what', (c) => addEffort(c, { ...KOMMUN_EFFORT, what: ' ', rev: 0 }, ANNA, CLOCK), 'what', 'required'],
    ['addSign without an action', (c) => addSign(c, { ...SIGN, actions: {}, rev: 0 }, ANNA, CLOCK), 'actions', 'required'],
    ['saveCrisisPlan without a sign', (c) => saveCrisisPlan(c, { ...CRISIS, rev: 0 }, ANNA, CLOCK), 'signs', 'required'],
  ])('%s is "invalid" about "plan", with the problem and nothing else', (_label, command, field, kind) => {
    expect(command(newCase())).toEqual({ ok: false, error: 'invalid', about: 'plan', problems: [{ field, kind }] });
  });
});

describe('savePlanBasics, more', () => {
  it('clearing the follow-up date clears when it was set', () => {
    const c = basics(newCase());
    expect(planOf(c).followUpSetAt).toBe(CLOCK.now.toISOString());
    const cleared = applied(savePlanBasics(c, { ...BASICS, followUpDate: undefined, rev: planRev(c) }, BJORN, LATER)).state;
    expect(planOf(cleared)).toMatchObject({ followUpDate: undefined, followUpSetAt: undefined });
  });

  it('ticking or unticking only "no other parties" is a change of its own', () => {
    const c = basics(newCase());
    const ticked = applied(savePlanBasics(c, { ...BASICS, noOtherParties: true, rev: planRev(c) }, BJORN, LATER));
    expect(planOf(ticked.state)).toMatchObject({ noOtherParties: true, rev: planRev(c) + 1 });
    expect(ticked.audit).toEqual([ev('plan.saved', BJORN, LATER)]);
    const unticked = applied(savePlanBasics(ticked.state, { ...BASICS, rev: planRev(ticked.state) }, ANNA, LATER));
    expect(planOf(unticked.state)).toMatchObject({ noOtherParties: undefined, rev: planRev(c) + 2 });
    expect(unticked.audit).toEqual([ev('plan.saved', ANNA, LATER)]);
  });
});
