import { actorOf } from './case-change-parts';
import { consentValid } from './consent';
import { isIsoDate, localDate } from './calendar-date';
import type { Clock } from './case-commands';
import type { Actor, AuditAction, AuditEvent, BaselineItem, CaseState } from './case-model';
import { autoTick } from './baseline-auto-tick';
import { sipWritableBy } from './sip-holder';
import { cleanFreeText, firstFreeTextProblem } from './free-text';
import {
  CRISIS_ACTORS,
  PLAN_CONTENT_FIELDS,
  type Attendee,
  type CrisisActor,
  type CrisisPlan,
  type Effort,
  type EffortResponsible,
  type PlanGoal,
  type PlanContent,
  type PlanDifference,
  type PlanVersion,
  type PlanVersionEntry,
  type SignDescribedBy,
  type SipPlan,
  type WarningSign,
} from './plan-model';
import { isSipMeeting, latestPreMeeting, meetingsOf } from './sip-commands';
import { partyKey, type SipMeeting } from './sip-model';

export const PLAN_LIMITS = { text: 1000, what: 300, goal: 300, howOften: 100, otherParty: 80, reason: 300, action: 300, contact: 200, efforts: 30, goals: 20, signs: 15 } as const;

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
  | 'goal'
  | 'goalText'
  | 'goalPartOf'
  | 'goalBy'
  | 'goals'
  | 'triggers'
  | 'reviewDate'
  | 'description'
  | 'actions'
  | 'contact'
  | 'signs';

export type PlanProblem =
  | { readonly field: PlanField; readonly kind: 'personnummer' }
  | { readonly field: PlanField; readonly kind: 'tooLong'; readonly limit: number }
  | { readonly field: PlanField; readonly kind: 'required' | 'invalid' | 'past' | 'tooMany' | 'inUse' | 'notFound' };

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
export type PlanPart = 'efforts' | 'regionPart' | 'kommunPart' | 'otherParties' | 'overallResponsible' | 'ownGoals' | 'personDoesThemselves' | 'followUpDate' | 'heldMeeting';

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

/** Whether a principal answers for at least one effort in the plan. */
export function principalHasEffort(plan: PlanContent, principal: 'region' | 'kommun'): boolean {
  return plan.efforts.some((e) => e.responsible === principal);
}

/**
 * What is missing before the plan may be marked upprättad: the four parts SoL 2:7 and HSL 16:4
 * require (1 efforts, 2 each principal's part: an effort from each, or why one has none, 3 measures
 * by others, 4 overall responsibility), plus the person's own goals (in their words, or written
 * one by one), what they do themselves, and the follow-up date.
 */
export function planMissing(plan: SipPlan): PlanPart[] {
  const missing: PlanPart[] = [];
  if (plan.efforts.length === 0) missing.push('efforts');
  // Each principal's part: an effort it answers for, or why it has none.
  if (!principalHasEffort(plan, 'region') && plan.regionNoEffortsReason === undefined) missing.push('regionPart');
  if (!principalHasEffort(plan, 'kommun') && plan.kommunNoEffortsReason === undefined) missing.push('kommunPart');
  if (!plan.efforts.some((e) => e.responsible === 'annan') && plan.noOtherParties !== true) missing.push('otherParties');
  if (plan.overallResponsible === undefined) missing.push('overallResponsible');
  if (plan.ownGoals === undefined && (plan.goals ?? []).length === 0) missing.push('ownGoals');
  if (plan.personDoesThemselves === undefined) missing.push('personDoesThemselves');
  if (plan.followUpDate === undefined) missing.push('followUpDate');
  return missing;
}

/**
 * The SIP meeting the plan is drawn up at: the latest held one with both principals. The law has
 * the kommun upprätta the plan "tillsammans med landstinget" (000:260), and basnivå has the SIP
 * meeting held (000:33); that it is upprättad only once such a meeting is held is this product's
 * reading (issue 13), not a line of the method.
 */
export function latestHeldSipMeeting(c: CaseState): SipMeeting | undefined {
  const held = meetingsOf(c).filter((m) => m.status === 'held' && isSipMeeting(m));
  return held.sort((a, b) => (b.heldAt ?? b.startsAt).localeCompare(a.heldAt ?? a.startsAt))[0];
}

/** What is missing before the plan may be marked upprättad: its parts, and a held SIP meeting. */
export function establishMissing(c: CaseState): PlanPart[] {
  return missingWith(planMissing(planOf(c)), latestHeldSipMeeting(c));
}

const missingWith = (parts: PlanPart[], meeting: SipMeeting | undefined): PlanPart[] => (meeting === undefined ? [...parts, 'heldMeeting'] : parts);

/** The plan's content as a version keeps it: its efforts and every field PLAN_CONTENT_FIELDS names. */
export function contentOf(plan: PlanContent): PlanContent {
  return { efforts: plan.efforts, ...(plan.goals === undefined || plan.goals.length === 0 ? {} : { goals: plan.goals }), ...Object.fromEntries(PLAN_CONTENT_FIELDS.map((f) => [f, plan[f]])) };
}

/**
 * The version in force: the last one upprättad, also while a draft of the next is worked on. A
 * plan upprättad before versions were kept is version 1, as it stood when it was upprättad.
 */
export function versionInForce(plan: SipPlan): PlanVersion | undefined {
  if (plan.established !== undefined) return plan.established;
  if (plan.establishedAt === undefined) return undefined;
  return { version: 1, content: contentOf(plan), establishedAt: plan.establishedAt, establishedByAadObjectId: plan.establishedByAadObjectId, withPerson: plan.establishedWithPerson, changes: [] };
}

/** Every version upprättad so far, oldest first. */
export function planVersions(plan: SipPlan): readonly PlanVersionEntry[] {
  if (plan.versions !== undefined) return plan.versions;
  const v = versionInForce(plan);
  return v === undefined ? [] : [{ version: v.version, establishedAt: v.establishedAt }];
}

/** The key a version's full copy is kept under next to the case. */
export const planVersionKey = (version: number): string => `plan_${String(version).padStart(4, '0')}`;

/** What changed from one version's content to another's: fields changed, efforts added or removed. */
export function planDifferences(before: PlanContent, after: PlanContent): PlanDifference[] {
  const value = (p: PlanContent, f: (typeof PLAN_CONTENT_FIELDS)[number]) => (f === 'noOtherParties' ? p.noOtherParties === true : p[f]);
  const differences: PlanDifference[] = PLAN_CONTENT_FIELDS.filter((f) => value(before, f) !== value(after, f)).map((field) => ({ kind: 'changed', field }));
  const same = (a: PlanContent['efforts'][number], b: PlanContent['efforts'][number]) => JSON.stringify(a) === JSON.stringify(b);
  for (const e of before.efforts) if (!after.efforts.some((x) => same(x, e))) differences.push({ kind: 'effortRemoved', effort: e });
  for (const e of after.efforts) if (!before.efforts.some((x) => same(x, e))) differences.push({ kind: 'effortAdded', effort: e });
  const sameGoal = (a: PlanGoal, b: PlanGoal) => JSON.stringify(a) === JSON.stringify(b);
  for (const g of before.goals ?? []) if (!(after.goals ?? []).some((x) => sameGoal(x, g))) differences.push({ kind: 'goalRemoved', goal: g });
  for (const g of after.goals ?? []) if (!(before.goals ?? []).some((x) => sameGoal(x, g))) differences.push({ kind: 'goalAdded', goal: g });
  return differences;
}

/** What the draft changes in the version in force; undefined when there is no draft of a next version. */
export function draftChanges(plan: SipPlan): PlanDifference[] | undefined {
  const inForce = versionInForce(plan);
  if (plan.establishedAt !== undefined || inForce === undefined) return undefined;
  return planDifferences(inForce.content, contentOf(plan));
}

/** Who took part in a held meeting, when that was recorded. */
function attendeesOf(m: SipMeeting): Attendee[] | undefined {
  const attendance = m.attendance;
  if (attendance === undefined) return undefined;
  return m.invited
    .filter((p) => (p.role === 'personen' ? attendance.person === true : !attendance.absent.includes(partyKey(p))))
    .map((p) => ({ role: p.role, ...(p.label === undefined ? {} : { label: p.label }), ...(p.unit === undefined ? {} : { unit: p.unit }) }));
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
  const next = typedOnto(plan, input);
  const withSetAt: SipPlan = { ...next, followUpSetAt: followUpDate === plan.followUpDate ? plan.followUpSetAt : followUpDate === undefined ? undefined : clock.now.toISOString() };
  if (same(next, plan)) return { ok: true, state: c, audit: [] };
  return withPlan(c, draft(plan, withSetAt), 'plan.saved', actor, clock, undefined, keptOnDraft(plan));
}

/**
 * Whether the plan's own fields as typed on a card differ from what is stored: only then does a
 * button on the card save them before its own change (so a follow-up date that has passed since
 * it was saved does not stop an export).
 */
export function planBasicsDiffer(c: CaseState, input: PlanBasics): boolean {
  const plan = planOf(c);
  return !same(typedOnto(plan, input), plan);
}

/** The förmöte's goals, which the plan card proposes until the plan has goals of its own. */
export function proposedGoals(c: CaseState): string | undefined {
  return planOf(c).ownGoals === undefined ? latestPreMeeting(c)?.goals : undefined;
}

/**
 * The fields as typed, with the proposed goals left out while they are unchanged: only Spara takes
 * the proposal as the plan's own, not another button pressed on a card that merely shows it.
 */
export function withoutProposal(c: CaseState, input: PlanBasics): PlanBasics {
  const proposal = proposedGoals(c);
  return proposal !== undefined && blank(input.ownGoals) === blank(proposal) ? { ...input, ownGoals: undefined } : input;
}

/**
 * What leaving a plan card would lose: nothing (undefined) when its fields as typed are what is
 * stored, or the viewer may not change the plan; otherwise the problems saving them would meet.
 */
export function unsavedPlanBasics(c: CaseState, input: PlanBasics, actor: Actor, clock: Clock): { readonly problems: readonly PlanProblem[] } | undefined {
  const typed = withoutProposal(c, input);
  if (!sipWritableBy(c, actor.aadObjectId) || !planBasicsDiffer(c, typed)) return undefined;
  const check = savePlanBasics(c, { ...typed, rev: planOf(c).rev }, actor, clock);
  return { problems: !check.ok && 'problems' in check ? check.problems : [] };
}

/** The same for a crisis-plan card: only problems with its own fields, not what the plan still lacks. */
export function unsavedCrisisBasics(c: CaseState, input: CrisisBasics, actor: Actor, clock: Clock): { readonly problems: readonly PlanProblem[] } | undefined {
  if (!sipWritableBy(c, actor.aadObjectId) || !crisisBasicsDiffer(c, input)) return undefined;
  const check = saveCrisisPlan(c, { ...input, rev: crisisPlanOf(c).rev }, actor, clock);
  const own: readonly PlanField[] = ['triggers', 'personDoesThemselves', 'reviewDate'];
  return { problems: !check.ok && 'problems' in check ? check.problems.filter((p) => own.includes(p.field) && p.kind !== 'required') : [] };
}

/** The plan with its own fields as typed, cleaned as they would be stored. */
function typedOnto(plan: SipPlan, input: PlanBasics): SipPlan {
  return {
    ...plan,
    ownGoals: blank(input.ownGoals),
    personDoesThemselves: blank(input.personDoesThemselves),
    ownResources: blank(input.ownResources),
    overallResponsible: input.overallResponsible,
    followUpDate: blank(input.followUpDate),
    noOtherParties: input.noOtherParties === true ? true : undefined,
    // A reason is why a principal has no efforts: one that has efforts has none (its card hides the field).
    regionNoEffortsReason: principalHasEffort(plan, 'region') ? undefined : blank(input.regionNoEffortsReason),
    kommunNoEffortsReason: principalHasEffort(plan, 'kommun') ? undefined : blank(input.kommunNoEffortsReason),
  };
}

export interface EffortInput {
  readonly what?: string | undefined;
  readonly howOften?: string | undefined;
  readonly from?: string | undefined;
  readonly responsible: EffortResponsible;
  readonly otherParty?: string | undefined;
  /** The goal or delmål it works toward (G1…); blank for none. */
  readonly goal?: string | undefined;
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
  const goal = blank(input.goal);
  // A goal removed meanwhile, or a forged id: the effort is not tied to something that is not there.
  if (goal !== undefined && !(plan.goals ?? []).some((g) => g.id === goal)) problems.push({ field: 'goal', kind: 'notFound' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems };
  const effort: Effort = {
    id: `E${plan.nextEffortNumber}`,
    what: blank(input.what)!,
    howOften: blank(input.howOften),
    from,
    responsible: input.responsible,
    otherParty: input.responsible === 'annan' ? blank(input.otherParty) : undefined,
    ...(goal === undefined ? {} : { goal }),
  };
  // An effort from a principal replaces the reason it had none.
  const reasons = input.responsible === 'region' ? { regionNoEffortsReason: undefined } : input.responsible === 'kommun' ? { kommunNoEffortsReason: undefined } : {};
  return withPlan(c, draft(plan, { ...plan, ...reasons, efforts: [...plan.efforts, effort], nextEffortNumber: plan.nextEffortNumber + 1 }), 'plan.effortAdded', actor, clock, effort.id, keptOnDraft(plan));
}

export function removeEffort(c: CaseState, input: { effortId: string; rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  if (!plan.efforts.some((e) => e.id === input.effortId)) return { ok: false, error: 'stale' };
  return withPlan(c, draft(plan, { ...plan, efforts: plan.efforts.filter((e) => e.id !== input.effortId) }), 'plan.effortRemoved', actor, clock, input.effortId, keptOnDraft(plan));
}

export interface GoalInput {
  readonly text?: string | undefined;
  /** For a delmål: the goal it leads to (G1…); blank for one of the person's goals. */
  readonly partOf?: string | undefined;
  /** For a delmål: when it is to be reached, YYYY-MM-DD. */
  readonly by?: string | undefined;
}

/**
 * Adds one of the person's goals, or a delmål of one with its own date (000:134, 000:179), so that
 * efforts can be tied to it. A delmål leads to a goal, not to another delmål.
 */
export function addGoal(c: CaseState, input: GoalInput & { rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const text = blank(input.text);
  const problems = guard([{ field: 'goalText', value: text, maxLength: PLAN_LIMITS.goal }]);
  if (text === undefined) problems.push({ field: 'goalText', kind: 'required' });
  const goals = plan.goals ?? [];
  const partOf = blank(input.partOf);
  if (partOf !== undefined && !goals.some((g) => g.id === partOf && g.partOf === undefined)) problems.push({ field: 'goalPartOf', kind: 'notFound' });
  const by = blank(input.by);
  if (by !== undefined && !isIsoDate(by)) problems.push({ field: 'goalBy', kind: 'invalid' });
  else if (by !== undefined && by < localDate(clock.now, clock.timeZone)) problems.push({ field: 'goalBy', kind: 'past' });
  else if (by === undefined && partOf !== undefined) problems.push({ field: 'goalBy', kind: 'required' });
  if (goals.length >= PLAN_LIMITS.goals) problems.push({ field: 'goals', kind: 'tooMany' });
  if (problems.length > 0) return { ok: false, error: 'invalid', about: 'plan', problems };
  const number = plan.nextGoalNumber ?? 1;
  const goal: PlanGoal = { id: `G${number}`, text: text!, ...(partOf === undefined ? {} : { partOf }), ...(by === undefined ? {} : { by }) };
  return withPlan(c, draft(plan, { ...plan, goals: [...goals, goal], nextGoalNumber: number + 1 }), 'plan.goalAdded', actor, clock, goal.id, keptOnDraft(plan));
}

/** Removes a goal or delmål that nothing is tied to: a goal with delmål, or one an effort works toward, stays. */
export function removeGoal(c: CaseState, input: { goalId: string; rev: number }, actor: Actor, clock: Clock): PlanChange {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  const goals = plan.goals ?? [];
  if (!goals.some((g) => g.id === input.goalId)) return { ok: false, error: 'stale' };
  if (goals.some((g) => g.partOf === input.goalId) || plan.efforts.some((e) => e.goal === input.goalId)) {
    return { ok: false, error: 'invalid', about: 'plan', problems: [{ field: 'goal', kind: 'inUse' }] };
  }
  const rest = goals.filter((g) => g.id !== input.goalId);
  return withPlan(c, draft(plan, { ...plan, goals: rest.length === 0 ? undefined : rest }), 'plan.goalRemoved', actor, clock, input.goalId, keptOnDraft(plan));
}

/**
 * Marks the plan upprättad as its next version, kept in full: refused, naming every missing part,
 * until nothing is missing and a SIP meeting has been held. The version names that meeting and who
 * took part, and what changed since the version before. Records whether it was drawn up with the
 * person when the card asked (000:264: "när det är möjligt upprättas tillsammans med den
 * enskilde"); a card from before the question marks it without.
 */
export function establishPlan(c: CaseState, input: { rev: number; withPerson?: 'yes' | 'no' | undefined }, actor: Actor, clock: Clock): PlanChange | { readonly ok: false; readonly error: 'incomplete'; readonly missing: readonly PlanPart[] } {
  const plan = planOf(c);
  const refused = editablePlan(c, actor, plan, input.rev);
  if (refused !== undefined) return refused;
  if (plan.establishedAt !== undefined) return { ok: true, state: c, audit: [] };
  // The plan is drawn up only with the person's consent (000:262).
  if (!consentValid(c, clock)) return { ok: false, error: 'noConsent' };
  const meeting = latestHeldSipMeeting(c);
  const missing = missingWith(planMissing(plan), meeting);
  if (missing.length > 0 || meeting === undefined) return { ok: false, error: 'incomplete', missing };
  const previous = versionInForce(plan);
  const content = contentOf(plan);
  const at = clock.now.toISOString();
  const withPerson = input.withPerson === undefined ? undefined : input.withPerson === 'yes';
  const version: PlanVersion = {
    version: (previous?.version ?? 0) + 1,
    content,
    establishedAt: at,
    establishedByAadObjectId: actor.aadObjectId,
    withPerson,
    meetingId: meeting.id,
    meetingHeldAt: meeting.heldAt,
    attendees: attendeesOf(meeting),
    changes: previous === undefined ? [] : planDifferences(previous.content, content),
  };
  const next: SipPlan = {
    ...plan,
    establishedAt: at,
    establishedByAadObjectId: actor.aadObjectId,
    establishedWithPerson: withPerson,
    established: version,
    versions: [...planVersions(plan), { version: version.version, establishedAt: at, meetingId: meeting.id, followUpDate: content.followUpDate }],
  };
  const detail = input.withPerson === undefined ? undefined : input.withPerson === 'yes' ? 'withPerson' : 'withoutPerson';
  return withPlan(c, next, 'plan.established', actor, clock, detail, [{ key: planVersionKey(version.version), content: version }]);
}

function editablePlan(c: CaseState, actor: Actor, plan: SipPlan, rev: number): Extract<PlanChange, { ok: false }> | undefined {
  if (!sipWritableBy(c, actor.aadObjectId)) return { ok: false, error: 'caseClosed' };
  if (plan.rev !== rev) return { ok: false, error: 'stale' };
  return undefined;
}

/**
 * A change to an upprättad plan starts a draft of the next version: the version in force stays as
 * it was agreed, in `established`, until the draft is upprättad in turn.
 */
function draft(before: SipPlan, next: SipPlan): SipPlan {
  const inForce = versionInForce(before);
  const kept = inForce === undefined ? {} : { established: inForce, versions: planVersions(before) };
  // Changed back to what was agreed (an effort added by mistake and removed): the version in force
  // again, not a draft of a new one that would need a meeting to be upprättad.
  if (inForce !== undefined && planDifferences(inForce.content, contentOf(next)).length === 0) {
    return { ...next, ...kept, establishedAt: inForce.establishedAt, establishedByAadObjectId: inForce.establishedByAadObjectId, establishedWithPerson: inForce.withPerson };
  }
  return { ...next, ...kept, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined };
}

/** A plan upprättad before versions were kept gets its full copy when it is first changed. */
function keptOnDraft(before: SipPlan): Snapshot[] {
  const legacy = before.established === undefined ? versionInForce(before) : undefined;
  return legacy === undefined ? [] : [{ key: planVersionKey(legacy.version), content: legacy }];
}

function withPlan(c: CaseState, plan: SipPlan, action: AuditAction, actor: Actor, clock: Clock, detail?: string, snapshots: readonly Snapshot[] = []): PlanChange {
  return {
    ok: true,
    state: { ...c, sipPlan: { ...plan, rev: plan.rev + 1 }, updatedAt: clock.now.toISOString(), version: c.version + 1 },
    audit: [event(action, actor, clock, detail)],
    ...(snapshots.length === 0 ? {} : { snapshots }),
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

/** Whether the crisis plan's own fields as typed on a card differ from its saved version. */
function crisisBasicsDiffer(c: CaseState, input: CrisisBasics): boolean {
  const plan = crisisPlanOf(c);
  return blank(input.triggers) !== plan.triggers || blank(input.personDoesThemselves) !== plan.personDoesThemselves || blank(input.reviewDate) !== plan.reviewDate;
}

/** Enough reviews for the statistics' months; older ones fall out of every window anyway. */
const MAX_KEPT_REVIEWS = 24;

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
  const today = localDate(clock.now, clock.timeZone);
  // The review date this revision replaces, and when: the statistics count reviews made in time.
  const reviews = plan.revision > 0 && plan.reviewDate !== undefined ? [...(plan.reviews ?? []), { due: plan.reviewDate, revisedOn: today }].slice(-MAX_KEPT_REVIEWS) : plan.reviews;
  const saved: CrisisPlan = {
    ...plan,
    reviews,
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
  return { action, at: clock.now.toISOString(), by: actorOf(actor), detail };
}

function same(a: SipPlan, b: SipPlan): boolean {
  const key = (p: SipPlan) => JSON.stringify([p.ownGoals, p.personDoesThemselves, p.ownResources, p.overallResponsible, p.followUpDate, p.noOtherParties === true, p.regionNoEffortsReason, p.kommunNoEffortsReason]);
  return key(a) === key(b);
}

function dedupe(problems: PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(`${p.field}:${p.kind}`) ? false : (seen.add(`${p.field}:${p.kind}`), true)));
}
