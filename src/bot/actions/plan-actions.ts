import { MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { CRISIS_FIELDS, crisisPlanCard, type CrisisForm } from '../../cards/crisis-plan-card';
import { NO_GOAL, PLAN_FIELDS, planCard, type PlanForm } from '../../cards/plan-card';
import type { AdaptiveCard } from '../../cards/card-template';
import type { StoredCase } from '../../storage/case-repository';
import { crisisPlanExportText, exportMarkdown, planExportText, planVersionExportText } from '../../cards/plan-export';
import { pt } from '../../cards/plan-card-parts';
import { t, type CaseCardContext } from '../../cards/case-card-parts';
import { versionExported, viewed, type Clock } from '../../domain/case-commands';
import type { Actor, CaseState } from '../../domain/case-model';
import {
  addEffort,
  addGoal,
  addSign,
  crisisPlanOf,
  establishPlan,
  planBasicsDiffer,
  planOf,
  planVersionKey,
  removeEffort,
  removeGoal,
  removeSign,
  saveCrisisPlan,
  savePlanBasics,
  unsavedCrisisBasics,
  unsavedPlanBasics,
  withoutProposal,
  versionInForce,
  type CrisisBasics,
  type PlanBasics,
  type PlanProblem,
} from '../../domain/plan-commands';
import { EFFORT_RESPONSIBLE, SIGN_DESCRIBED_BY, type PlanVersion } from '../../domain/plan-model';
import { defineAction } from '../action-router';
import type { HandlerContext } from '../bot-context';
import { actorOf, cardContext, clockOf, loadAccessibleCase, requireCode, tenantOf } from '../case-access';
import { planProblemsOf, refusedCard, runCaseChange, staleCard, type AnyChange, type CaseRenderer } from '../case-change';
import { sipWritableBy } from '../../domain/sip-holder';
import { planRenderer, showCrisisPlan, showPlan } from '../plan-views';
import { showHub } from '../case-views';
import { allInputs, confirmedDay, discard, rev } from './card-fields';
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

/** A plan change's refusal, as far as a card can show it under its fields. */
type ShownRefusal = { readonly problems?: readonly PlanProblem[] | undefined };

/**
 * Runs a plan or crisis-plan change and answers with its card: after a refusal it shows why and,
 * through `render`, what was typed (the card scrubs any personnummer). A card pressed after a
 * colleague's change shows it as it is now (`stale.plain`), with what was `stale.typed` kept.
 */
async function planChange(
  ctx: HandlerContext,
  code: string,
  apply: (state: CaseState, actor: Actor, clock: Clock) => AnyChange,
  render: (cardCtx: CaseCardContext, state: CaseState, refusal?: ShownRefusal) => AdaptiveCard,
  stale?: { readonly plain: CaseRenderer; readonly typed: Readonly<Record<string, unknown>> },
): Promise<{ kind: 'card'; card: AdaptiveCard }> {
  const outcome = await runCaseChange(ctx, code, (state) => apply(state, actorOf(ctx), clockOf(ctx)));
  if (outcome.kind !== 'refused') return { kind: 'card', card: render(cardContext(ctx), outcome.stored.state) };
  const { change, stored } = outcome;
  if (change.error === 'stale' && stale !== undefined) return { kind: 'card', card: staleCard(ctx, stored.state, stale.plain, stale.typed, CRISIS_FIELDS) };
  return { kind: 'card', card: refusedCard(ctx, change, stored.state, (cardCtx, state) => render(cardCtx, state, { problems: planProblemsOf(change) })) };
}

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
const planForm = codeData.extend({ rev, confirmedDay, ...planInputs });
type PlanFormData = z.infer<typeof planForm>;

/**
 * The plan's own fields as the card sent them. The renderers leave an emptied input out, so an
 * input not sent is empty; the toggle always has a value, so a card without it (and without any
 * of the fields) sent no plan fields at all.
 */
function typedPlan(data: Omit<PlanFormData, 'code' | 'rev'>): PlanBasics | undefined {
  if (data.noOtherParties === undefined && data.ownGoals === undefined && data.personDoesThemselves === undefined && data.followUpDate === undefined) return undefined;
  return {
    ownGoals: data.ownGoals,
    personDoesThemselves: data.personDoesThemselves,
    ownResources: data.ownResources,
    overallResponsible: data.overallResponsible === '' ? undefined : data.overallResponsible,
    followUpDate: data.followUpDate,
    noOtherParties: data.noOtherParties === 'true',
    regionNoEffortsReason: data.regionNoEffortsReason,
    kommunNoEffortsReason: data.kommunNoEffortsReason,
  };
}

/**
 * Saves the plan's own fields as they are on the card before the button's own change, so that
 * every button acts on what is on the screen: "Markera upprättad" with an unsaved tick saves the
 * tick first. Answers with a card when saving needs one first: a refusal (what was typed kept,
 * with `keep` for the button's own panel), or the question about a follow-up date on a day off.
 * The save and the button's change are the two steps a user could take (Spara, then the button):
 * a failure between them leaves the plan saved, not half-changed. Goals the card only proposes
 * from the förmöte are taken as the plan's by Spara (`takesProposal`), not by other buttons.
 */
async function saveTypedFirst(
  ctx: HandlerContext,
  code: string,
  data: PlanFormData,
  button: string,
  keep: PlanForm = {},
  takesProposal = false,
): Promise<{ card: AdaptiveCard } | { rev: number; saved?: StoredCase }> {
  const typed = typedPlan(data);
  if (typed === undefined) return { rev: data.rev };
  const question = dayOffQuestion(ctx.locale, data.followUpDate, data.confirmedDay, button);
  if (question !== undefined) {
    const { stored } = await loadAccessibleCase(ctx, code);
    const plan = planOf(stored.state);
    // A card older than the plan is refused as stale by the save itself: no question that would hand it a fresh rev.
    if (plan.rev === data.rev && plan.followUpDate !== data.followUpDate) return { card: planCard(cardContext(ctx, question), stored.state, { ...keep, typed, confirmedDay: data.followUpDate }) };
  }
  const actor = actorOf(ctx);
  const outcome = await runCaseChange(ctx, code, (state) => {
    const toSave = takesProposal ? typed : withoutProposal(state, typed);
    // Nothing to save: the same as stored (a stale card's export, a follow-up date that has passed
    // since is no reason to refuse), or a viewer who may not change the plan (an export of a closed case).
    if (!sipWritableBy(state, actor.aadObjectId) || !planBasicsDiffer(state, toSave)) return { ok: true as const, state, audit: [] };
    return savePlanBasics(state, { ...toSave, rev: data.rev }, actor, clockOf(ctx));
  });
  if (outcome.kind === 'refused') {
    const { change, stored } = outcome;
    if (change.error === 'stale') return { card: staleCard(ctx, stored.state, planAsStored, data, PLAN_FIELDS) };
    return { card: refusedCard(ctx, change, stored.state, (cardCtx, state) => planCard(cardCtx, state, { ...keep, typed, problems: planProblemsOf(change) })) };
  }
  return outcome.kind === 'changed' ? { rev: planOf(outcome.stored.state).rev, saved: outcome.stored } : { rev: data.rev };
}

export const planSaveAction = defineAction({
  verb: 'plan.save',
  data: planForm,
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.save'), {}, true);
    if ('card' in saved) return { kind: 'card', card: saved.card };
    if (saved.saved === undefined) return { kind: 'card', card: await showPlan(ctx, code, { audit: false }) };
    return { kind: 'card', card: planCard(cardContext(ctx, pt(cardContext(ctx), 'plan.savedNotice'), 'done'), saved.saved.state) };
  },
});

export const planEffortAddAction = defineAction({
  verb: 'plan.effort.add',
  data: planForm.extend({ effortWhat: text, effortHowOften: text, effortFrom: text, effortResponsible: z.enum(EFFORT_RESPONSIBLE), effortOtherParty: text, effortGoal: goalId }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const effort = { what: data.effortWhat, howOften: data.effortHowOften, from: data.effortFrom, responsible: data.effortResponsible, otherParty: data.effortOtherParty, goal: data.effortGoal };
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.addEffort'), { effort });
    if ('card' in saved) return { kind: 'card', card: saved.card };
    return planChange(
      ctx,
      code,
      (state, actor, clock) => addEffort(state, { ...effort, goal: chosenGoal(data.effortGoal), rev: saved.rev }, actor, clock),
      (cardCtx, state, refusal) => planCard(cardCtx, state, refusal === undefined ? {} : { effort, problems: refusal.problems }),
    );
  },
});

export const planEffortRemoveAction = defineAction({
  verb: 'plan.effort.remove',
  data: planForm.extend({ effortId: z.string().regex(/^E\d{1,4}$/) }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.remove', { id: data.effortId }));
    if ('card' in saved) return { kind: 'card', card: saved.card };
    return planChange(ctx, code, (state, actor, clock) => removeEffort(state, { effortId: data.effortId, rev: saved.rev }, actor, clock), planRenderer);
  },
});

/** A goal chosen on the card: the "no goal" choice is none. */
const chosenGoal = (value: string | undefined): string | undefined => (value === NO_GOAL ? undefined : value);

/** "Lägg till mål eller delmål": the plan's own inputs come along and are saved first. */
export const planGoalAddAction = defineAction({
  verb: 'plan.goal.add',
  data: planForm.extend({ goalText: text, goalPartOf: goalId, goalBy: dateText }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const goal = { text: data.goalText, partOf: data.goalPartOf, by: data.goalBy };
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.addGoal'), { goal });
    if ('card' in saved) return { kind: 'card', card: saved.card };
    return planChange(
      ctx,
      code,
      (state, actor, clock) => addGoal(state, { ...goal, partOf: chosenGoal(data.goalPartOf), rev: saved.rev }, actor, clock),
      (cardCtx, state, refusal) => planCard(cardCtx, state, refusal === undefined ? {} : { goal, problems: refusal.problems }),
    );
  },
});

export const planGoalRemoveAction = defineAction({
  verb: 'plan.goal.remove',
  data: planForm.extend({ goalId: z.string().regex(/^G\d{1,4}$/) }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.remove', { id: data.goalId }));
    if ('card' in saved) return { kind: 'card', card: saved.card };
    return planChange(ctx, code, (state, actor, clock) => removeGoal(state, { goalId: data.goalId, rev: saved.rev }, actor, clock), planRenderer);
  },
});

/** "Markera upprättad": what is on the card is saved first, so an unsaved tick counts. */
export const planEstablishAction = defineAction({
  verb: 'plan.establish',
  data: planForm.extend({ withPerson: z.enum(['yes', 'no']).optional() }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const saved = await saveTypedFirst(ctx, code, data, pt(cardContext(ctx), 'plan.establishConfirm'));
    if ('card' in saved) return { kind: 'card', card: saved.card };
    return planChange(ctx, code, (state, actor, clock) => establishPlan(state, { rev: saved.rev, withPerson: data.withPerson }, actor, clock), planRenderer);
  },
});

/** The crisis plan's own inputs, sent along with every button on its card. */
const crisisInputs = { triggers: text, personDoesThemselves: text, reviewDate: text, inputs: allInputs };
const crisisForm = codeData.extend({ rev, ...crisisInputs });

/**
 * The crisis plan's own fields as the card sent them, an input it left out read as emptied (see
 * allInputs); none from an older card that sent none of them.
 */
const typedCrisis = (data: { triggers?: string | undefined; personDoesThemselves?: string | undefined; reviewDate?: string | undefined; inputs?: 'all' | undefined }): CrisisBasics | undefined =>
  data.inputs !== 'all' && data.triggers === undefined && data.personDoesThemselves === undefined && data.reviewDate === undefined
    ? undefined
    : { triggers: data.triggers ?? '', personDoesThemselves: data.personDoesThemselves ?? '', reviewDate: data.reviewDate ?? '' };

export const crisisSaveAction = defineAction({
  verb: 'crisis.save',
  data: crisisForm.extend({ confirmedDay }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const typed = { triggers: data.triggers, personDoesThemselves: data.personDoesThemselves, reviewDate: data.reviewDate };
    const question = dayOffQuestion(ctx.locale, data.reviewDate, data.confirmedDay, pt(cardContext(ctx), 'crisis.save'));
    if (question !== undefined) {
      const { stored } = await loadAccessibleCase(ctx, code);
      const crisis = crisisPlanOf(stored.state);
      if (crisis.rev === data.rev && crisis.reviewDate !== data.reviewDate) return { kind: 'card', card: crisisPlanCard(cardContext(ctx, question), stored.state, { typed, confirmedDay: data.reviewDate }) };
    }
    return planChange(
      ctx,
      code,
      (state, actor, clock) => saveCrisisPlan(state, { ...typed, rev: data.rev }, actor, clock),
      (cardCtx, state, refusal) => crisisPlanCard(cardCtx, state, refusal === undefined ? {} : { typed, problems: refusal.problems }),
      { plain: crisisPlain, typed: data },
    );
  },
});

/*
 * The sign buttons change the list of signs and keep the plan's own fields on the card as typed,
 * not saved: saving the crisis plan makes a new version (and ticks B7), which only Spara does.
 */

export const crisisSignAddAction = defineAction({
  verb: 'crisis.sign.add',
  data: crisisForm.extend({
    signDescription: text,
    signDescribedBy: z.enum(SIGN_DESCRIBED_BY),
    action_personen: text,
    action_narstaende: text,
    action_kommun: text,
    action_region: text,
    signContact: text,
  }),
  handle: async (ctx, data) => {
    const sign = {
      description: data.signDescription,
      describedBy: data.signDescribedBy,
      personen: data.action_personen,
      narstaende: data.action_narstaende,
      kommun: data.action_kommun,
      region: data.action_region,
      contact: data.signContact,
    };
    const typed = typedCrisis(data);
    return planChange(
      ctx,
      requireCode(data.code),
      (state, actor, clock) =>
        addSign(
          state,
          { description: sign.description, describedBy: sign.describedBy, actions: { personen: sign.personen, narstaende: sign.narstaende, kommun: sign.kommun, region: sign.region }, contact: sign.contact, rev: data.rev },
          actor,
          clock,
        ),
      (cardCtx, state, refusal) => crisisPlanCard(cardCtx, state, { typed, ...(refusal === undefined ? {} : { sign, problems: refusal.problems }) }),
      { plain: crisisPlain, typed: data },
    );
  },
});

export const crisisSignRemoveAction = defineAction({
  verb: 'crisis.sign.remove',
  data: crisisForm.extend({ signId: z.string().regex(/^S\d{1,4}$/) }),
  handle: async (ctx, data) =>
    planChange(
      ctx,
      requireCode(data.code),
      (state, actor, clock) => removeSign(state, { signId: data.signId, rev: data.rev }, actor, clock),
      (cardCtx, state) => crisisPlanCard(cardCtx, state, { typed: typedCrisis(data) }),
      { plain: crisisPlain, typed: data },
    ),
});

/** The crisis-plan card as stored, to compare a stale card's typed values with. */
const crisisPlain: CaseRenderer = (cardCtx, state) => crisisPlanCard(cardCtx, state);

/** The plan card as stored, without the förmöte's proposed goals, to compare a stale card's typed values with. */
const planAsStored: CaseRenderer = (cardCtx, state) => planCard(cardCtx, state, { proposeGoals: false });

export const planExportAction = defineAction({
  verb: 'plan.export',
  // A card from before the export sent the plan's inputs sends only the code.
  data: planForm.extend({ rev: rev.optional() }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    // What is on the card is what is exported: it is saved first.
    const saved = data.rev === undefined ? undefined : await saveTypedFirst(ctx, code, { ...data, rev: data.rev }, pt(cardContext(ctx), 'plan.export'));
    if (saved !== undefined && 'card' in saved) return { kind: 'card', card: saved.card };
    return exportPlan(ctx, code, 'plan.export');
  },
});

export const crisisExportAction = defineAction({
  verb: 'crisis.export',
  data: codeData.extend({ rev: rev.optional(), ...crisisInputs }),
  handle: async (ctx, data) => exportPlan(ctx, requireCode(data.code), 'crisis.export', { typed: typedCrisis(data) }, data),
});

/**
 * "Exportera": the plan as a plain text message in the conversation, to paste into the journal
 * or hand over. The card stays as it is, with a note; the export is audited. The crisis plan
 * exports its saved version: what is typed on its card and not saved stays there, and the note
 * says it is not in the export.
 */
async function exportPlan(
  ctx: HandlerContext,
  code: string,
  verb: 'plan.export' | 'crisis.export',
  crisis: CrisisForm = {},
  sent: { readonly rev?: number | undefined } & Readonly<Record<string, unknown>> = {},
): Promise<{ kind: 'card'; card: AdaptiveCard }> {
  const { stored } = await loadAccessibleCase(ctx, code);
  const cardCtx = cardContext(ctx);
  const exported = verb === 'plan.export' ? planExportText(cardCtx, stored.state) : crisisPlanExportText(cardCtx, stored.state);
  await ctx.services.cases.appendAudit(tenantOf(ctx), code, [viewed(verb === 'plan.export' ? 'plan.exported' : 'crisis.exported', actorOf(ctx), clockOf(ctx))]);
  await ctx.turn.sendActivity({ ...MessageFactory.text(exportMarkdown(exported)), textFormat: 'markdown' });
  if (verb === 'plan.export') return { kind: 'card', card: planCard(cardContext(ctx, pt(cardCtx, 'plan.exported'), 'done'), stored.state) };
  const unsaved = crisis.typed !== undefined && unsavedCrisisBasics(stored.state, crisis.typed, actorOf(ctx), clockOf(ctx)) !== undefined;
  // From a card older than the crisis plan, what differs may be a colleague's change: the card says so.
  if (unsaved && sent.rev !== undefined && sent.rev !== crisisPlanOf(stored.state).rev) return { kind: 'card', card: staleCard(ctx, stored.state, crisisPlain, sent, CRISIS_FIELDS) };
  const notice = unsaved ? pt(cardCtx, 'crisis.exportedUnsaved', { save: pt(cardCtx, 'crisis.save') }) : pt(cardCtx, 'crisis.exported');
  // Exported, but what is on the card is not in it: a pointer, not a plain confirmation.
  return { kind: 'card', card: crisisPlanCard(cardContext(ctx, notice, unsaved ? 'info' : 'done'), stored.state, crisis) };
}


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
    if (version === undefined || version.version !== data.version) return { kind: 'card', card: planCard(cardContext(ctx, pt(cardCtx, 'plan.versionMissing')), stored.state, { typed }) };
    await ctx.services.cases.appendAudit(tenantOf(ctx), code, [versionExported(data.version, actorOf(ctx), clockOf(ctx))]);
    await ctx.turn.sendActivity({ ...MessageFactory.text(exportMarkdown(planVersionExportText(cardCtx, code, version as PlanVersion))), textFormat: 'markdown' });
    return { kind: 'card', card: planCard(cardContext(ctx, pt(cardCtx, 'plan.exported'), 'done'), stored.state, { typed }) };
  },
});



/**
 * "Till ärendet" from the plan or the crisis plan: what is typed and not saved is not left behind
 * unseen. The card asks once, with what was typed kept and any problem with it named under its
 * field; pressed again, it leaves without it. A viewer who may not change the plan just leaves.
 */
function leaveAction<T>(
  verb: 'plan.leave' | 'crisis.leave',
  inputs: typeof planInputs | typeof crisisInputs,
  typedOf: (data: Record<string, string | number | undefined>) => T | undefined,
  unsaved: (state: CaseState, typed: T, actor: Actor, clock: Clock) => { readonly problems: readonly PlanProblem[] } | undefined,
  asked: (cardCtx: CaseCardContext, state: CaseState, typed: T, problems: readonly PlanProblem[]) => AdaptiveCard,
  asStored: { readonly render: CaseRenderer; readonly fields: readonly string[]; readonly rev: (state: CaseState) => number },
) {
  return defineAction({
    verb,
    data: codeData.extend({ rev: rev.optional(), discard, ...inputs }),
    handle: async (ctx, data) => {
      const code = requireCode(data.code);
      const typed = typedOf(data);
      if (data.discard !== 'true' && typed !== undefined) {
        const { stored } = await loadAccessibleCase(ctx, code);
        const lost = unsaved(stored.state, typed, actorOf(ctx), clockOf(ctx));
        // A card older than what is stored differs by a colleague's change too: shown as such, not as the user's.
        if (lost !== undefined && data.rev !== undefined && data.rev !== asStored.rev(stored.state)) return { kind: 'card', card: staleCard(ctx, stored.state, asStored.render, data, asStored.fields) };
        if (lost !== undefined) return { kind: 'card', card: asked(cardContext(ctx, unsavedNotice(ctx)), stored.state, typed, lost.problems) };
      }
      return { kind: 'card', card: await showHub(ctx, code, { audit: true }) };
    },
  });
}

export const planLeaveAction = leaveAction('plan.leave', planInputs, typedPlan, unsavedPlanBasics, (cardCtx, state, typed, problems) => planCard(cardCtx, state, { typed, problems, discard: true }), {
  render: (cardCtx, state) => planAsStored(cardCtx, state),
  fields: PLAN_FIELDS,
  rev: (state) => planOf(state).rev,
});
export const crisisLeaveAction = leaveAction('crisis.leave', crisisInputs, typedCrisis, unsavedCrisisBasics, (cardCtx, state, typed, problems) => crisisPlanCard(cardCtx, state, { typed, problems, discard: true }), {
  render: (cardCtx, state) => crisisPlain(cardCtx, state),
  fields: CRISIS_FIELDS,
  rev: (state) => crisisPlanOf(state).rev,
});

const unsavedNotice = (ctx: HandlerContext): string => t(cardContext(ctx), 'form.unsaved', { back: t(cardContext(ctx), 'action.backToCase') });
