import type { AdaptiveCard } from '../cards/card-template';
import type { CaseCardContext } from '../cards/case-card-parts';
import { fieldProblemText, t } from '../cards/case-card-parts';
import { sipProblemText } from '../cards/sip-card-parts';
import type { Change } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import type { SipChange, SipProblem } from '../domain/sip-commands';
import type { PlanChange, PlanPart, PlanProblem } from '../domain/plan-commands';
import { planProblemText, pt } from '../cards/plan-card-parts';
import type { CaseTextKey } from '../i18n/case-texts';
import { UserError } from '../i18n/errors';
import { CaseBusyError, updateCase, type Applied, type UpdateOutcome } from '../storage/case-updater';
import type { StoredCase } from '../storage/case-repository';
import type { HandlerContext } from './bot-context';
import { accessTo, cardContext, clockOf, loadAccessibleCase, tenantOf } from './case-access';
import { consentCard } from '../cards/consent-card';
import { keepTyped, markInputs, typedDiffers, type ShownValue } from '../cards/scrub-typed';
import { containsPersonnummer } from '../domain/personnummer';
import { literalText } from '../cards/literal-text';
import { isIsoDate } from '../domain/calendar-date';
import { formatDate } from '../i18n/dates';

/** Renders a case card from state, with an optional note at the top. */
export type CaseRenderer = (cardCtx: CaseCardContext, state: CaseState) => AdaptiveCard;

/** Every kind of change a case card can ask for. */
export type AnyChange = Change | SipChange | PlanChange | EstablishRefusal;
type EstablishRefusal = { readonly ok: false; readonly error: 'incomplete'; readonly missing: readonly PlanPart[] };
export type Refusal = Extract<AnyChange, { ok: false }>;
type NotCoordinator = { readonly ok: false; readonly error: 'notCoordinator' };
const NOT_COORDINATOR: NotCoordinator = { ok: false, error: 'notCoordinator' };

/**
 * Runs one change of a case for the turn's user: access is checked on the first read and again
 * on the state being written; a case that keeps changing under us becomes "try again".
 */
export async function runCaseChange<C extends AnyChange>(
  ctx: HandlerContext,
  code: string,
  apply: (state: CaseState) => C,
): Promise<Exclude<UpdateOutcome<Extract<C, { ok: false }> | NotCoordinator>, { kind: 'missing' }>> {
  // The read that checks access is also the first attempt's: a change made since fails its ETag.
  const { stored } = await loadAccessibleCase(ctx, code);
  return updateInTurn<Extract<C, { ok: false }> | NotCoordinator>(
    ctx,
    code,
    (state) => (accessTo(ctx, state) === 'none' ? NOT_COORDINATOR : (apply(state) as Exclude<C, { ok: false }> | Extract<C, { ok: false }>)),
    stored,
  );
}

/**
 * updateCase as a turn answers it: a case that kept changing under every attempt is "try again",
 * one that is gone is "no such case".
 */
export async function updateInTurn<R extends { readonly ok: false }>(
  ctx: HandlerContext,
  code: string,
  apply: (state: CaseState) => Applied<R>,
  stored: StoredCase,
): Promise<Exclude<UpdateOutcome<R>, { kind: 'missing' }>> {
  let outcome: UpdateOutcome<R>;
  try {
    outcome = await updateCase<R>(ctx.services.cases, tenantOf(ctx), code, apply, stored);
  } catch (err) {
    if (err instanceof CaseBusyError) throw new UserError('caseBusy');
    throw err;
  }
  if (outcome.kind === 'missing') throw new UserError('caseNotFound');
  return outcome;
}

/**
 * Runs one change of a case from a card and answers with the card rebuilt from what is stored.
 * A refused change (stale card, closed case, missing reason…) stores nothing and shows the
 * current state with a note saying why, and what was `typed` back in its inputs (see refusedCard).
 */
export async function changeCase(ctx: HandlerContext, code: string, apply: (state: CaseState) => AnyChange, render: CaseRenderer, typed?: Readonly<Record<string, unknown>>, inputOf?: InputOf): Promise<AdaptiveCard> {
  const outcome = await runCaseChange(ctx, code, apply);
  if (outcome.kind === 'refused') return refusedCard(ctx, outcome.change, outcome.stored.state, render, typed, inputOf);
  return render(cardContext(ctx), outcome.stored.state);
}

/**
 * The card that answers a refused change: the card pressed, with why at the top and what was
 * `typed` back in its inputs; or, when the step needs the person's consent, the consent card, so
 * that the way on is one press away.
 */
export function refusedCard(ctx: HandlerContext, change: Refusal, state: CaseState, render: CaseRenderer, typed?: Readonly<Record<string, unknown>>, inputOf?: InputOf): AdaptiveCard {
  if (change.error === 'noConsent') return consentCardFor(ctx, state, t(cardContext(ctx), 'case.noConsent'));
  if (typed === undefined) return render(cardContext(ctx, refusalText(cardContext(ctx), change)), state);
  if (change.error === 'stale') return staleCard(ctx, state, render, typed);
  const card = keepTyped(render(cardContext(ctx, refusalText(cardContext(ctx), change)), state), typed);
  return markInputs(card, problemsAtInputs(cardContext(ctx), change, inputOf));
}

/**
 * A card pressed after a colleague changed the case: the card as it is now, with what was typed
 * put back (`render` draws it from what is stored) and, under each of the `fields` that show a
 * stored value where that differs, what is saved now; so that pressing again overwrites nothing
 * unseen. An input the client left out (it sends no empty one) shows what is stored. A
 * personnummer typed is emptied, and said so under its field.
 */
export function staleCard(ctx: HandlerContext, state: CaseState, render: CaseRenderer, typed: Readonly<Record<string, unknown>>, fields: readonly string[] = []): AdaptiveCard {
  const plain = cardContext(ctx);
  const notice = typedDiffers(render(plain, state), typed, fields) ? 'case.changedTypedKept' : 'case.changedKept';
  const line = (stored: ShownValue): string => {
    if (stored.kind === 'toggle') return t(plain, stored.on ? 'case.savedNowOn' : 'case.savedNowOff');
    if (stored.value.trim() === '') return t(plain, 'case.savedNowNothing');
    return t(plain, 'case.savedNow', { value: stored.kind === 'date' && isIsoDate(stored.value) ? formatDate(stored.value, ctx.locale) : literalText(stored.value) });
  };
  const card = keepTyped(render(cardContext(ctx, t(plain, notice)), state), typed, { fields, line });
  const removed = Object.entries(typed).filter(([, v]) => typeof v === 'string' && containsPersonnummer(v));
  return markInputs(card, Object.fromEntries(removed.map(([id]) => [id, t(plain, 'case.pnrRemoved')])));
}

/** A plan refusal's problems, which the card names under their fields; none for other refusals. */
export function planProblemsOf(change: Refusal): readonly PlanProblem[] | undefined {
  return 'problems' in change && change.about === 'plan' ? change.problems : undefined;
}

/** The card's input for a field the domain names, where the two differ (a reason named after its meeting). */
export type InputOf = Readonly<Record<string, string>>;

/** A refusal's problems by the input they concern, for markInputs. */
export function problemsAtInputs(cardCtx: CaseCardContext, change: Refusal, inputOf: InputOf = {}): Record<string, string> {
  const at: Record<string, string> = {};
  const add = (field: string, text: string) => {
    const id = inputOf[field] ?? field;
    at[id] = at[id] === undefined ? text : `${at[id]} ${text}`;
  };
  if ('problems' in change) for (const p of change.problems) add(p.field, change.about === 'plan' ? planProblemText(cardCtx, p as PlanProblem) : sipProblemText(cardCtx, p as SipProblem));
  else if ('problem' in change && change.problem !== undefined) add(change.problem.field, fieldProblemText(cardCtx, change.problem));
  return at;
}

export function consentCardFor(ctx: HandlerContext, state: CaseState, notice?: string): AdaptiveCard {
  return consentCard(cardContext(ctx, notice), state, accessTo(ctx, state), clockOf(ctx).now);
}

/** Why a change was refused, in words. */
export function refusalText(cardCtx: CaseCardContext, change: Refusal): string {
  if ('missing' in change) return pt(cardCtx, 'plan.notComplete');
  if ('problems' in change) return change.about === 'plan' ? change.problems.map((p) => planProblemText(cardCtx, p)).join(' ') : change.problems.map((p) => sipProblemText(cardCtx, p)).join(' ');
  if ('problem' in change && change.problem !== undefined) return fieldProblemText(cardCtx, change.problem);
  const key: Record<typeof change.error, CaseTextKey> = {
    stale: 'case.changed',
    notNextPhase: 'case.changed',
    caseClosed: 'case.closedRefused',
    itemNotOpen: 'case.answerB1First',
    reasonRequired: 'problem.required',
    invalidField: 'problem.required',
    notCoordinator: 'case.onlyCoordinators',
    noConsent: 'case.noConsent',
    noPhases: 'case.noPhases',
    noEvaluation: 'case.noEvaluation',
  };
  return t(cardCtx, key[change.error], { field: t(cardCtx, 'field.reason') });
}
