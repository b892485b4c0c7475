import { consentValid } from './consent';
import { isIsoDate, localDate } from './calendar-date';
import type { Clock } from './case-commands';
import type { Actor, AuditAction, AuditEvent, BaselineItem, CaseState } from './case-model';
import { autoTick } from './baseline-auto-tick';
import { sipWritableBy } from './sip-holder';
import { cleanFreeText, firstFreeTextProblem } from './free-text';
import { CRISIS_ACTORS, type CrisisActor, type CrisisPlan, type EffortResponsible, type SignDescribedBy, type SipPlan, type WarningSign } from './plan-model';

export const PLAN_LIMITS = { text: 1000, what: 300, howOften: 100, otherParty: 80, reason: 300, action: 300, contact: 200, efforts: 30, signs: 15 } as const;

export type PlanField =
  | 'ownGoals'
  | 'personDoesThemselves'
  | 'ownResources'
  | 'overallResponsible'
  | 'followUpDate'
  | 'regionNoEffortsReason'
  | 'kommunNoEffortsReason'
  | 'what'
  | 'howOften'
  | 'from'
  | 'otherParty'
  | 'efforts'
  | 'triggers'
  | 'reviewDate'
  | 'description'
  | 'actions'
  | 'contact'
  | 'signs';

export type PlanProblem =
  | { readonly field: PlanField; readonly kind: 'personnummer' }
  | { readonly field: PlanField; readonly kind: 'tooLong'; readonly limit: number }
  | { readonly field: PlanField; readonly kind: 'required' | 'invalid' | 'past' | 'tooMany' };

/** A kept copy of a document at a moment, written next to the case in the same transaction. */
export interface Snapshot {
  readonly key: string;
  readonly content: unknown;
}

export type PlanChange =
  | { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[]; readonly snapshots?: readonly Snapshot[] }
  | { readonly ok: false; readonly error: 'caseClosed' | 'stale' | 'noConsent' }
  | { readonly ok: false; readonly error: 'invalid'; readonly about: 'plan'; readonly problems: readonly PlanProblem[] };

/** What the law (and the method) require before a plan may be marked upprättad. */
export type PlanPart = 'efforts' | 'regionPart' | 'kommunPart' | 'otherParties' | 'overallResponsible' | 'ownGoals' | 'personDoesThemselves' | 'followUpDate';

/** Every typed value goes through here, so what is checked is what is stored. */
const blank = cleanFreeText;
export const emptyPlan = (): SipPlan => ({ efforts: [], nextEffortNumber: 1, rev: 0 });
export const emptyCrisisPlan = (): CrisisPlan => ({ signs: [], revision: 0, nextSignNumber: 1, rev: 0 });
export const planOf = (c: CaseState): SipPlan => c.sipPlan ?? emptyPlan();
export const crisisPlanOf = (c: CaseState): CrisisPlan => c.crisisPlan ?? emptyCrisisPlan();

function guard(fields: ReadonlyArray<{ field: PlanField; value: string | undefined; maxLength: number }>): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const f of fields) {
    const found = firstFreeTextProblem([f]);
    if (found !== undefined) problems.push(found.problem.kind === 'tooLong' ? { field: f.field, kind: 'tooLong', limit: found.problem.limit } : { field: f.field, kind: 'personnummer' });
  }
  return problems;
}

/**
 * What is missing before the plan may be marked upprättad: the four parts SoL 2:7 and HSL 16:4
 * require (1 efforts, 2 each principal's part: an effort from each, or why one has none, 3 measures
 * by others, 4 overall responsibility),
 * plus the person's own goals, what they do themselves, and the follow-up date.
 */
/** Whether a principal answers for at least one effort in the plan. */
export function principalHasEffort(plan: SipPlan, principal: 'region' | 'kommun'): boolean {
  return plan.efforts.some((e) => e.responsible === principal);
}

export function planMissing(plan: SipPlan): PlanPart[] {
  const missing: PlanPart[] = [];
  if (plan.efforts.length === 0) missing.push('efforts');
  // Each principal's part: an effort it answers for, or why it has none.
  if (!principalHasEffort(plan, 'region') && plan.regionNoEffortsReason === undefined) missing.push('regionPart');
  if (!principalHasEffort(plan, 'kommun') && plan.kommunNoEffortsReason === undefined) missing.push('kommunPart');
  if (!plan.efforts.some((e) => e.responsible === 'annan') && plan.noOtherParties !== true) missing.push('otherParties');
  if (plan.overallResponsible === undefined) missing.push('overallResponsible');
  if (plan.ownGoals === undefined) missing.push('ownGoals');
  if (plan.personDoesThemselves === undefined) missing.push('personDoesThemselves');
  if (plan.followUpDate === undefined) missing.push('followUpDate');
  return missing;
}

export interface PlanBasics {
  readonly ownGoals?: string | undefined;
  readonly personDoesThemselves?: string | undefined;
  readonly ownResources?: string | undefined;
  readonly overallResponsible?: 'region' | 'kommun' | undefined;
  readonly followUpDate?: string | undefined;
  readonly noOtherParties?: boolean | undefined;
  readonly regionNoEffortsReason?: string | undefined;
  readonly kommunNoEffortsReason?: string | undefined;
}

/** Saves the plan's own fields. Changing an established plan makes it a draft again. */
export function savePlanBasics(c: CaseState, input: PlanBasics & { rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const problems = guard([
    { field: 'ownGoals', value: blank(input.ownGoals), maxLength: PLAN_LIMITS.text },
    { field: 'personDoesThemselves', value: blank(input.personDoesThemselves), maxLength: PLAN_LIMITS.text },
    { field: 'ownResources', value: blank(input.ownResources), maxLength: PLAN_LIMITS.text },
    { field: 'regionNoEffortsReason', value: blank(input.regionNoEffortsReason), maxLength: PLAN_LIMITS.reason },
    { field: 'kommunNoEffortsReason', value: blank(input.kommunNoEffortsReason), maxLength: PLAN_LIMITS.reason },
  ]);
  const followUpDate = blank(input.followUpDate);
  if (followUpDate !== undefined && !isIsoDate(followUpDate)) problems.push({ field: 'followUpDate', kind: 'invalid' });
  else if (followUpDate !== undefined && followUpDate < localDate(clock.now, clock.timeZone)) problems.push({ field: 'followUpDate', kind: 'past' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems };
  const next: SipPlan = {
    ...plan,
    ownGoals: blank(input.ownGoals),
    personDoesThemselves: blank(input.personDoesThemselves),
    ownResources: blank(input.ownResources),
    overallResponsible: input.overallResponsible,
    followUpDate,
    followUpSetAt: followUpDate === plan.followUpDate ? plan.followUpSetAt : followUpDate === undefined ? undefined : clock.now.toISOString(),
    noOtherParties: input.noOtherParties === true ? true : undefined,
    // A reason is why a principal has no efforts: one that has efforts has none (its card hides the field).
    regionNoEffortsReason: principalHasEffort(plan, 'region') ? undefined : blank(input.regionNoEffortsReason),
    kommunNoEffortsReason: principalHasEffort(plan, 'kommun') ? undefined : blank(input.kommunNoEffortsReason),
  };
  if (same(next, plan)) return { ok: true, state: c, audit: [] };
  return withPlan(c, draft(next), 'plan.saved', actor, clock);
}

export interface EffortInput {
  readonly what?: string | undefined;
  readonly howOften?: string | undefined;
  readonly from?: string | undefined;
  readonly responsible: EffortResponsible;
  readonly otherParty?: string | undefined;
}

export function addEffort(c: CaseState, input: EffortInput & { rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const problems = guard([
    { field: 'what', value: blank(input.what), maxLength: PLAN_LIMITS.what },
    { field: 'howOften', value: blank(input.howOften), maxLength: PLAN_LIMITS.howOften },
    { field: 'otherParty', value: blank(input.otherParty), maxLength: PLAN_LIMITS.otherParty },
  ]);
  if (blank(input.what) === undefined) problems.push({ field: 'what', kind: 'required' });
  if (input.responsible === 'annan' && blank(input.otherParty) === undefined) problems.push({ field: 'otherParty', kind: 'required' });
  const from = blank(input.from);
  if (from !== undefined && !isIsoDate(from)) problems.push({ field: 'from', kind: 'invalid' });
  if (plan.efforts.length >= PLAN_LIMITS.efforts) problems.push({ field: 'efforts', kind: 'tooMany' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems };
  const effort = {
    id: `E${plan.nextEffortNumber}`,
    what: blank(input.what)!,
    howOften: blank(input.howOften),
    from,
    responsible: input.responsible,
    otherParty: input.responsible === 'annan' ? blank(input.otherParty) : undefined,
  };
  // An effort from a principal replaces the reason it had none.
  const reasons = input.responsible === 'region' ? { regionNoEffortsReason: undefined } : input.responsible === 'kommun' ? { kommunNoEffortsReason: undefined } : {};
  return withPlan(c, draft({ ...plan, ...reasons, efforts: [...plan.efforts, effort], nextEffortNumber: plan.nextEffortNumber + 1 }), 'plan.effortAdded', actor, clock, effort.id);
}

export function removeEffort(c: CaseState, input: { effortId: string; rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  if (!plan.efforts.some((e) => e.id === input.effortId)) return { ok: false, error: 'stale' };
  return withPlan(c, draft({ ...plan, efforts: plan.efforts.filter((e) => e.id !== input.effortId) }), 'plan.effortRemoved', actor, clock, input.effortId);
}

/**
 * Marks the plan upprättad; refused, naming every missing part, until nothing is missing. Records
 * whether it was drawn up with the person when the card asked (000:264: "när det är möjligt
 * upprättas tillsammans med den enskilde"); a card from before the question marks it without.
 */
export function establishPlan(c: CaseState, input: { rev: number; withPerson?: 'yes' | 'no' | undefined }, actor: Actor, clock: Clock): PlanChange | { readonly ok: false; readonly error: 'incomplete'; readonly missing: readonly PlanPart[] } {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  // The plan is drawn up only with the person's consent (000:262).
  if (!consentValid(c, clock)) return { ok: false, error: 'noConsent' };
  const missing = planMissing(plan);
  if (missing.length > 0) return { ok: false, error: 'incomplete', missing };
  if (plan.establishedAt !== undefined) return { ok: true, state: c, audit: [] };
  const withPerson = { establishedWithPerson: input.withPerson === undefined ? undefined : input.withPerson === 'yes' };
  const detail = input.withPerson === undefined ? undefined : input.withPerson === 'yes' ? 'withPerson' : 'withoutPerson';
  return withPlan(c, { ...plan, establishedAt: clock.now.toISOString(), establishedByAadObjectId: actor.aadObjectId, ...withPerson }, 'plan.established', actor, clock, detail);
}

function editablePlan(c: CaseState, actor: Actor, plan: SipPlan, rev: number): Extract<PlanChange, { ok: false }> | undefined {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  if (plan.rev !== rev) return { ok: false, error: 'stale' };
  return undefined;
}

/** Any change to the content of an established plan makes it a draft that must be established anew. */
function draft(plan: SipPlan): SipPlan {
  return { ...plan, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined };
}

function withPlan(c: CaseState, plan: SipPlan, action: AuditAction, actor: Actor, clock: Clock, detail?: string): PlanChange {
  return {
    ok: true,
    state: { ...c, sipPlan: { ...plan, rev: plan.rev + 1 }, updatedAt: clock.now.toISOString(), version: c.version + 1 },
    audit: [event(action, actor, clock, detail)],
  };
}

// --- Crisis and action plan -------------------------------------------------------------------

export interface CrisisBasics {
  readonly triggers?: string | undefined;
  readonly personDoesThemselves?: string | undefined;
  readonly reviewDate?: string | undefined;
}

export interface SignInput {
  readonly description?: string | undefined;
  readonly describedBy: SignDescribedBy;
  readonly actions: Partial<Record<CrisisActor, string | undefined>>;
  readonly contact?: string | undefined;
}

export function addSign(c: CaseState, input: SignInput & { rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = crisisPlanOf(c);
  const refused = editableCrisis(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const actions: Partial<Record<CrisisActor, string>> = {};
  for (const who of CRISIS_ACTORS) {
    const what = blank(input.actions[who]);
    if (what !== undefined) actions[who] = what;
  }
  const problems = guard([
    { field: 'description', value: blank(input.description), maxLength: PLAN_LIMITS.what },
    ...CRISIS_ACTORS.map((who) => ({ field: 'actions' as const, value: actions[who], maxLength: PLAN_LIMITS.action })),
    { field: 'contact', value: blank(input.contact), maxLength: PLAN_LIMITS.contact },
  ]);
  if (blank(input.description) === undefined) problems.push({ field: 'description', kind: 'required' });
  if (Object.keys(actions).length === 0) problems.push({ field: 'actions', kind: 'required' });
  if (plan.signs.length >= PLAN_LIMITS.signs) problems.push({ field: 'signs', kind: 'tooMany' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems: dedupe(problems) };
  const sign: WarningSign = { id: `S${plan.nextSignNumber}`, description: blank(input.description)!, describedBy: input.describedBy, actions, contact: blank(input.contact) };
  return withCrisis(c, { ...plan, signs: [...plan.signs, sign], nextSignNumber: plan.nextSignNumber + 1 }, 'crisis.signAdded', actor, clock, [], sign.id);
}

export function removeSign(c: CaseState, input: { signId: string; rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = crisisPlanOf(c);
  const refused = editableCrisis(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  if (!plan.signs.some((s) => s.id === input.signId)) return { ok: false, error: 'stale' };
  return withCrisis(c, { ...plan, signs: plan.signs.filter((s) => s.id !== input.signId) }, 'crisis.signRemoved', actor, clock, [], input.signId);
}

/**
 * Saves the crisis plan. A complete plan (at least one sign, and a review date, which is always
 * required) becomes a new revision, kept in full, and ticks B7; an incomplete one is refused.
 */
export function saveCrisisPlan(c: CaseState, input: CrisisBasics & { rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = crisisPlanOf(c);
  const refused = editableCrisis(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const problems = guard([
    { field: 'triggers', value: blank(input.triggers), maxLength: PLAN_LIMITS.text },
    { field: 'personDoesThemselves', value: blank(input.personDoesThemselves), maxLength: PLAN_LIMITS.text },
  ]);
  const reviewDate = blank(input.reviewDate);
  if (reviewDate === undefined) problems.push({ field: 'reviewDate', kind: 'required' });
  else if (!isIsoDate(reviewDate)) problems.push({ field: 'reviewDate', kind: 'invalid' });
  else if (reviewDate < localDate(clock.now, clock.timeZone)) problems.push({ field: 'reviewDate', kind: 'past' });
  if (plan.signs.length === 0) problems.push({ field: 'signs', kind: 'required' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems };
  const revision = plan.revision + 1;
  const saved: CrisisPlan = {
    ...plan,
    triggers: blank(input.triggers),
    personDoesThemselves: blank(input.personDoesThemselves),
    reviewDate,
    revision,
    savedAt: clock.now.toISOString(),
    savedByAadObjectId: actor.aadObjectId,
  };
  const change = withCrisis(c, saved, 'crisis.revised', actor, clock, [{ key: `crisis_${String(revision).padStart(4, '0')}`, content: { ...saved, rev: saved.rev + 1 } }], `rev${revision}`);
  // A complete crisis plan ticks B7 by itself.
  return change.ok ? autoTick(change, 'B7', actor, clock) : change;
}

function editableCrisis(c: CaseState, actor: Actor, plan: CrisisPlan, rev: number): Extract<PlanChange, { ok: false }> | undefined {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  if (plan.rev !== rev) return { ok: false, error: 'stale' };
  return undefined;
}

function withCrisis(c: CaseState, plan: CrisisPlan, action: AuditAction, actor: Actor, clock: Clock, snapshots: Snapshot[], detail?: string): PlanChange {
  return {
    ok: true,
    state: { ...c, crisisPlan: { ...plan, rev: plan.rev + 1 }, updatedAt: clock.now.toISOString(), version: c.version + 1 },
    audit: [event(action, actor, clock, detail)],
    snapshots,
  };
}

function event(action: AuditAction, actor: Actor, clock: Clock, detail?: string): AuditEvent {
  return { action, at: clock.now.toISOString(), by: { aadObjectId: actor.aadObjectId, userId: actor.userId, name: actor.name }, detail };
}

function same(a: SipPlan, b: SipPlan): boolean {
  const key = (p: SipPlan) => JSON.stringify([p.ownGoals, p.personDoesThemselves, p.ownResources, p.overallResponsible, p.followUpDate, p.noOtherParties === true, p.regionNoEffortsReason, p.kommunNoEffortsReason]);
  return key(a) === key(b);
}

function dedupe(problems: PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(`${p.field}:${p.kind}`) ? false : (seen.add(`${p.field}:${p.kind}`), true)));
}
