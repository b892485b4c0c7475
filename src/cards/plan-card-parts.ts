import type { Effort, SipPlan, WarningSign } from '../domain/plan-model';
import { CRISIS_ACTORS } from '../domain/plan-model';
import type { PlanProblem } from '../domain/plan-commands';
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

/** "Boendestöd · två gånger i veckan · från 11 januari 2027 · Kommun", leaving out what is not given. */
export function effortLine(ctx: CaseCardContext, e: Effort): string {
  const parts = [
    literalText(e.what),
    e.howOften === undefined ? undefined : literalText(e.howOften),
    e.from === undefined ? undefined : pt(ctx, 'plan.fromDate', { from: formatDate(e.from, ctx.locale) }),
    responsibleText(ctx, e, literalText),
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
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

/** "Planen är upprättad (…)", saying whether with the person when that was recorded. */
export function establishedStatus(ctx: CaseCardContext, plan: SipPlan): string {
  if (plan.establishedAt === undefined) return pt(ctx, 'plan.draft');
  const when = formatDateTime(plan.establishedAt, ctx.locale, ctx.timeZone);
  if (plan.establishedWithPerson === undefined) return pt(ctx, 'plan.established', { when });
  return pt(ctx, plan.establishedWithPerson ? 'plan.establishedWithPerson' : 'plan.establishedWithoutPerson', { when });
}
