import { MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { crisisPlanCard } from '../../cards/crisis-plan-card';
import { NO_GOAL, planCard } from '../../cards/plan-card';
import { crisisPlanExportText, exportMarkdown, planExportText, planVersionExportText } from '../../cards/plan-export';
import { pt } from '../../cards/plan-card-parts';
import type { CaseCardContext } from '../../cards/case-card-parts';
import { versionExported, viewed, type Clock } from '../../domain/case-commands';
import type { Actor, CaseState } from '../../domain/case-model';
import { addEffort, addGoal, addSign, crisisPlanOf, establishPlan, planOf, planVersionKey, removeEffort, removeGoal, removeSign, saveCrisisPlan, savePlanBasics, versionInForce, type PlanBasics } from '../../domain/plan-commands';
import { EFFORT_RESPONSIBLE, SIGN_DESCRIBED_BY, type PlanVersion } from '../../domain/plan-model';
import { defineAction } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { actorOf, cardContext, clockOf, loadAccessibleCase, requireCode, tenantOf } from '../case-access';
import { refusedCard, runCaseChange, type AnyChange, type CaseRenderer } from '../case-change';
import { crisisRenderer, planRenderer, showCrisisPlan, showPlan } from '../plan-views';
import { confirmedDay, rev } from './card-fields';
import { dayOffQuestion } from '../day-off-question';
import { codeData, viewAction } from './case-view-action';

const text = z.string().max(5000).optional();
/** A goal or delmål of the plan (G1…), the "no goal" choice, or nothing. */
const goalId = z.union([z.literal(NO_GOAL), z.literal(''), z.string().regex(/^G\d{1,4}$/)]).optional();
/** A date as Input.Date sends it, or nothing; whether it is a real, coming day is the domain's to say. */
const dateText = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional();

/**
 * A kept copy of a version, as the store gives it back: checked for the fields the export reads,
 * the rest passed through (the copy was written by this code from a PlanVersion).
 */
const planVersionSchema = z.looseObject({
  version: z.number().int(),
  establishedAt: z.string(),
  content: z.looseObject({ efforts: z.array(z.looseObject({ what: z.string(), responsible: z.enum(EFFORT_RESPONSIBLE) })) }),
  changes: z.array(z.unknown()),
});

export const planOpenAction = viewAction('plan.open', showPlan, 'open');
export const crisisOpenAction = viewAction('crisis.open', showCrisisPlan, 'open');

/** Runs a plan change; a refusal shows the card with the reason and what was typed (the card scrubs any personnummer). */
async function planChange<T extends object>(
  ctx: HandlerContext,
  code: string,
  apply: (state: CaseState, actor: Actor, clock: Clock) => AnyChange,
  render: (cardCtx: CaseCardContext, state: CaseState, typed?: T) => ReturnType<CaseRenderer>,
  typed?: T,
) {
  const outcome = await runCaseChange(ctx, code, (state) => apply(state, actorOf(ctx), clockOf(ctx)));
  if (outcome.kind === 'refused') {
    return { kind: 'card' as const, card: refusedCard(ctx, outcome.change, outcome.stored.state, (cardCtx, state) => render(cardCtx, state, typed)) };
  }
  return { kind: 'card' as const, card: render(cardContext(ctx), outcome.stored.state) };
}

export const planSaveAction = defineAction({
  verb: 'plan.save',
  data: codeData.extend({
    rev,
    ownGoals: text,
    personDoesThemselves: text,
    ownResources: text,
    overallResponsible: z.enum(['region', 'kommun', '']).optional(),
    followUpDate: text,
    noOtherParties: z.enum(['true', 'false']).optional(),
    regionNoEffortsReason: text,
    kommunNoEffortsReason: text,
    confirmedDay,
  }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    // A follow-up date on a weekend or holiday is asked about once; saving the same day again keeps it.
    const question = dayOffQuestion(ctx.locale, data.followUpDate, data.confirmedDay, pt(cardContext(ctx), 'plan.save'));
    const basics = {
      ownGoals: data.ownGoals,
      personDoesThemselves: data.personDoesThemselves,
      ownResources: data.ownResources,
      overallResponsible: data.overallResponsible === '' ? undefined : data.overallResponsible,
      followUpDate: data.followUpDate,
      noOtherParties: data.noOtherParties === 'true',
      regionNoEffortsReason: data.regionNoEffortsReason,
      kommunNoEffortsReason: data.kommunNoEffortsReason,
    };
    if (question !== undefined) {
      const { stored } = await loadAccessibleCase(ctx, code);
      const plan = planOf(stored.state);
      // A card older than the plan is refused as stale by the save itself: no question that would hand it a fresh rev.
      if (plan.rev === data.rev && plan.followUpDate !== data.followUpDate) return { kind: 'card', card: planCard(cardContext(ctx, question), stored.state, basics, data.followUpDate) };
    }
    return planChange(ctx, code, (state, actor, clock) => savePlanBasics(state, { ...basics, rev: data.rev }, actor, clock), planCard, basics);
  },
});

/** The plan's own inputs, sent along with every button on the card (associatedInputs "auto"). */
const planInputs = {
  ownGoals: text,
  personDoesThemselves: text,
  ownResources: text,
  overallResponsible: z.enum(['region', 'kommun', '']).optional(),
  followUpDate: text,
  noOtherParties: z.enum(['true', 'false']).optional(),
  regionNoEffortsReason: text,
  kommunNoEffortsReason: text,
};
const typedPlan = (data: {
  ownGoals?: string | undefined;
  personDoesThemselves?: string | undefined;
  ownResources?: string | undefined;
  overallResponsible?: string | undefined;
  followUpDate?: string | undefined;
  noOtherParties?: string | undefined;
  regionNoEffortsReason?: string | undefined;
  kommunNoEffortsReason?: string | undefined;
}): PlanBasics | undefined =>
  data.ownGoals === undefined && data.personDoesThemselves === undefined && data.followUpDate === undefined
    ? undefined
    : {
        ownGoals: data.ownGoals,
        personDoesThemselves: data.personDoesThemselves,
        ownResources: data.ownResources,
        overallResponsible: data.overallResponsible === 'region' ? 'region' : data.overallResponsible === 'kommun' ? 'kommun' : undefined,
        followUpDate: data.followUpDate,
        noOtherParties: data.noOtherParties === 'true',
        regionNoEffortsReason: data.regionNoEffortsReason,
        kommunNoEffortsReason: data.kommunNoEffortsReason,
      };

export const planEffortAddAction = defineAction({
  verb: 'plan.effort.add',
  data: codeData.extend({ rev, effortWhat: text, effortHowOften: text, effortFrom: text, effortResponsible: z.enum(EFFORT_RESPONSIBLE), effortOtherParty: text, effortGoal: goalId, ...planInputs }),
  handle: async (ctx, data) =>
    planChange(
      ctx,
      requireCode(data.code),
      (state, actor, clock) =>
        addEffort(
          state,
          { what: data.effortWhat, howOften: data.effortHowOften, from: data.effortFrom, responsible: data.effortResponsible, otherParty: data.effortOtherParty, goal: chosenGoal(data.effortGoal), rev: data.rev },
          actor,
          clock,
        ),
      // What was typed in the plan's own fields but not yet saved stays on the card.
      (cardCtx, state) => planCard(cardCtx, state, typedPlan(data)),
    ),
});

export const planEffortRemoveAction = defineAction({
  verb: 'plan.effort.remove',
  data: codeData.extend({ rev, effortId: z.string().regex(/^E\d{1,4}$/) }),
  handle: async (ctx, data) => planChange(ctx, requireCode(data.code), (state, actor, clock) => removeEffort(state, { effortId: data.effortId, rev: data.rev }, actor, clock), planRenderer),
});

/** A goal chosen on the card: the "no goal" choice is none. */
const chosenGoal = (value: string | undefined): string | undefined => (value === NO_GOAL ? undefined : value);

/** "Lägg till mål eller delmål": a button in the card's body, so the plan's own inputs come along and stay as typed. */
export const planGoalAddAction = defineAction({
  verb: 'plan.goal.add',
  data: codeData.extend({ rev, goalText: text, goalPartOf: goalId, goalBy: dateText, ...planInputs }),
  handle: async (ctx, data) =>
    planChange(
      ctx,
      requireCode(data.code),
      (state, actor, clock) => addGoal(state, { text: data.goalText, partOf: chosenGoal(data.goalPartOf), by: data.goalBy, rev: data.rev }, actor, clock),
      (cardCtx, state) => planCard(cardCtx, state, typedPlan(data)),
    ),
});

export const planGoalRemoveAction = defineAction({
  verb: 'plan.goal.remove',
  data: codeData.extend({ rev, goalId: z.string().regex(/^G\d{1,4}$/) }),
  handle: async (ctx, data) => planChange(ctx, requireCode(data.code), (state, actor, clock) => removeGoal(state, { goalId: data.goalId, rev: data.rev }, actor, clock), planRenderer),
});

export const planEstablishAction = defineAction({
  verb: 'plan.establish',
  data: codeData.extend({ rev, withPerson: z.enum(['yes', 'no']).optional() }),
  handle: async (ctx, data) => planChange(ctx, requireCode(data.code), (state, actor, clock) => establishPlan(state, { rev: data.rev, withPerson: data.withPerson }, actor, clock), planRenderer),
});

export const crisisSaveAction = defineAction({
  verb: 'crisis.save',
  data: codeData.extend({ rev, triggers: text, personDoesThemselves: text, reviewDate: text, confirmedDay }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const basics = { triggers: data.triggers, personDoesThemselves: data.personDoesThemselves, reviewDate: data.reviewDate };
    const question = dayOffQuestion(ctx.locale, data.reviewDate, data.confirmedDay, pt(cardContext(ctx), 'crisis.save'));
    if (question !== undefined) {
      const { stored } = await loadAccessibleCase(ctx, code);
      const crisis = crisisPlanOf(stored.state);
      if (crisis.rev === data.rev && crisis.reviewDate !== data.reviewDate) return { kind: 'card', card: crisisPlanCard(cardContext(ctx, question), stored.state, basics, data.reviewDate) };
    }
    return planChange(ctx, code, (state, actor, clock) => saveCrisisPlan(state, { ...basics, rev: data.rev }, actor, clock), crisisPlanCard, basics);
  },
});

export const crisisSignAddAction = defineAction({
  verb: 'crisis.sign.add',
  data: codeData.extend({
    rev,
    signDescription: text,
    signDescribedBy: z.enum(SIGN_DESCRIBED_BY),
    action_personen: text,
    action_narstaende: text,
    action_kommun: text,
    action_region: text,
    signContact: text,
    triggers: text,
    personDoesThemselves: text,
    reviewDate: text,
  }),
  handle: async (ctx, data) =>
    planChange(
      ctx,
      requireCode(data.code),
      (state, actor, clock) =>
        addSign(
          state,
          {
            description: data.signDescription,
            describedBy: data.signDescribedBy,
            actions: { personen: data.action_personen, narstaende: data.action_narstaende, kommun: data.action_kommun, region: data.action_region },
            contact: data.signContact,
            rev: data.rev,
          },
          actor,
          clock,
        ),
      // What was typed in the plan's own fields but not yet saved stays on the card.
      (cardCtx, state) =>
        crisisPlanCard(cardCtx, state, data.triggers === undefined && data.reviewDate === undefined ? undefined : { triggers: data.triggers, personDoesThemselves: data.personDoesThemselves, reviewDate: data.reviewDate }),
    ),
});

export const crisisSignRemoveAction = defineAction({
  verb: 'crisis.sign.remove',
  data: codeData.extend({ rev, signId: z.string().regex(/^S\d{1,4}$/) }),
  handle: async (ctx, data) => planChange(ctx, requireCode(data.code), (state, actor, clock) => removeSign(state, { signId: data.signId, rev: data.rev }, actor, clock), crisisRenderer),
});

/**
 * "Exportera": the plan as a plain text message in the conversation, to paste into the journal
 * or hand over. The card stays as it is, with a note; the export is audited.
 */
function exportAction(verb: 'plan.export' | 'crisis.export') {
  return defineAction({
    verb,
    data: codeData,
    handle: async (ctx, data) => {
      const code = requireCode(data.code);
      const { stored } = await loadAccessibleCase(ctx, code);
      const cardCtx = cardContext(ctx);
      const exported = verb === 'plan.export' ? planExportText(cardCtx, stored.state) : crisisPlanExportText(cardCtx, stored.state);
      await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed(verb === 'plan.export' ? 'plan.exported' : 'crisis.exported', actorOf(ctx), clockOf(ctx))]);
      await ctx.turn.sendActivity({ ...MessageFactory.text(exportMarkdown(exported)), textFormat: 'markdown' });
      const notice = pt(cardCtx, verb === 'plan.export' ? 'plan.exported' : 'crisis.exported');
      return { kind: 'card', card: (verb === 'plan.export' ? planRenderer : crisisRenderer)(cardContext(ctx, notice, 'done'), stored.state) };
    },
  });
}

export const planExportAction = exportAction('plan.export');

/**
 * One upprättad version of the plan as text, as it was agreed: the one in force from the case, an
 * earlier one from its kept copy. A version that does not exist (a forged or mistyped number) is
 * refused on the card.
 */
export const planVersionExportAction = defineAction({
  verb: 'plan.version.export',
  // The button sits in a ShowCard of the plan card, so the card's inputs come along: they are shown
  // again as typed, not lost to a read-only request.
  data: codeData.extend({ version: z.string().regex(/^\d{1,4}$/).transform(Number), ...planInputs }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const { stored } = await loadAccessibleCase(ctx, code);
    const typed = typedPlan(data);
    const inForce = versionInForce(planOf(stored.state));
    const version =
      inForce !== undefined && inForce.version === data.version
        ? inForce
        : planVersionSchema.safeParse((await ctx.services.cases.snapshots(tenantOf(ctx), code, planVersionKey(data.version)))[0]?.content).data;
    const cardCtx = cardContext(ctx);
    if (version === undefined || version.version !== data.version) return { kind: 'card', card: planCard(cardContext(ctx, pt(cardCtx, 'plan.versionMissing')), stored.state, typed) };
    await ctx.services.cases.appendAudit(tenantOf(ctx), code, [versionExported(data.version, actorOf(ctx), clockOf(ctx))]);
    await ctx.turn.sendActivity({ ...MessageFactory.text(exportMarkdown(planVersionExportText(cardCtx, code, version as PlanVersion))), textFormat: 'markdown' });
    return { kind: 'card', card: planCard(cardContext(ctx, pt(cardCtx, 'plan.exported'), 'done'), stored.state, typed) };
  },
});

export const crisisExportAction = exportAction('crisis.export');
