import type { Effort, PlanContent, PlanDifference, PlanGoal, PlanVersionEntry, SipPlan, WarningSign } from '../domain/plan-model';
import { CRISIS_ACTORS } from '../domain/plan-model';
import { versionInForce, type PlanProblem } from '../domain/plan-commands';
import { formatDate, formatDateTime } from '../i18n/dates';
import { fill } from '../i18n/format';
import { planText, type PlanTextKey } from '../i18n/plan-texts';
import type { CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';

/**
 * How a typed value goes into text: `literalText` for card Markdown, `asTyped` for the plain-text
 * exports. The parts below serve both, so each caller says which.
 */
export type ShowTyped = (typed: string) => string;
export const asTyped: ShowTyped = (typed) => typed;

export const pt = (ctx: CaseCardContext, key: PlanTextKey, values: Record<string, string | number> = {}): string => fill(planText(ctx.locale, key), values);

/** "Boendestöd · två gånger i veckan · från 11 januari 2027 · Kommun · för G1", leaving out what is not given. */
export function effortLine(ctx: CaseCardContext, e: Effort): string {
  const parts = [
    literalText(e.what),
    e.howOften === undefined ? undefined : literalText(e.howOften),
    e.from === undefined ? undefined : pt(ctx, 'plan.fromDate', { from: formatDate(e.from, ctx.locale) }),
    responsibleText(ctx, e, literalText),
    e.goal === undefined ? undefined : pt(ctx, 'plan.effortForGoal', { goal: literalText(e.goal) }),
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
}

/** A goal as the card lists it: its words, or for a delmål which goal it leads to and by when. */
export function goalLine(ctx: CaseCardContext, g: PlanGoal, show: ShowTyped = literalText): string {
  if (g.partOf === undefined) return g.by === undefined ? show(g.text) : pt(ctx, 'plan.goalLineBy', { text: show(g.text), by: formatDate(g.by, ctx.locale) });
  return pt(ctx, 'plan.subGoalLine', { parent: show(g.partOf), text: show(g.text), by: g.by === undefined ? pt(ctx, 'plan.notGiven') : formatDate(g.by, ctx.locale) });
}

/** The goals in reading order: each goal followed by its delmål. */
export function goalsInOrder(plan: Pick<PlanContent, 'goals'>): PlanGoal[] {
  const goals = plan.goals ?? [];
  const top = goals.filter((g) => g.partOf === undefined || !goals.some((x) => x.id === g.partOf));
  return top.flatMap((g) => [g, ...goals.filter((x) => x.partOf === g.id)]);
}

export function responsibleText(ctx: CaseCardContext, e: Effort, show: ShowTyped): string {
  const who = pt(ctx, `resp.${e.responsible}`);
  return e.responsible === 'annan' && e.otherParty !== undefined ? `${who}: ${show(e.otherParty)}` : who;
}

/**
 * The "who does what" lines of a warning sign, in the order personen, närstående, kommun, region.
 * The export speaks to the person ("Du: …"); the card speaks about them ("Personen: …").
 */
export function signActionLines(ctx: CaseCardContext, s: WarningSign, key: 'crisis.actionLine' | 'export.signAction', show: ShowTyped): string[] {
  const actor = (who: (typeof CRISIS_ACTORS)[number]) => pt(ctx, key === 'export.signAction' && who === 'personen' ? 'export.actor.personen' : `actor.${who}`);
  return CRISIS_ACTORS.filter((who) => s.actions[who] !== undefined).map((who) => pt(ctx, key, { who: actor(who), what: show(s.actions[who]!) }));
}

export function planProblemText(ctx: CaseCardContext, p: PlanProblem): string {
  return pt(ctx, `problem.${p.kind}`, { field: pt(ctx, `field.${p.field}`), limit: p.kind === 'tooLong' ? p.limit : '' });
}

/** ", vid SIP-mötet M2", or nothing for a version upprättad before the meeting was recorded. */
function atMeeting(ctx: CaseCardContext, v: PlanVersionEntry): string {
  return v.meetingId === undefined ? '' : pt(ctx, 'plan.atMeeting', { meeting: literalText(v.meetingId) });
}

/** The values a version's line fills in: its number, when and at which meeting it was upprättad. */
export function versionValues(ctx: CaseCardContext, v: PlanVersionEntry): { version: number; when: string; meeting: string } {
  return { version: v.version, when: formatDateTime(v.establishedAt, ctx.locale, ctx.timeZone), meeting: atMeeting(ctx, v) };
}

/**
 * "Planen är upprättad: version 2 (…, vid SIP-mötet M2), tillsammans med personen", or for a draft
 * which version it will be and which one applies meanwhile.
 */
export function establishedStatus(ctx: CaseCardContext, plan: SipPlan): string {
  const v = versionInForce(plan);
  if (v === undefined) return pt(ctx, 'plan.draft');
  if (plan.establishedAt === undefined) return pt(ctx, 'plan.draftOfNext', { next: v.version + 1, ...versionValues(ctx, v) });
  if (v.withPerson === undefined) return pt(ctx, 'plan.established', versionValues(ctx, v));
  return pt(ctx, v.withPerson ? 'plan.establishedWithPerson' : 'plan.establishedWithoutPerson', versionValues(ctx, v));
}

/** One line per difference between two versions; the card and the export each say how an effort reads. */
export function differenceLines(ctx: CaseCardContext, differences: readonly PlanDifference[], effortText: (e: Effort) => string, show: ShowTyped = literalText): string[] {
  return differences.map((d) => {
    if (d.kind === 'changed') return pt(ctx, 'plan.change.changed', { field: pt(ctx, `field.${d.field}`) });
    if ('goal' in d) return pt(ctx, d.kind === 'goalAdded' ? 'plan.change.goalAdded' : 'plan.change.goalRemoved', { id: show(d.goal.id), goal: goalLine(ctx, d.goal, show) });
    return pt(ctx, d.kind === 'effortAdded' ? 'plan.change.effortAdded' : 'plan.change.effortRemoved', { effort: effortText(d.effort) });
  });
}

/** An effort as plain text: "Boendestöd · två gånger i veckan · Kommun". */
export function effortPlainText(ctx: CaseCardContext, e: Effort): string {
  const parts = [
    e.what,
    e.howOften,
    e.from === undefined ? undefined : pt(ctx, 'plan.fromDate', { from: formatDate(e.from, ctx.locale) }),
    responsibleText(ctx, e, asTyped),
    e.goal === undefined ? undefined : pt(ctx, 'plan.effortForGoal', { goal: e.goal }),
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
}

