import type { CaseState } from '../domain/case-model';
import { crisisPlanOf, planOf, principalHasEffort, versionInForce } from '../domain/plan-commands';
import type { PlanContent, PlanVersion } from '../domain/plan-model';
import { formatDate } from '../i18n/dates';
import type { CaseCardContext } from './case-card-parts';
import { asParagraphs } from './invitation-card';
import { literalText } from './literal-text';
import { asTyped, establishedStatus, goalsInOrder, pt, responsibleText, signActionLines, versionValues } from './plan-card-parts';
import { partyTitle } from './sip-card-parts';

/**
 * The plan as plain, easy-to-read text (addressed to the person, "du"), to paste into the journal
 * or hand over. Not a card: a message the coordinator can copy. The plan as it stands: the version
 * in force, or a draft saying so.
 */
export function planExportText(ctx: CaseCardContext, c: CaseState): string {
  const plan = planOf(c);
  const inForce = versionInForce(plan);
  const status = plan.establishedAt !== undefined && inForce !== undefined ? versionStatus(ctx, inForce) : establishedStatus(ctx, plan);
  return contentText(ctx, c.code, plan, status);
}

/** A version as it was upprättad: its number, the meeting it came from and who took part. */
export function planVersionExportText(ctx: CaseCardContext, code: string, v: PlanVersion): string {
  return contentText(ctx, code, v.content, versionStatus(ctx, v));
}

function contentText(ctx: CaseCardContext, code: string, plan: PlanContent, status: string): string {
  const none = pt(ctx, 'plan.notGiven');
  const efforts = plan.efforts.filter((e) => e.responsible !== 'annan');
  const others = plan.efforts.filter((e) => e.responsible === 'annan');
  const line = (e: (typeof plan.efforts)[number]) => {
    const details = [e.howOften, e.from === undefined ? undefined : pt(ctx, 'plan.fromDate', { from: formatDate(e.from, ctx.locale) })].filter((d): d is string => d !== undefined);
    // Addressed to the person: their own efforts are "Du själv", not "Personen själv".
    const responsible = e.responsible === 'personen' ? pt(ctx, 'export.resp.personen') : responsibleText(ctx, e, asTyped);
    return pt(ctx, 'export.effort', { what: details.length === 0 ? e.what : `${e.what} (${details.join(', ')})`, responsible, goal: e.goal === undefined ? '' : pt(ctx, 'export.effortGoal', { goal: e.goal }) });
  };
  const goals = goalsInOrder(plan).map((g) =>
    g.partOf === undefined
      ? pt(ctx, 'export.goal', { id: g.id, text: g.text, by: g.by === undefined ? '' : pt(ctx, 'export.goalBy', { by: formatDate(g.by, ctx.locale) }) })
      : pt(ctx, 'export.subGoal', { id: g.id, parent: g.partOf, text: g.text, by: g.by === undefined ? none : formatDate(g.by, ctx.locale) }),
  );
  return pt(ctx, 'export.plan', {
    code,
    status,
    // Goals written only one by one are the person's own goals: no "ej angivet" above them.
    ownGoals: plan.ownGoals ?? (goals.length === 0 ? none : goals.join('\n')),
    goals: goals.length === 0 || plan.ownGoals === undefined ? '' : pt(ctx, 'export.goals', { goals: goals.join('\n') }),
    personDoes: plan.personDoesThemselves ?? none,
    resources: plan.ownResources ?? none,
    efforts: [
      ...efforts.map(line),
      ...(['region', 'kommun'] as const).flatMap((p) => {
        const reason = p === 'region' ? plan.regionNoEffortsReason : plan.kommunNoEffortsReason;
        return reason === undefined || principalHasEffort(plan, p) ? [] : [pt(ctx, 'export.noEffortsFrom', { principal: pt(ctx, `actor.${p}`), reason })];
      }),
    ].join('\n') || none,
    others: others.length === 0 ? pt(ctx, 'export.noOthers') : others.map(line).join('\n'),
    overall: plan.overallResponsible === undefined ? none : pt(ctx, `actor.${plan.overallResponsible}`),
    followUp: plan.followUpDate === undefined ? none : formatDate(plan.followUpDate, ctx.locale),
  });
}

/**
 * A version's status as the person reads it: "tillsammans med dig", nothing about "utan personen",
 * and who took part in the meeting ("du" among them) when that was recorded.
 */
function versionStatus(ctx: CaseCardContext, v: PlanVersion): string {
  const status = pt(ctx, v.withPerson === true ? 'export.establishedWithPerson' : 'plan.established', versionValues(ctx, v));
  if (v.attendees === undefined || v.attendees.length === 0) return status;
  const who = v.attendees.map((a) => (a.role === 'personen' ? pt(ctx, 'export.attendee.personen') : partyTitle(ctx, a, asTyped)));
  return `${status}\n${pt(ctx, 'export.attendees', { who: who.join(', ') })}`;
}

/**
 * An export as chat Markdown that shows exactly its plain text. Chat text is Markdown in Teams,
 * and the Agents Playground renders HTML tags even in a "plain" message, so declaring it plain
 * would not keep a typed `<a href>` or `[x](url)` from becoming a link: every character that could
 * be markup is escaped instead (the template's own "- " lines too), and each line is its own
 * paragraph so the layout survives.
 */
export function exportMarkdown(text: string): string {
  return asParagraphs(literalText(text));
}

/** The crisis plan as plain text for the person. */
export function crisisPlanExportText(ctx: CaseCardContext, c: CaseState): string {
  const plan = crisisPlanOf(c);
  const none = pt(ctx, 'plan.notGiven');
  return pt(ctx, 'export.crisis', {
    code: c.code,
    revision: plan.revision,
    review: plan.reviewDate === undefined ? none : formatDate(plan.reviewDate, ctx.locale),
    triggers: plan.triggers ?? none,
    personDoes: plan.personDoesThemselves ?? none,
    signs: plan.signs
      .map((s) =>
        pt(ctx, 'export.sign', {
          description: s.description,
          describedBy: pt(ctx, s.describedBy === 'personen' ? 'export.by.personen' : `by.${s.describedBy}`),
          actions: signActionLines(ctx, s, 'export.signAction', asTyped).join('\n'),
          contact: s.contact === undefined ? '' : pt(ctx, 'export.signContact', { contact: s.contact }),
        }),
      )
      .join('\n'),
  });
}
