import type { CaseState } from '../domain/case-model';
import type { PlanGoal } from '../domain/plan-model';
import { draftChanges, establishMissing, planOf, planVersions, principalHasEffort, proposedGoals, versionInForce, type PlanBasics, type PlanField, type PlanProblem } from '../domain/plan-commands';
import { fieldMessages, type TypedForm } from './field-messages';
import { literalText } from './literal-text';
import { expandCard, type AdaptiveCard } from './card-template';
import { markInputs, scrubTyped } from './scrub-typed';
import { closedBanner, sipEditable, t, noticeColor, type CaseCardContext } from './case-card-parts';
import { differenceLines, effortLine, establishedStatus, goalLine, goalsInOrder, planProblemText, pt, versionValues } from './plan-card-parts';

/** A plan card's form: its own fields, and a new effort or goal as typed, kept in its panel. */
export interface PlanForm extends TypedForm<PlanBasics, PlanProblem> {
  /** False to draw the goals as stored, without the förmöte's proposal (to compare a stale card with). */
  readonly proposeGoals?: boolean | undefined;
  readonly effort?: Partial<Record<'what' | 'howOften' | 'from' | 'responsible' | 'otherParty' | 'goal', string>> | undefined;
  readonly goal?: Partial<Record<'text' | 'partOf' | 'by', string>> | undefined;
}

/** The plan's own inputs, which show what is stored (a stale card says under each what is saved now). */
export const PLAN_FIELDS = ['ownGoals', 'personDoesThemselves', 'ownResources', 'overallResponsible', 'followUpDate', 'noOtherParties', 'regionNoEffortsReason', 'kommunNoEffortsReason'] as const;

/** The card's inputs that can carry a problem, by the domain's name for the field. */
const PLAN_INPUTS = {
  ownGoals: 'ownGoals',
  personDoesThemselves: 'personDoesThemselves',
  ownResources: 'ownResources',
  followUpDate: 'followUpDate',
  regionNoEffortsReason: 'regionNoEffortsReason',
  kommunNoEffortsReason: 'kommunNoEffortsReason',
  goalText: ['goalText', 'goals'],
  goalPartOf: 'goalPartOf',
  goalBy: 'goalBy',
  effortWhat: ['what', 'efforts'],
  effortHowOften: 'howOften',
  effortFrom: 'from',
  effortOtherParty: 'otherParty',
  effortGoal: 'goal',
} as const satisfies Record<string, PlanField | readonly PlanField[]>;

/** The choice for "no goal" (an effort) or "one of the person's goals" (a new goal): a choice needs a value. */
export const NO_GOAL = 'none';

/**
 * The SIP: the person's goals, what they do themselves, each effort with who is responsible,
 * overall responsibility and follow-up. It names exactly what is missing before it can be
 * marked upprättad.
 */
export function planCard(ctx: CaseCardContext, c: CaseState, form: PlanForm = {}): AdaptiveCard {
  const { typed, confirmedDay = '' } = form;
  const plan = planOf(c);
  const newEffort = scrubTyped(form.effort ?? {});
  const newGoal = scrubTyped(form.goal ?? {});
  const editable = sipEditable(ctx, c);
  // An established plan stands as agreed, also one established before a rule was added; what is
  // missing is asked for again only when it is changed, and so becomes a draft.
  const missing = plan.establishedAt === undefined ? establishMissing(c) : [];
  const inForce = versionInForce(plan);
  // A draft shows what it changes in the version in force; an upprättad version what it changed in
  // the one before: at a follow-up, what was agreed last time and what changed (METHOD.md).
  const drafted = draftChanges(plan);
  const changes = drafted !== undefined ? drafted : (inForce?.changes ?? []);
  const changesTitle =
    inForce === undefined
      ? ''
      : drafted !== undefined
        ? pt(ctx, drafted.length === 0 ? 'plan.noChanges' : 'plan.changesSince', { version: inForce.version })
        : inForce.version > 1
          ? pt(ctx, 'plan.changesFrom', { version: inForce.version - 1 })
          : '';
  // The person's goals from the förmöte are proposed until the plan has goals of its own.
  const proposed = editable && form.proposeGoals !== false && typed?.ownGoals === undefined ? proposedGoals(c) : undefined;
  const v = { ...plan, ...(proposed === undefined ? {} : { ownGoals: proposed }), ...scrubTyped(typed ?? {}) };
  return markInputs(
    expandCard('plan', {
      code: c.code,
      rev: plan.rev,
      confirmedDay,
      discard: form.discard === true ? 'true' : '',
      editable,
      canEstablish: editable && plan.establishedAt === undefined,
      notice: ctx.notice ?? '',
      noticeColor: noticeColor(ctx),
      closedBanner: closedBanner(ctx, c),
      status: establishedStatus(ctx, plan),
      statusColor: plan.establishedAt === undefined ? 'Default' : 'Good',
      missing: missing.map((m) => pt(ctx, `plan.missing.${m}`)),
      changesTitle,
      changes: changesTitle === '' ? [] : differenceLines(ctx, changes, (e) => effortLine(ctx, e)),
      versions: planVersions(plan)
        .map((v) => ({ title: pt(ctx, 'plan.versionChoice', versionValues(ctx, v)), value: String(v.version) }))
        .reverse(),
      latestVersion: inForce === undefined ? '' : String(inForce.version),
      goalsSource: proposed === undefined ? '' : pt(ctx, 'plan.goalsFromPreMeeting'),
      // A refused effort or goal keeps what was typed in its panel, the problem under its field.
      newEffort: {
        what: newEffort.what ?? '',
        howOften: newEffort.howOften ?? '',
        from: newEffort.from ?? '',
        responsible: newEffort.responsible ?? 'region',
        otherParty: newEffort.otherParty ?? '',
        goal: newEffort.goal ?? NO_GOAL,
      },
      newGoal: { text: newGoal.text ?? '', partOf: newGoal.partOf ?? NO_GOAL, by: newGoal.by ?? '' },
      values: {
        ownGoals: v.ownGoals ?? '',
        personDoesThemselves: v.personDoesThemselves ?? '',
        ownResources: v.ownResources ?? '',
        overallResponsible: v.overallResponsible ?? '',
        followUpDate: v.followUpDate ?? '',
        noOtherParties: v.noOtherParties === true ? 'true' : 'false',
        regionNoEffortsReason: v.regionNoEffortsReason ?? '',
        kommunNoEffortsReason: v.kommunNoEffortsReason ?? '',
      },
      // A principal without efforts is asked why (respektive huvudman); one with efforts is not.
      askRegionReason: editable && !principalHasEffort(plan, 'region'),
      askKommunReason: editable && !principalHasEffort(plan, 'kommun'),
      // Read-only viewers see the stated reasons as text.
      reasons: editable
        ? []
        : (['region', 'kommun'] as const).flatMap((p) => {
            const reason = p === 'region' ? plan.regionNoEffortsReason : plan.kommunNoEffortsReason;
            return reason === undefined || principalHasEffort(plan, p) ? [] : [pt(ctx, 'plan.noEffortsLine', { principal: pt(ctx, `actor.${p}`), reason: literalText(reason) })];
          }),
      efforts: plan.efforts.map((e) => ({ id: e.id, line: effortLine(ctx, e), removeLabel: pt(ctx, 'plan.remove', { id: e.id }) })),
      // A goal with delmål or efforts tied to it cannot be removed: the button is left out.
      goals: goalsInOrder(plan).map((g) => ({
        id: g.id,
        line: goalLine(ctx, g),
        removable: editable && !(plan.goals ?? []).some((x) => x.partOf === g.id) && !plan.efforts.some((e) => e.goal === g.id),
        removeLabel: pt(ctx, 'plan.remove', { id: g.id }),
      })),
      noGoal: NO_GOAL,
      // A delmål leads to one of the person's goals, not to another delmål.
      parentChoices: [{ title: pt(ctx, 'plan.goalOwn'), value: NO_GOAL }, ...(plan.goals ?? []).filter((g) => g.partOf === undefined).map((g) => goalChoice(ctx, g))],
      effortGoalChoices: [{ title: pt(ctx, 'plan.effortNoGoal'), value: NO_GOAL }, ...goalsInOrder(plan).map((g) => goalChoice(ctx, g))],
      labels: {
        title: pt(ctx, 'plan.title', { code: c.code }),
        missingTitle: pt(ctx, 'plan.missingTitle'),
        ownGoals: pt(ctx, 'plan.ownGoals'),
        personDoesThemselves: pt(ctx, 'plan.personDoesThemselves'),
        ownResources: pt(ctx, 'plan.ownResources'),
        overallResponsible: pt(ctx, 'plan.overallResponsible'),
        followUpDate: pt(ctx, 'plan.followUpDate'),
        noOtherParties: pt(ctx, 'plan.noOtherParties'),
        efforts: pt(ctx, 'plan.efforts'),
        goals: pt(ctx, 'plan.goals'),
        goalsIntro: pt(ctx, 'plan.goalsIntro'),
        noGoals: pt(ctx, 'plan.noGoals'),
        addGoal: pt(ctx, 'plan.addGoal'),
        goalText: pt(ctx, 'plan.goalText'),
        goalTextRequired: pt(ctx, 'problem.required', { field: pt(ctx, 'field.goalText') }),
        goalPartOf: pt(ctx, 'plan.goalPartOf'),
        goalBy: pt(ctx, 'plan.goalBy'),
        effortGoal: pt(ctx, 'plan.effortGoal'),
        noEfforts: pt(ctx, 'plan.noEfforts'),
        regionNoEffortsReason: pt(ctx, 'plan.regionNoEffortsReason'),
        kommunNoEffortsReason: pt(ctx, 'plan.kommunNoEffortsReason'),
        region: pt(ctx, 'resp.region'),
        kommun: pt(ctx, 'resp.kommun'),
        other: pt(ctx, 'resp.annan'),
        person: pt(ctx, 'resp.personen'),
        save: pt(ctx, 'plan.save'),
        addEffort: pt(ctx, 'plan.addEffort'),
        effortWhat: pt(ctx, 'plan.effortWhat'),
        effortWhatRequired: pt(ctx, 'problem.required', { field: pt(ctx, 'field.what') }),
        effortHowOften: pt(ctx, 'plan.effortHowOften'),
        effortFrom: pt(ctx, 'plan.effortFrom'),
        effortResponsible: pt(ctx, 'plan.effortResponsible'),
        effortOtherParty: pt(ctx, 'plan.effortOtherParty'),
        establish: pt(ctx, 'plan.establish'),
        establishConfirm: pt(ctx, 'plan.establishConfirm'),
        withPersonQuestion: pt(ctx, 'plan.withPersonQuestion'),
        withPersonYes: pt(ctx, 'plan.withPersonYes'),
        withPersonNo: pt(ctx, 'plan.withPersonNo'),
        withPersonRequired: pt(ctx, 'plan.withPersonRequired'),
        export: pt(ctx, 'plan.export'),
        versions: pt(ctx, 'plan.versions'),
        versionPick: pt(ctx, 'plan.versionPick'),
        versionExport: pt(ctx, 'plan.versionExport'),
        backToCase: t(ctx, 'action.backToCase'),
      },
    }),
    // Each problem again right under its field, where the user is looking on a long card.
    fieldMessages(PLAN_INPUTS, form.problems, (p) => planProblemText(ctx, p)),
  );
}

/** A goal as a choice: a choice's title is plain text, not Markdown, and fits on one line. */
function goalChoice(ctx: CaseCardContext, g: PlanGoal): { title: string; value: string } {
  return { title: pt(ctx, 'plan.goalChoice', { id: g.id, text: g.text.replace(/\s+/g, ' ') }), value: g.id };
}
